/**
 * Synthetic ONNX models for the reader's tests, built with the ONNX schema (onnx-buf) and serialised by
 * @bufbuild/protobuf — fields in field-number order, as onnx and PyTorch write them.
 *
 * `kitchenSinkModel` exercises what the reference corpus does not: typed data fields, external and sparse
 * initializers, a Constant larger than 64 KiB, int64 attributes beyond 2^53, untyped attributes, If nodes
 * with nested subgraphs, custom domains, metadata and doc strings. `tinyModel` is a few hundred bytes, for
 * cutting at every byte. Only tests import this module.
 */
import { create, toBinary, type MessageInitShape } from '@bufbuild/protobuf'
import { getTextEncoding } from '@bufbuild/protobuf/wire'
import {
  AttributeProtoSchema, GraphProtoSchema, ModelProtoSchema, NodeProtoSchema, OperatorSetIdProtoSchema,
  SparseTensorProtoSchema, StringStringEntryProtoSchema, TensorProtoSchema, TensorShapeProto_DimensionSchema,
  TensorShapeProtoSchema, TypeProto_TensorSchema, TypeProtoSchema, ValueInfoProtoSchema,
  type AttributeProto, type GraphProto, type NodeProto, type TensorProto, type ValueInfoProto,
} from 'onnx-buf'

export const FLOAT = 1, INT64 = 7

export function tensor(name: string, dataType: number, dims: number[], init: MessageInitShape<typeof TensorProtoSchema> = {}): TensorProto {
  return create(TensorProtoSchema, { ...init, name, dataType, dims: dims.map(BigInt) })
}

/** Little-endian bytes of float32 or int64 values. */
export function rawBytes(dataType: number, values: number[]): Uint8Array<ArrayBuffer> {
  const size = dataType === INT64 ? 8 : 4
  const b = new Uint8Array(values.length * size)
  const dv = new DataView(b.buffer)
  values.forEach((v, i) => (dataType === INT64 ? dv.setBigInt64(i * 8, BigInt(v), true) : dv.setFloat32(i * 4, v, true)))
  return b
}

export function attr(name: string, init: MessageInitShape<typeof AttributeProtoSchema>): AttributeProto {
  return create(AttributeProtoSchema, { ...init, name })
}

export function node(op: string, inputs: string[], outputs: string[], attrs: AttributeProto[] = [], name = '', domain = ''): NodeProto {
  return create(NodeProtoSchema, { opType: op, input: inputs, output: outputs, attribute: attrs, name, domain })
}

export function valueInfo(name: string, elemType: number, dims: (number | string | null)[] | null): ValueInfoProto {
  const shape = dims === null ? undefined : create(TensorShapeProtoSchema, {
    dim: dims.map((d) => create(TensorShapeProto_DimensionSchema, {
      value: d === null ? { case: undefined } : typeof d === 'number'
        ? { case: 'dimValue', value: BigInt(d) } : { case: 'dimParam', value: d },
    })),
  })
  return create(ValueInfoProtoSchema, {
    name,
    type: create(TypeProtoSchema, { value: { case: 'tensorType', value: create(TypeProto_TensorSchema, { elemType, shape }) } }),
  })
}

export function graph(init: MessageInitShape<typeof GraphProtoSchema>): GraphProto {
  return create(GraphProtoSchema, init)
}

const GRAPH = 5, TENSOR = 4, INT = 2, INTS = 7, FLOAT_A = 1, STRING = 3, STRINGS = 8

export function modelBytes(g: GraphProto, opset: Record<string, number> = { '': 17 }, extra: Record<string, unknown> = {}): Uint8Array {
  return toBinary(ModelProtoSchema, create(ModelProtoSchema, {
    irVersion: 8n,
    producerName: 'memoria-test',
    producerVersion: '0.1',
    graph: g,
    opsetImport: Object.entries(opset).map(([domain, v]) => create(OperatorSetIdProtoSchema, { domain, version: BigInt(v) })),
    ...extra,
  }))
}

/** A few hundred bytes: two nodes, one inline initializer with typed data, one external. */
export function tinyModel(): Uint8Array {
  return modelBytes(graph({
    name: 'tiny',
    node: [node('Reshape', ['x', 'shape'], ['r'], [], 'reshape'), node('Relu', ['r'], ['y'], [], 'relu')],
    initializer: [
      tensor('shape', INT64, [2], { int64Data: [1n, -1n] }),
      tensor('ext', FLOAT, [256], { dataLocation: 1, externalData: [entry('location', 'w.bin'), entry('offset', '0')] }),
    ],
    input: [valueInfo('x', FLOAT, [1, 'n', 4])],
    output: [valueInfo('y', FLOAT, [1, null])],
  }))
}

function text(s: string): Uint8Array<ArrayBuffer> {
  return new Uint8Array(getTextEncoding().encodeUtf8(s))
}

