import { describe, expect, it } from 'vitest'
import type { MemoriaGraph, TensorInfo } from '../../core/graph/types.ts'
import { summarize } from './summary.ts'

const t = (name: string, kind: TensorInfo['kind'], shape: number[] | null, bytes: number | null): TensorInfo => ({
  name, kind, dtype: 'float32', shape, bytes,
})

function graph(): MemoriaGraph {
  return {
    format: 'memoria-graph', version: 1, name: 'g', producer: 'test', opset: { 'com.x': 1, '': 13 },
    symbols: { seq: 1, batch: 4 }, assumedSymbols: ['seq'],
    inputs: ['x', 'w'], outputs: ['y'],
    tensors: [
      t('x', 'input', [1, 4], 16), t('w', 'weight', [4, 4], 64), t('w2', 'weight', null, null),
      t('a', 'activation', [1, 4], 16), t('b', 'activation', null, null), t('y', 'output', [1, 4], 16),
    ],
    nodes: [
      { name: 'mm', op: 'MatMul', domain: '', inputs: ['x', 'w'], outputs: ['a'], attributes: {}, flops: 32 },
      { name: 'u', op: 'Custom', domain: 'com.x', inputs: ['a', 'w2'], outputs: ['b'], attributes: {}, flops: 0 },
      { name: 'r1', op: 'Relu', domain: '', inputs: ['b'], outputs: ['y'], attributes: {}, flops: 4 },
      { name: 'r2', op: 'Relu', domain: '', inputs: ['y'], outputs: [], attributes: {}, flops: 4 },
    ],
    warnings: ['one warning'],
  }
}

describe('summarize', () => {
  it('counts what is known and never counts the unknown as zero silently', () => {
    const s = summarize(graph())
    expect(s.weightBytes).toBe(64)
    expect(s.unknownWeights).toBe(1)
    expect(s.activationBytes).toBe(16)
    expect(s.unknownActivations).toBe(1)
    expect(s.unknownTensors).toEqual(['w2', 'b'])
    expect(s.totalFlops).toBe(40)
  })
  it('lists operators by frequency, qualified by a custom domain', () => {
    expect(summarize(graph()).ops).toEqual([['Relu', 2], ['com.x.Custom', 1], ['MatMul', 1]]) // ties by name
  })
  it('shows inputs the user feeds (not initializers listed as inputs), and the symbols with what was assumed', () => {
    const s = summarize(graph())
    expect(s.inputs.map((r) => r.name)).toEqual(['x'])
    expect(s.outputs).toEqual([{ name: 'y', dtype: 'float32', shape: [1, 4], bytes: 16 }])
    expect(s.symbols).toEqual([{ name: 'batch', value: 4, assumed: false }, { name: 'seq', value: 1, assumed: true }])
    expect(s.opset).toEqual([['', 13], ['com.x', 1]])
  })
  it('computes once per graph object', () => {
    const g = graph()
    expect(summarize(g)).toBe(summarize(g))
  })
})
