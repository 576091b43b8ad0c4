/**
 * Semantic generators: ONNX models that are well-formed protobuf but wrong (or extreme) as graphs — a cycle,
 * a consumer of a tensor nobody produces, two producers of one tensor, dims 0 / negative / 2^62, raw_data
 * that disagrees with its dims, opset 1 and 99, unknown domains, external data outside the model's folder or
 * in a missing file, 100k nodes, a 1 MB name, subgraphs nested 1,000 deep, names that are Object.prototype
 * members. Each is `(rng) → case`, deterministic in the rng; `files` lists the data files beside the model
 * (name → size in bytes) for the external-data cases.
 */
import { create, toBinary } from '@bufbuild/protobuf'
import { StringStringEntryProtoSchema, ValueInfoProtoSchema, type NodeProto } from 'onnx-buf'
import type { Rng } from '../../src/core/random.ts'
import { writeMessage, type WireField } from './proto.ts'
import { attr, FLOAT, graph, INT64, modelBytes, node, rawBytes, tensor, valueInfo } from '../../src/core/onnx/testing.ts'

export interface OnnxCase {
  bytes: Uint8Array
  /** data files beside the model: name → size; absent: the case has no folder (nothing is looked up) */
  files?: Record<string, number>
}

const pick = <T>(rng: Rng, xs: readonly T[]): T => xs[rng.int(xs.length)]

function entry(key: string, value: string) {
  return create(StringStringEntryProtoSchema, { key, value })
}

/** x [1,3,8,8] → Conv(w) → Relu → y: the base the generators bend. */
function base(nodes: NodeProto[], extra: { opset?: Record<string, number>; inputs?: ReturnType<typeof valueInfo>[]; outputs?: ReturnType<typeof valueInfo>[]; init?: ReturnType<typeof tensor>[] } = {}): Uint8Array {
  return modelBytes(graph({
    name: 'fuzz',
    node: nodes,
    initializer: extra.init ?? [tensor('w', FLOAT, [4, 3, 3, 3], { rawData: rawBytes(FLOAT, new Array(108).fill(0.5)) })],
    input: extra.inputs ?? [valueInfo('x', FLOAT, [1, 3, 8, 8])],
    output: extra.outputs ?? [valueInfo('y', FLOAT, null)],
  }), extra.opset ?? { '': 17 })
}

const convRelu = (): NodeProto[] => [
  node('Conv', ['x', 'w'], ['c'], [attr('pads', { type: 7, ints: [1n, 1n, 1n, 1n] })], 'conv'),
  node('Relu', ['c'], ['y'], [], 'relu'),
]

const cycle = (rng: Rng): OnnxCase => {
  const n = 2 + rng.int(4)
  const nodes = Array.from({ length: n }, (_, i) => node('Add', [i === 0 ? 'x' : `t${i - 1}`, `t${(i + n - 1) % n}`], [`t${i}`], [], `add${i}`))
  nodes.push(node('Relu', [`t${n - 1}`], ['y'], [], 'out'))
  return { bytes: base(nodes) }
}

const unproduced = (rng: Rng): OnnxCase => ({
  bytes: base([...convRelu().slice(0, 1), node(pick(rng, ['Add', 'Mul']), ['c', pick(rng, ['ghost', 'c_typo', '/model/missing_output_0'])], ['y'], [], 'consumer')]),
})

const twoProducers = (rng: Rng): OnnxCase => ({
  bytes: base([...convRelu(), node(pick(rng, ['Relu', 'Sigmoid', 'Identity']), ['x'], [pick(rng, ['c', 'y'])], [], 'second')]),
})

const BAD_DIMS = [0, -1, -7, 2 ** 62, 2 ** 53 + 1, 2 ** 31]
const badDims = (rng: Rng): OnnxCase => {
  const d = pick(rng, BAD_DIMS)
  const where = rng.int(3)
  if (where === 0) return { bytes: base(convRelu(), { inputs: [valueInfo('x', FLOAT, [1, 3, d, 8])] }) }
  if (where === 1) {
    // an initializer with the dim, no payload
    return { bytes: base(convRelu(), { init: [tensor('w', FLOAT, [4, 3, 3, d])] }) }
  }
  // a Reshape target holding the dim
  return {
    bytes: base([node('Reshape', ['x', 'shape'], ['y'], [], 'reshape')], {
      init: [tensor('shape', INT64, [2], { int64Data: [1n, BigInt(d)] })],
    }),
  }
}

