import { describe, expect, it } from 'vitest'
import { MemoriaError } from '../errors.ts'
import { memoryCurve } from './curve.ts'
import { indexGraph, orderFromNames } from './indexed.ts'
import { NAMED, tinyGraph } from './test-graphs.ts'
import { createWalker, walkBytes } from './walk.ts'
import type { MemoriaGraph } from '../graph/types.ts'
import type { MemoryModel } from './ops.ts'

function curve(g: MemoriaGraph, names: string[], model: MemoryModel) {
  const ig = indexGraph(g)
  return memoryCurve(ig, orderFromNames(ig, names), model)
}

describe('walk: named graphs, hand-computed', () => {
  it('chain: peak at B (a + b), identical in both models', () => {
    for (const model of ['simple', 'inplace'] as const) {
      const c = curve(NAMED.chain, ['A', 'B', 'C'], model)
      expect(c.duringBytes).toEqual([10, 110, 150, 70])
      expect(c.afterBytes).toEqual([10, 100, 50, 20])
      expect(c.peakBytes).toBe(150)
      expect(c.peakNode).toBe('B')
      expect(c.peakLive.map((b) => b.tensor)).toEqual(['a', 'b'])
    }
  })

  it('chain with Relu and Reshape: inplace shares one buffer', () => {
    const simple = curve(NAMED.chainInplace, ['A', 'R', 'S', 'G'], 'simple')
    expect(simple.duringBytes).toEqual([10, 110, 200, 200, 120])
    const inplace = curve(NAMED.chainInplace, ['A', 'R', 'S', 'G'], 'inplace')
    expect(inplace.duringBytes).toEqual([10, 110, 100, 100, 120])
    expect(inplace.afterBytes).toEqual([10, 100, 100, 100, 20])
    expect(inplace.peakLive[0].tensors).toEqual(['a', 'r', 's'])
  })

  it('diamond: a stays live until both branches ran (inplace: the Add output is smaller, no reuse)', () => {
    for (const model of ['simple', 'inplace'] as const) {
      const c = curve(NAMED.diamond, ['A', 'B', 'C', 'D'], model)
      expect(c.duringBytes).toEqual([10, 110, 200, 300, 210])
      expect(c.afterBytes).toEqual([10, 100, 200, 200, 10])
      expect(c.peakBytes).toBe(300)
    }
  })

  it('fork-join: finishing one branch first almost halves the peak (same in both models: no views, no element-wise)', () => {
    for (const model of ['simple', 'inplace'] as const) {
      expect(curve(NAMED.forkJoin, ['A', 'B1', 'B2', 'C1', 'C2', 'D'], model).duringBytes).toEqual([10, 110, 600, 610, 610, 520, 30])
      expect(curve(NAMED.forkJoin, ['A', 'B1', 'C1', 'B2', 'C2', 'D'], model).peakBytes).toBe(1100)
    }
  })

  it('residual: Add writes into h2 (x is a graph input, never reused)', () => {
    const order = ['C1', 'R1', 'C2', 'A', 'R2']
    expect(curve(NAMED.residual, order, 'simple').duringBytes).toEqual([100, 200, 300, 300, 300, 200])
    const c = curve(NAMED.residual, order, 'inplace')
    expect(c.duringBytes).toEqual([100, 200, 200, 300, 200, 100])
    expect(c.afterBytes).toEqual([100, 200, 200, 200, 100, 100])
  })

  it('inception: three branches, peak 600 (same in both models)', () => {
    for (const model of ['simple', 'inplace'] as const) {
      const c = curve(NAMED.inception, ['B1', 'B2a', 'B2b', 'B3a', 'B3b', 'Cat'], model)
      expect(c.duringBytes).toEqual([100, 200, 500, 600, 600, 600, 600])
      expect(c.peakBytes).toBe(600)
    }
  })

  it('attention: file order peaks at Softmax with v live; delaying V saves it', () => {
    const file = ['Q', 'K', 'V', 'KT', 'S', 'P', 'O', 'R']
    expect(curve(NAMED.attention, file, 'simple').duringBytes).toEqual([100, 200, 300, 400, 500, 800, 1000, 700, 300])
    expect(curve(NAMED.attention, file, 'inplace').duringBytes).toEqual([100, 200, 300, 400, 500, 800, 1000, 700, 200])
    expect(curve(NAMED.attention, ['Q', 'K', 'KT', 'S', 'P', 'V', 'O', 'R'], 'simple').peakBytes).toBe(900)
  })
})

describe('walk: edge rules', () => {
  it('an unconsumed graph input counts at step 0 only; a dead output only during its node', () => {
    const g = tinyGraph({ nodes: ['A:Conv:x>a,dead', 'B:Conv:a>y'], inputs: ['x', 'unused'], outputs: ['y'], bytes: { unused: 1000, dead: 7 } })
    const c = curve(g, ['A', 'B'], 'simple')
    expect(c.duringBytes).toEqual([1100, 207, 200])
    expect(c.afterBytes).toEqual([100, 100, 100])
  })

  it('a graph output in the middle stays live to the end, and is never written in place', () => {
    const g = tinyGraph({ nodes: ['A:Conv:x>a', 'R:Relu:a>b', 'C:Conv:b>y'], outputs: ['a', 'y'] })
    const c = curve(g, ['A', 'R', 'C'], 'inplace')
    expect(c.duringBytes).toEqual([100, 200, 200, 300])
    expect(c.afterBytes).toEqual([100, 100, 200, 200])
  })

  it('weights and Constant outputs never count; views of weights allocate nothing', () => {
    const g = tinyGraph({ nodes: ['K:Constant:>kc', 'S:Reshape:w1,kc>rs', 'M:MatMul:x,rs>y'], bytes: { w1: 5000, kc: 9000 } })
    const ig = indexGraph(g)
    const c = memoryCurve(ig, orderFromNames(ig, ['K', 'S', 'M']), 'inplace')
    expect(c.duringBytes).toEqual([100, 100, 100, 200])
    expect(c.weightBytes).toBe(14000)
  })

  it('element-wise reuse takes the first eligible input; Mul(x, x) reads x once', () => {
    const g = tinyGraph({ nodes: ['A:Conv:i>a', 'B:Conv:i>b', 'M:Mul:a,a>m', 'S:Add:m,b>y'] })
    const c = curve(g, ['A', 'B', 'M', 'S'], 'inplace')
    expect(c.duringBytes).toEqual([100, 200, 300, 200, 200])
  })

  it('walkBytes with overridden sizes reuses the same walk', () => {
    const ig = indexGraph(NAMED.chain)
    const bytes = Float64Array.from(ig.bytes, (b) => b / 2)
    const r = walkBytes(ig, ig.topo, 'simple', bytes)
    expect(r.peakBytes).toBe(75)
    expect(createWalker(ig).run(ig.topo, 'simple')).toBe(150)
  })

  it('refuses tensors of unknown size with SHAPE_UNKNOWN, naming them and the symbol', () => {
    const g = tinyGraph({ nodes: ['A:Conv:x>a', 'B:Conv:a>y'] })
    g.tensors[1] = { ...g.tensors[1], shape: [1, 'seq'], bytes: null }
    expect(() => indexGraph(g)).toThrow(MemoriaError)
    try { indexGraph(g) } catch (e) {
      expect((e as MemoriaError).code).toBe('SHAPE_UNKNOWN')
      expect((e as MemoriaError).message).toMatch(/"a".*bind a value to seq, or give the shape of each$/)
    }
  })
})