function entry(key: string, value: string) {
  return create(StringStringEntryProtoSchema, { key, value })
}

/** Bytes of the big Constant in `kitchenSinkModel` (more than 64 KiB, so its node is walked, not decoded). */
export const BIG_CONSTANT_ELEMENTS = 20_000

export function kitchenSinkModel(): Uint8Array {
  const bigConst = new Float32Array(BIG_CONSTANT_ELEMENTS).map((_, i) => i / 7)
  const nested = graph({
    name: 'nested',
    node: [node('If', ['cond'], ['n_out'], [
      attr('then_branch', { type: GRAPH, g: graph({ node: [node('Mul', ['w', 'w'], ['m'])], output: [valueInfo('m', FLOAT, null)] }) }),
      attr('else_branch', { type: GRAPH, g: graph({ node: [node('Identity', ['w'], ['i'])], output: [valueInfo('i', FLOAT, null)] }) }),
    ])],
  })
  const thenBranch = graph({
    name: 'then',
    node: [
      node('Constant', [], ['t1'], [attr('value', { type: TENSOR, t: tensor('', FLOAT, [10, 10], { rawData: rawBytes(FLOAT, new Array(100).fill(1)) }) })]),
      node('Add', ['t1', 'r'], ['then_out']),
    ],
    initializer: [tensor('tw', FLOAT, [5], { floatData: [1, 2, 3, 4, 5] })],
    output: [valueInfo('then_out', FLOAT, null)],
  })
  const elseBranch = graph({
    name: 'else',
    node: [node('Identity', ['r'], ['r2']), node('If', ['cond'], ['else_out'], [
      attr('then_branch', { type: GRAPH, g: nested }),
      attr('else_branch', { type: GRAPH, g: graph({ node: [node('Identity', ['r2'], ['e2'])] }) }),
    ])],
  })
  const g = graph({
    name: 'kitchen',
    docString: 'graph doc',
    node: [
      node('Reshape', ['x', 'shape'], ['r'], [], 'reshape'),
      node('Constant', [], ['c'], [attr('value', { type: TENSOR, t: tensor('', FLOAT, [BIG_CONSTANT_ELEMENTS], { rawData: new Uint8Array(bigConst.buffer) }) })], 'big_const'),
      node('Constant', [], ['c2'], [attr('value', { type: TENSOR, t: tensor('', INT64, [2], { rawData: rawBytes(INT64, [3, -4]) }) })]),
      node('Add', ['r', 'c'], ['a'], [
        attr('alpha', { type: FLOAT_A, f: 0.5 }),
        attr('axes', { type: INTS, ints: [-1n, 2n ** 60n + 1n] }),
        attr('mode', { type: STRING, s: text('nearest') }),
        attr('names', { type: STRINGS, strings: ['a', 'bé'].map(text) }),
        attr('untyped', { i: 5n }),
        attr('count', { type: INT, i: -3n }),
      ], 'add'),
      node('If', ['cond'], ['y'], [attr('then_branch', { type: GRAPH, g: thenBranch }), attr('else_branch', { type: GRAPH, g: elseBranch })], 'branch'),
      node('FusedThing', ['a', ''], ['z'], [], 'fused', 'com.microsoft'),
    ],
    initializer: [
      tensor('w', FLOAT, [4, 4], { rawData: rawBytes(FLOAT, Array.from({ length: 16 }, (_, i) => i)) }),
      tensor('shape', INT64, [3], { int64Data: [1n, -1n, 4n] }),
      tensor('big_int', INT64, [10_000], { rawData: rawBytes(INT64, Array.from({ length: 10_000 }, (_, i) => i)) }),
      tensor('ext', FLOAT, [1024], { dataLocation: 1, externalData: [entry('location', 'w.bin'), entry('offset', '4096'), entry('length', '4096')] }),
      tensor('f', FLOAT, [3], { floatData: [1.5, 2.5, 3.5] }),
      tensor('huge', INT64, [1], { int64Data: [2n ** 53n + 1n] }),
      tensor('empty', FLOAT, [0]),
    ],
    sparseInitializer: [create(SparseTensorProtoSchema, {
      values: tensor('sparse', FLOAT, [2], { floatData: [7, 8] }),
      indices: tensor('', INT64, [2], { int64Data: [0n, 5n] }),
      dims: [10n],
    })],
    input: [valueInfo('x', FLOAT, [1, 'n', 4]), valueInfo('cond', 9, [])],
    output: [valueInfo('y', FLOAT, null), valueInfo('z', FLOAT, [1, 'n', null])],
    valueInfo: [valueInfo('r', FLOAT, [1, 'n', 4])],
  })
  return modelBytes(g, { 'ai.onnx': 17, 'com.microsoft': 1 }, {
    domain: 'test.domain',
    modelVersion: 3n,
    docString: 'model doc',
    metadataProps: [entry('author', 'memoria'), entry('license', 'MIT')],
  })
}
