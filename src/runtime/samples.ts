/**
 * Small ONNX models for the runtime's tests, the `verify` tests and the fidelity bench: a branchy CNN
 * (Inception-like: four branches joined by a Concat), a transformer block with a symbolic `seq`, and a
 * NAS cell (DARTS-like: intermediate states each the sum of two ops on earlier states). Weights are
 * external-data references without bytes, as in the reference models, so `materializeModel` must fill
 * them. Built with onnx-buf through core/onnx/testing.ts; node names are unique and set.
 */
import type { NodeProto, TensorProto } from 'onnx-buf'
import { create } from '@bufbuild/protobuf'
import { StringStringEntryProtoSchema } from 'onnx-buf'
import { FLOAT, INT64, attr, graph, modelBytes, node, rawBytes, tensor, valueInfo } from '../core/onnx/testing.ts'

const INTS = 7, INT = 2, FLOAT_A = 1

/** A weight stored as external data that is not there (what the reference models ship). */
function externalWeight(name: string, dims: number[]): TensorProto {
  return tensor(name, FLOAT, dims, {
    dataLocation: 1,
    externalData: [create(StringStringEntryProtoSchema, { key: 'location', value: 'missing.weights' })],
  })
}

class Builder {
  nodes: NodeProto[] = []
  weights: TensorProto[] = []
  private n = 0
  op(op: string, inputs: string[], attrs: ReturnType<typeof attr>[] = [], outputs = 1): string[] {
    const name = `${op.toLowerCase()}_${this.n++}`
    const outs = Array.from({ length: outputs }, (_, i) => (outputs === 1 ? name : `${name}_${i}`))
    this.nodes.push(node(op, inputs, outs, attrs, name))
    return outs
  }
  one(op: string, inputs: string[], attrs: ReturnType<typeof attr>[] = []): string {
    return this.op(op, inputs, attrs)[0]
  }
  weight(dims: number[]): string {
    const name = `w${this.weights.length}`
    this.weights.push(externalWeight(name, dims))
    return name
  }
  conv(x: string, cin: number, cout: number, k: number, stride = 1, group = 1): string {
    const w = this.weight([cout, cin / group, k, k])
    const b = this.weight([cout])
    const p = Math.floor(k / 2)
    return this.one('Conv', [x, w, b], [
      attr('kernel_shape', { type: INTS, ints: [BigInt(k), BigInt(k)] }),
      attr('pads', { type: INTS, ints: [p, p, p, p].map(BigInt) }),
      attr('strides', { type: INTS, ints: [BigInt(stride), BigInt(stride)] }),
      attr('group', { type: INT, i: BigInt(group) }),
    ])
  }
}

/** Inception-like: stem, then 2 blocks of 4 branches (1×1, 1×1→3×3, 1×1→5×5, pool→1×1) joined by Concat. */
export function branchyCnn(): Uint8Array {
  const b = new Builder()
  let x = b.one('Relu', [b.conv('input', 3, 16, 3, 2)])
  let c = 16
  for (let block = 0; block < 2; block++) {
    const b1 = b.one('Relu', [b.conv(x, c, 8, 1)])
    const b2 = b.one('Relu', [b.conv(b.one('Relu', [b.conv(x, c, 12, 1)]), 12, 16, 3)])
    const b3 = b.one('Relu', [b.conv(b.one('Relu', [b.conv(x, c, 4, 1)]), 4, 8, 5)])
    const pool = b.one('MaxPool', [x], [
      attr('kernel_shape', { type: INTS, ints: [3n, 3n] }), attr('pads', { type: INTS, ints: [1n, 1n, 1n, 1n] }),
    ])
    const b4 = b.one('Relu', [b.conv(pool, c, 8, 1)])
    x = b.one('Concat', [b1, b2, b3, b4], [attr('axis', { type: INT, i: 1n })])
    c = 40
  }
  const out = b.one('GlobalAveragePool', [x])
  b.nodes[b.nodes.length - 1].output = ['output']
  void out
  return modelBytes(graph({
    name: 'branchy_cnn', node: b.nodes, initializer: b.weights,
    input: [valueInfo('input', FLOAT, [1, 3, 32, 32])], output: [valueInfo('output', FLOAT, [1, 40, 1, 1])],
  }), { '': 17 })
}

