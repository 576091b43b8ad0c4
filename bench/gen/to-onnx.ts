/**
 * Writes a bench generator's graph (build.ts: Conv, Relu, MaxPool, Add, Sum, Concat, Identity,
 * GlobalAveragePool on [1, C, H, W] float32) as an ONNX model ONNX Runtime can run, so the fidelity bench
 * can check the NAS-style graphs too. The generator keeps each weight as a flat vector and no attributes:
 * a Conv's kernel k comes from its weight's size (cout · cin · k²), its stride from the spatial sizes,
 * padding k // 2 (the generator's sizes are ceil(h / stride), which that gives); MaxPool is 3×3, pad 1.
 * Weights are external-data references without bytes, like the reference models (materializeModel fills
 * them). Node and tensor names are the generator's, so orders transfer by name.
 */
import { create, toBinary } from '@bufbuild/protobuf'
import {
  AttributeProtoSchema, GraphProtoSchema, ModelProtoSchema, NodeProtoSchema, OperatorSetIdProtoSchema,
  StringStringEntryProtoSchema, TensorProtoSchema, TensorShapeProto_DimensionSchema, TensorShapeProtoSchema,
  TypeProto_TensorSchema, TypeProtoSchema, ValueInfoProtoSchema,
} from 'onnx-buf'
import type { MemoriaGraph } from '../../src/core/graph/types.ts'

const FLOAT = 1, INT = 2, INTS = 7

const ints = (name: string, v: number[]) => create(AttributeProtoSchema, { name, type: INTS, ints: v.map(BigInt) })
const int = (name: string, v: number) => create(AttributeProtoSchema, { name, type: INT, i: BigInt(v) })

function valueInfo(name: string, dims: number[]) {
  const dim = dims.map((d) => create(TensorShapeProto_DimensionSchema, { value: { case: 'dimValue', value: BigInt(d) } }))
  return create(ValueInfoProtoSchema, {
    name,
    type: create(TypeProtoSchema, { value: { case: 'tensorType', value: create(TypeProto_TensorSchema, { elemType: FLOAT, shape: create(TensorShapeProtoSchema, { dim }) }) } }),
  })
}

export function graphToOnnx(g: MemoriaGraph): Uint8Array {
  const shape = new Map(g.tensors.map((t) => [t.name, (t.shape ?? []) as number[]]))
  const initializer = []
  const node = []
  for (const n of g.nodes) {
    const attribute = []
    let inputs = n.inputs
    if (n.op === 'Conv') {
      const [x, w] = n.inputs
      const [, cin, h] = shape.get(x) as number[]
      const [, cout, h2] = shape.get(n.outputs[0]) as number[]
      const elements = (shape.get(w) as number[])[0]
      const k = Math.round(Math.sqrt(elements / (cout * cin)))
      const stride = Math.round(h / h2)
      const p = Math.floor(k / 2)
      attribute.push(ints('kernel_shape', [k, k]), ints('strides', [stride, stride]), ints('pads', [p, p, p, p]))
      initializer.push(create(TensorProtoSchema, {
        name: w, dataType: FLOAT, dims: [cout, cin, k, k].map(BigInt), dataLocation: 1,
        externalData: [create(StringStringEntryProtoSchema, { key: 'location', value: 'absent.weights' })],
      }))
      inputs = [x, w]
    } else if (n.op === 'MaxPool') {
      const [, , h] = shape.get(n.inputs[0]) as number[]
      const [, , h2] = shape.get(n.outputs[0]) as number[]
      const stride = Math.round(h / h2)
      attribute.push(ints('kernel_shape', [3, 3]), ints('strides', [stride, stride]), ints('pads', [1, 1, 1, 1]))
    } else if (n.op === 'Concat') attribute.push(int('axis', 1))
    node.push(create(NodeProtoSchema, { name: n.name, opType: n.op, input: inputs, output: n.outputs, attribute }))
  }
  return toBinary(ModelProtoSchema, create(ModelProtoSchema, {
    irVersion: 8n,
    producerName: 'memorianova bench generator',
    opsetImport: [create(OperatorSetIdProtoSchema, { domain: '', version: 13n })],
    graph: create(GraphProtoSchema, {
      name: g.name, node, initializer,
      input: g.inputs.map((x) => valueInfo(x, shape.get(x) as number[])),
      output: g.outputs.map((x) => valueInfo(x, shape.get(x) as number[])),
    }),
  }))
}
