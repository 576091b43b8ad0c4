/**
 * Property: whatever a node's inputs and attributes are — wrong ranks, zero dims, missing inputs, absurd
 * attribute values — buildGraph returns a graph (outputs unknown, with a warning) or throws a MemoriaError.
 * Never another exception: a TypeError inside an inference function would be an INTERNAL error for the user.
 */
import * as fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { MemoriaError } from '../errors.ts'
import type { RawAttr } from '../onnx/raw.ts'
import { buildGraph } from './build.ts'
import { knownOps } from './infer/registry.ts'
import { tensor, tiny } from './test-model.ts'
import type { DType } from './types.ts'

const OPS = knownOps()
const DTYPES: DType[] = ['float32', 'int64', 'bool', 'float16', 'int32', 'uint8']
const ATTR_NAMES = [
  'axis', 'axes', 'keepdims', 'perm', 'kernel_shape', 'strides', 'pads', 'dilations', 'group', 'auto_pad', 'ceil_mode',
  'to', 'split', 'num_outputs', 'starts', 'ends', 'transA', 'transB', 'equation', 'allowzero', 'value', 'mode',
  'blocksize', 'hidden_size', 'direction', 'layout', 'k', 'start', 'end', 'output_shape', 'output_padding',
  'batch_dims', 'noop_with_empty_axes', 'scales', 'reduction', 'stash_type', 'dtype', 'shape', 'sizes',
]

const dims = fc.array(fc.integer({ min: 0, max: 5 }), { maxLength: 4 })
const smallInts = fc.array(fc.integer({ min: -6, max: 6 }), { maxLength: 6 })
const attrValue: fc.Arbitrary<RawAttr> = fc.oneof(
  fc.integer({ min: -4, max: 8 }).map((value): RawAttr => ({ type: 'int', value })),
  smallInts.map((value): RawAttr => ({ type: 'ints', value })),
  fc.double({ min: -4, max: 4, noNaN: true }).map((value): RawAttr => ({ type: 'float', value })),
  fc.constantFrom('SAME_UPPER', 'VALID', 'NOTSET', 'ij,jk->ik', 'bij', '...i,...i', 'bidirectional', 'none', 'x').map((value): RawAttr => ({ type: 'string', value })),
  fc.tuple(fc.constantFrom(...DTYPES), dims).map(([d, s]): RawAttr => {
    const n = s.reduce((a, b) => a * b, 1)
    return { type: 'tensor', value: tensor('', d, s, n <= 64 ? Array.from({ length: n }, (_, i) => i % 3) : undefined) }
  }),
)

interface Case {
  op: string
  inputs: { dtype: DType; shape: number[]; constant: number[] | null; omitted: boolean }[]
  attrs: [string, RawAttr][]
  outputs: number
  opset: number
}

const caseArb: fc.Arbitrary<Case> = fc.record({
  op: fc.constantFrom(...OPS),
  inputs: fc.array(
    fc.record({
      dtype: fc.constantFrom(...DTYPES),
      shape: dims,
      constant: fc.option(smallInts, { nil: null }),
      omitted: fc.boolean(),
    }),
    { maxLength: 5 },
  ),
  attrs: fc.array(fc.tuple(fc.constantFrom(...ATTR_NAMES), attrValue), { maxLength: 4 }),
  outputs: fc.integer({ min: 1, max: 4 }),
  opset: fc.constantFrom(7, 9, 11, 13, 15, 18),
})

function run(c: Case): void {
  const inits = c.inputs
    .filter((x) => x.constant !== null && !x.omitted)
    .map((x, i) => tensor(`c${i}`, x.dtype, [x.constant!.length], x.constant!))
  let k = 0
  const names = c.inputs.map((x, i) => (x.omitted ? '' : x.constant !== null ? `c${k++}` : `in${i}`))
  const graphInputs = Object.fromEntries(
    c.inputs.flatMap((x, i): [string, [DType, number[]]][] => (x.omitted || x.constant !== null ? [] : [[`in${i}`, [x.dtype, x.shape]]])),
  )
  const outs = Array.from({ length: c.outputs }, (_, i) => `out${i}`)
  const raw = tiny({
    inputs: graphInputs,
    inits,
    nodes: [{ op: c.op, inputs: names, outputs: outs, attrs: Object.fromEntries(c.attrs) }],
    outputs: outs,
    opset: c.opset,
  })
  try {
    const g = buildGraph(raw)
    const internal = g.warnings!.find((w) => w.includes('internal error'))
    if (internal !== undefined) throw new Error(internal)
    for (const t of g.tensors) {
      // a size is a non-negative integer or null: never NaN, never negative
      if (t.bytes !== null) expect(Number.isInteger(t.bytes) && t.bytes >= 0).toBe(true)
      if (t.shape !== null) for (const d of t.shape) if (typeof d === 'number') expect(Number.isInteger(d) && d >= 0).toBe(true)
    }
    for (const n of g.nodes) expect(Number.isFinite(n.flops) && n.flops >= 0).toBe(true)
  } catch (e) {
    if (!(e instanceof MemoriaError)) throw e
  }
}

describe('robustness of inference on arbitrary nodes', () => {
  it('only graphs or MemoriaErrors; sizes and FLOPs are never negative or NaN', () => {
    fc.assert(fc.property(caseArb, (c) => run(c)), { numRuns: Number(process.env.GRAPH_FUZZ_RUNS ?? 3000), seed: Number(process.env.GRAPH_FUZZ_SEED ?? 20261126) })
  })
})