const rawMismatch = (rng: Rng): OnnxCase => {
  const n = pick(rng, [0, 1, 10, 107, 109, 4000])
  return { bytes: base(convRelu(), { init: [tensor('w', FLOAT, [4, 3, 3, 3], { rawData: new Uint8Array(n * 4 + rng.int(3)) })] }) }
}

const opset = (rng: Rng): OnnxCase => ({ bytes: base(convRelu(), { opset: { '': pick(rng, [1, 99, 0, 100000]) } }) })

const unknownDomain = (rng: Rng): OnnxCase => {
  const domain = pick(rng, ['com.acme.secret', 'ai.onnx.ml.future', 'x'.repeat(300)])
  const declared = rng.int(2) === 0
  return {
    bytes: base([...convRelu().slice(0, 1), node('Frobnicate', ['c'], ['y'], [], 'custom', domain)], {
      opset: declared ? { '': 17, [domain]: 1 } : { '': 17 },
    }),
  }
}

function external(location: string, length: number | null, offset = 0) {
  const keys = [entry('location', location), entry('offset', String(offset))]
  if (length !== null) keys.push(entry('length', String(length)))
  return tensor('w', FLOAT, [4, 3, 3, 3], { dataLocation: 1, externalData: keys })
}

const externalOutside = (rng: Rng): OnnxCase => ({
  bytes: base(convRelu(), { init: [external(pick(rng, ['../w.bin', '../../../../etc/passwd', '/etc/passwd', 'C:\\weights\\w.bin', 'sub/../../w.bin', '\\\\server\\share\\w.bin']), 432)] }),
  files: { 'w.bin': 432 },
})

const externalMissing = (rng: Rng): OnnxCase => {
  const v = rng.int(3)
  // missing, present but too short, or present and long enough (the ok control)
  const files: Record<string, number> = v === 0 ? {} : { 'fuzz.onnx.data': v === 1 ? 100 : 1000 }
  return { bytes: base(convRelu(), { init: [external('fuzz.onnx.data', 432, v === 2 ? 64 : 0)] }), files }
}

/** A chain, or one input feeding every node (the shape that made BTSearch's set-up quadratic, issue 16). */
export function bigGraph(nodes: number, fan: boolean): Uint8Array {
  const ns: NodeProto[] = []
  const outs: ReturnType<typeof valueInfo>[] = []
  for (let i = 0; i < nodes; i++) {
    ns.push(node('Relu', [fan || i === 0 ? 'x' : `t${i - 1}`], [`t${i}`], [], `n${i}`))
    if (fan) outs.push(valueInfo(`t${i}`, FLOAT, null))
  }
  if (!fan) outs.push(valueInfo(`t${nodes - 1}`, FLOAT, null))
  return base(ns, { outputs: outs, init: [], inputs: [valueInfo('x', FLOAT, [1, 16])] })
}

const hugeGraph = (rng: Rng): OnnxCase => ({ bytes: bigGraph(pick(rng, [100_000, 20_000]), rng.int(2) === 0) })

const longName = (rng: Rng): OnnxCase => {
  const n = pick(rng, [1_000_000, 1024 * 1024 + 1])
  const name = 'n'.repeat(n)
  return { bytes: base([node('Relu', ['x'], [name], [], 'a'), node('Relu', [name], ['y'], [], 'b')], { init: [] }) }
}

/**
 * If nodes nested `depth` deep along the then-branch, written level by level with the wire writer (the
 * schema's serialiser recurses per level and overflows the stack long before 1,000).
 */