/** One pre-LayerNorm transformer block (single-head attention, ReLU FFN), hidden 32, input [1, seq, 32]. */
export function transformerBlock(hidden = 32): Uint8Array {
  const b = new Builder()
  const ln = (x: string): string => b.one('LayerNormalization', [x, b.weight([hidden]), b.weight([hidden])], [
    attr('axis', { type: INT, i: -1n }), attr('epsilon', { type: FLOAT_A, f: 1e-5 }),
  ])
  const linear = (x: string, n: number, m: number): string => b.one('Add', [b.one('MatMul', [x, b.weight([n, m])]), b.weight([m])])
  const h = ln('input')
  const q = linear(h, hidden, hidden)
  const k = linear(h, hidden, hidden)
  const v = linear(h, hidden, hidden)
  const kt = b.one('Transpose', [k], [attr('perm', { type: INTS, ints: [0n, 2n, 1n] })])
  const scale = 'scale'
  const scores = b.one('Mul', [b.one('MatMul', [q, kt]), scale])
  const attn = b.one('MatMul', [b.one('Softmax', [scores], [attr('axis', { type: INT, i: -1n })]), v])
  const x1 = b.one('Add', ['input', linear(attn, hidden, hidden)])
  const ff = linear(b.one('Relu', [linear(ln(x1), hidden, 4 * hidden)]), 4 * hidden, hidden)
  b.one('Add', [x1, ff])
  b.nodes[b.nodes.length - 1].output = ['output']
  return modelBytes(graph({
    name: 'transformer_block', node: b.nodes,
    initializer: [...b.weights, tensor(scale, FLOAT, [], { rawData: rawBytes(FLOAT, [1 / Math.sqrt(hidden)]) })],
    input: [valueInfo('input', FLOAT, [1, 'seq', hidden])], output: [valueInfo('output', FLOAT, [1, 'seq', hidden])],
  }), { '': 17 })
}

/**
 * A GPT-2-like stretch whose shapes are computed from values: adding `ConstantOfShape(Shape(input))` (zeros,
 * as GPT-2 builds its position ids) leaves ORT — its shape inference does not propagate values into
 * ConstantOfShape — with dims it does not know from there on, so nothing after it is SameSize with
 * anything: no in-place Tanh, no reuse of freed buffers, although every resolved shape is [1, seq, 32].
 * Input [1, seq, 32].
 */
export function computedShapeBlock(hidden = 32): Uint8Array {
  const b = new Builder()
  const m1 = b.one('MatMul', ['input', b.weight([hidden, hidden])])
  const y = b.one('Add', [m1, b.one('ConstantOfShape', [b.one('Shape', ['input'])])])
  const t = b.one('Tanh', [y])
  const u = b.one('MatMul', [t, b.weight([hidden, hidden])])
  const w = b.one('Relu', [b.one('MatMul', [u, b.weight([hidden, hidden])])])
  b.one('Add', [w, 'input'])
  b.nodes[b.nodes.length - 1].output = ['output']
  return modelBytes(graph({
    name: 'computed_shape_block', node: b.nodes, initializer: b.weights,
    input: [valueInfo('input', FLOAT, [1, 'seq', hidden])], output: [valueInfo('output', FLOAT, [1, 'seq', hidden])],
  }), { '': 17 })
}

/**
 * A DARTS-like normal cell on two input states: each is preprocessed (Relu → 1×1 Conv), then four
 * intermediate states each add two ops (sep-conv, dil-like 5×5 conv, max-pool or identity) on earlier
 * states, and the four are concatenated. The op choices are fixed so the cell is always the same.
 */
export function nasCell(c = 8, size = 16): Uint8Array {
  const b = new Builder()
  const s0 = b.conv(b.one('Relu', ['input']), 3, c, 1)
  const s1 = b.conv(b.one('Relu', [b.conv('input', 3, c, 3)]), c, c, 1)
  const states = [s0, s1]
  const sep = (x: string, k: number): string => b.conv(b.conv(b.one('Relu', [x]), c, c, k, 1, c), c, c, 1)
  const pool = (x: string): string => b.one('MaxPool', [x], [
    attr('kernel_shape', { type: INTS, ints: [3n, 3n] }), attr('pads', { type: INTS, ints: [1n, 1n, 1n, 1n] }),
  ])
  const picks: [number, 'sep3' | 'sep5' | 'pool' | 'skip', number, 'sep3' | 'sep5' | 'pool' | 'skip'][] = [
    [0, 'sep3', 1, 'sep5'], [1, 'pool', 2, 'sep3'], [0, 'skip', 3, 'sep5'], [2, 'sep3', 4, 'pool'],
  ]
  const apply = (x: string, k: string): string =>
    k === 'sep3' ? sep(x, 3) : k === 'sep5' ? sep(x, 5) : k === 'pool' ? pool(x) : b.one('Identity', [x])
  for (const [i, ki, j, kj] of picks) states.push(b.one('Add', [apply(states[i], ki), apply(states[j], kj)]))
  b.one('Concat', states.slice(2), [attr('axis', { type: INT, i: 1n })])
  b.nodes[b.nodes.length - 1].output = ['output']
  return modelBytes(graph({
    name: 'nas_cell', node: b.nodes, initializer: b.weights,
    input: [valueInfo('input', FLOAT, [1, 3, size, size])], output: [valueInfo('output', FLOAT, [1, 4 * c, size, size])],
  }), { '': 17 })
}

export { INT64 }
