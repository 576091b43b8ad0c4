/**
 * The operator tables of the `ort` allocator model (core/memory/ort-alloc.ts) against ONNX Runtime itself:
 * per operator, a three-node model `p = Add(x, x)` (an arena buffer), `y = OP(p, …)` (p's last use, same
 * shape), `out = Add(y, y)`, run with the profiler on. If ORT's arena holds no more bytes after OP than
 * after the first Add, OP wrote into p's buffer (in place, or a view); else it allocated. The tables must
 * say the same, so an ORT upgrade that changes a kernel's registration fails here, not in a prediction.
 */
import { describe, expect, it } from 'vitest'
import type { AttributeProto, NodeProto, TensorProto } from 'onnx-buf'
import { ORT_ALIAS_OPS, ORT_INPLACE_OPS } from '../core/memory/ort-alloc.ts'
import { FLOAT, INT64, attr, graph, modelBytes, node, rawBytes, tensor, valueInfo } from '../core/onnx/testing.ts'
import { randomInputs } from './materialize.ts'
import { runModel } from './run.ts'
import { runsOf } from './verify.ts'

const INT = 2, INTS = 7
const floats = (name: string, dims: number[], v: number): TensorProto =>
  tensor(name, FLOAT, dims, { rawData: rawBytes(FLOAT, new Array<number>(dims.reduce((a, b) => a * b, 1)).fill(v)) })
const int64s = (name: string, dims: number[], values: bigint[]): TensorProto =>
  tensor(name, INT64, dims, { rawData: new Uint8Array(new BigInt64Array(values).buffer) })

interface Probe { op: string; opset?: number; inputs?: string[]; attrs?: AttributeProto[]; weights?: TensorProto[]; before?: NodeProto[] }

const unary = ['Relu', 'LeakyRelu', 'Elu', 'Selu', 'Celu', 'Sigmoid', 'HardSigmoid', 'Tanh', 'Softplus', 'Softsign',
  'ThresholdedRelu', 'Clip', 'Identity', 'Dropout', 'Erf', 'Abs', 'Neg', 'Exp', 'Log', 'Sqrt', 'Reciprocal', 'Floor',
  'Ceil', 'Round', 'Sin', 'Cos', 'Sign', 'Trilu']
const probes: Probe[] = [
  ...unary.map((op) => ({ op })),
  { op: 'Gelu', opset: 20 },
  { op: 'Softmax', attrs: [attr('axis', { type: INT, i: -1n })] },
  { op: 'LogSoftmax', attrs: [attr('axis', { type: INT, i: -1n })] },
  { op: 'Cast', attrs: [attr('to', { type: INT, i: BigInt(FLOAT) })] },
  ...['Add', 'Sub', 'Mul', 'Div', 'Pow', 'Min', 'Max', 'PRelu'].map((op) => ({ op, inputs: ['p', 's'], weights: [floats('s', [], 0.5)] })),
  { op: 'Where', inputs: ['c', 'p', 's'], weights: [floats('s', [], 0.5)], before: [node('Greater', ['p', 's'], ['c'], [], 'greater')] },
  { op: 'Transpose', attrs: [attr('perm', { type: INTS, ints: [0n, 1n, 3n, 2n] })] },
  { op: 'BatchNormalization', inputs: ['p', 'g', 'b', 'm', 'v'], weights: ['g', 'b', 'm', 'v'].map((n) => floats(n, [4], 1)) },
  { op: 'LayerNormalization', inputs: ['p', 'g', 'b'], weights: ['g', 'b'].map((n) => floats(n, [8], 1)), attrs: [attr('axis', { type: INT, i: -1n })] },
  { op: 'ScatterElements', inputs: ['p', 'i', 'u'], weights: [int64s('i', [1, 1, 1, 1], [0n]), floats('u', [1, 1, 1, 1], 1)] },
  { op: 'ScatterND', inputs: ['p', 'i', 'u'], weights: [int64s('i', [1, 4], [0n, 0n, 0n, 0n]), floats('u', [1], 1)] },
  { op: 'Expand', inputs: ['p', 'e'], weights: [int64s('e', [4], [1n, 4n, 8n, 8n])] },
  { op: 'CumSum', inputs: ['p', 'a'], weights: [int64s('a', [], [3n])] },
]

/** Whether ORT ran `probe.op` without allocating: its output took input 0's buffer. */
async function writesIntoInput(probe: Probe): Promise<boolean> {
  const bytes = modelBytes(graph({
    name: `probe_${probe.op}`,
    node: [node('Add', ['x', 'x'], ['p'], [], 'alloc'), ...(probe.before ?? []),
      node(probe.op, probe.inputs ?? ['p'], ['y'], probe.attrs ?? [], 'probe'), node('Add', ['y', 'y'], ['out'], [], 'sink')],
    initializer: probe.weights ?? [],
    input: [valueInfo('x', FLOAT, [1, 4, 8, 8])], output: [valueInfo('out', FLOAT, [1, 4, 8, 8])],
  }), { '': probe.opset ?? 17 })
  const r = await runModel(bytes, randomInputs(bytes, 1), { profile: true })
  const events = runsOf(r.profile ?? [])[0]
  const inUse = (name: string): number => {
    const e = events.find((x) => x.name === `${name}_kernel_time`)
    if (e === undefined) throw new Error(`no profiler event for ${name}`)
    return Number(e.args?.mem_bytes_requested_in_use)
  }
  // `before` nodes (Where's condition) allocate too: compare with the node just before the probe
  return inUse('probe') === inUse(probe.before === undefined ? 'alloc' : 'greater')
}

describe('ORT\'s in-place and view kernels (ONNX Runtime 1.30, CPU)', () => {
  it('every probed operator writes into its input exactly when the allocator model says it does', async () => {
    const seen: Record<string, boolean> = {}
    for (const probe of probes) seen[probe.op] = await writesIntoInput(probe)
    const expected = Object.fromEntries(probes.map((p) => [p.op, ORT_INPLACE_OPS.has(p.op) || ORT_ALIAS_OPS.has(p.op)]))
    expect(seen).toEqual(expected)
    // the probe tells the two cases apart: some operators do, some do not
    expect(Object.values(seen).filter(Boolean).length).toBeGreaterThan(10)
    expect(Object.values(seen).filter((v) => !v).length).toBeGreaterThan(10)
  })
})