export function deepChain(depth: number): Uint8Array {
  const enc = (s: string): Uint8Array => new TextEncoder().encode(s)
  const str = (no: number, s: string): WireField => ({ no, wt: 2, value: enc(s) })
  const out = (name: string): WireField => ({ no: 12, wt: 2, value: toBinary(ValueInfoProtoSchema, valueInfo(name, FLOAT, null)) })
  const ifNode = (inner: Uint8Array, other: Uint8Array, name: string, output: string): WireField => ({
    no: 1, wt: 2, value: new Uint8Array(), children: [
      str(1, 'cond'), str(2, output), str(3, name), str(4, 'If'),
      { no: 5, wt: 2, value: new Uint8Array(), children: [str(1, 'then_branch'), { no: 6, wt: 2, value: inner }, { no: 20, wt: 0, value: 5n }] },
      { no: 5, wt: 2, value: new Uint8Array(), children: [str(1, 'else_branch'), { no: 6, wt: 2, value: other }, { no: 20, wt: 0, value: 5n }] },
    ],
  })
  const identity = (o: string): WireField => ({ no: 1, wt: 2, value: new Uint8Array(), children: [str(1, 'x'), str(2, o), str(4, 'Identity')] })
  const other = writeMessage([str(2, 'else'), identity('e'), out('e')])
  let g = writeMessage([str(2, 'leaf'), identity('o'), out('o')])
  for (let i = 0; i < depth - 1; i++) g = writeMessage([ifNode(g, other, `if${i}`, 'o'), str(2, `level${i}`), out('o')])
  const top = writeMessage([ifNode(g, other, 'top', 'y'), str(2, 'deep'),
    { no: 11, wt: 2, value: toBinary(ValueInfoProtoSchema, valueInfo('x', FLOAT, [1, 4])) },
    { no: 11, wt: 2, value: toBinary(ValueInfoProtoSchema, valueInfo('cond', 9, [])) }, out('y')])
  return writeMessage([{ no: 1, wt: 0, value: 8n }, str(2, 'memoria-fuzz'), { no: 7, wt: 2, value: top },
    { no: 8, wt: 2, value: new Uint8Array(), children: [str(1, ''), { no: 2, wt: 0, value: 17n }] }])
}

const deepSubgraphs = (rng: Rng): OnnxCase => ({ bytes: deepChain(pick(rng, [1000, 65, 40])) })

export const PROTO_NAMES = ['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf', 'prototype']
const protoNames = (rng: Rng): OnnxCase => {
  const n = pick(rng, PROTO_NAMES)
  const where = rng.int(4)
  if (where === 0) return { bytes: base([node('Conv', ['x', 'w'], [n], [], 'conv'), node('Relu', [n], ['y'], [], 'relu')]) }
  if (where === 1) return { bytes: base([node('Relu', [n], ['y'], [], 'relu')], { inputs: [valueInfo(n, FLOAT, [1, 3, 8, 8])], init: [] }) }
  if (where === 2) return { bytes: base([node('Relu', ['x'], [n], [], 'relu')], { outputs: [valueInfo(n, FLOAT, null)], init: [] }) }
  return { bytes: base([node('Relu', ['x'], ['y'], [], n)], { inputs: [valueInfo('x', FLOAT, [1, n, 8])], init: [] }) }
}

const emptyGraph = (rng: Rng): OnnxCase => {
  const v = rng.int(3)
  if (v === 0) return { bytes: base([], { init: [] }) }
  if (v === 1) return { bytes: base(convRelu(), { outputs: [] }) }
  return { bytes: base(convRelu(), { outputs: [valueInfo('never_made', FLOAT, null)] }) }
}

const badShapes = (rng: Rng): OnnxCase => {
  const v = rng.int(4)
  if (v === 0) return { bytes: base([node('MatMul', ['x', 'w'], ['y'], [], 'mm')]) } // 4-d by 4-d with 8 vs 4
  if (v === 1) return { bytes: base([node('Conv', ['x', 'w'], ['y'], [attr('kernel_shape', { type: 7, ints: [99n, 99n] })], 'conv')]) }
  if (v === 2) return { bytes: base([node('Reshape', ['x', 's'], ['y'], [], 'r')], { init: [tensor('s', INT64, [2], { int64Data: [5n, 7n] })] }) }
  return { bytes: base([node('Concat', ['x', 'w'], ['y'], [attr('axis', { type: 2, i: BigInt(pick(rng, [9, -9, 1])) })], 'cat')]) }
}

const unknownOp = (rng: Rng): OnnxCase => ({
  bytes: base([...convRelu().slice(0, 1), node(pick(rng, ['NoSuchOp', '', 'Relu ', 'relu']), ['c'], ['y'], [], 'mystery')]),
})

/** name → [generator, weight]: the heavy 100k-node case is drawn less often (each costs seconds). */
export const SEMANTIC: Record<string, [(rng: Rng) => OnnxCase, number]> = {
  cycle: [cycle, 6], unproduced: [unproduced, 6], twoProducers: [twoProducers, 6], badDims: [badDims, 10],
  rawMismatch: [rawMismatch, 6], opset: [opset, 6], unknownDomain: [unknownDomain, 6],
  externalOutside: [externalOutside, 6], externalMissing: [externalMissing, 6], hugeGraph: [hugeGraph, 1],
  longName: [longName, 2], deepSubgraphs: [deepSubgraphs, 3], protoNames: [protoNames, 10], emptyGraph: [emptyGraph, 4],
  badShapes: [badShapes, 8], unknownOp: [unknownOp, 4],
}
