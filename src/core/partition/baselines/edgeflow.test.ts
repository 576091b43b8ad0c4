import { describe, expect, it } from 'vitest'
import * as fc from 'fast-check'
import { validateCluster } from '../cluster'
import { Evaluator, evaluate } from '../evaluate'
import { partition, partitionWithStats } from '../partition'
import { buildProblem, CHANNEL, SPATIAL, type Decision } from '../problem'
import { GraphBuilder, inceptionBlock, residualBlock } from '../test-graphs'
import { bottleneckShares, RatioStep } from './edgeflow'

/** every way to write L as K ordered whole shares */
function* compositions(L: number, K: number): Generator<number[]> {
  if (K === 1) { yield [L]; return }
  for (let s = 0; s <= L; s++) for (const rest of compositions(L - s, K - 1)) yield [s, ...rest]
}

const bottleneck = (alpha: number[], beta: number[], s: number[]): number => {
  let T = -Infinity
  s.forEach((x, j) => { if (x > 0) T = Math.max(T, beta[j] === Infinity ? Infinity : alpha[j] + beta[j] * x) })
  return T
}

describe('EdgeFlow\'s ratio step (bottleneckShares)', () => {
  it('equals brute force over every share vector of small layers', () => {
    fc.assert(fc.property(
      fc.integer({ min: 1, max: 9 }),
      fc.array(fc.record({ a: fc.double({ min: 0, max: 20, noNaN: true }), b: fc.double({ min: 0.05, max: 5, noNaN: true }), off: fc.boolean() }), { minLength: 1, maxLength: 4 }),
      (L, devs) => {
        if (devs.every((d) => d.off)) devs[0].off = false
        const alpha = devs.map((d) => d.a)
        const beta = devs.map((d) => (d.off ? Infinity : d.b))
        const out = new Int32Array(devs.length)
        const T = bottleneckShares(alpha, beta, L, out)
        let brute = Infinity
        for (const s of compositions(L, devs.length)) brute = Math.min(brute, bottleneck(alpha, beta, s))
        expect(Array.from(out).reduce((x, y) => x + y, 0)).toBe(L)
        expect(bottleneck(alpha, beta, Array.from(out))).toBeCloseTo(T, 9)
        expect(T).toBeCloseTo(brute, 9)
        devs.forEach((d, j) => { if (d.off) expect(out[j]).toBe(0) })
      }), { numRuns: 300 })
  })

  it('skews shares toward the device that can start first (the one holding the input)', () => {
    // equal rates (1 ms per unit); b can start only at 6 ms: a takes 8 of 10 units and both end at 8
    const out = new Int32Array(2)
    expect(bottleneckShares([0, 6], [1, 1], 10, out)).toBe(8)
    expect(Array.from(out)).toEqual([8, 2])
    // b never worth it: everything on a
    expect(bottleneckShares([0, 50], [1, 1], 10, out)).toBe(10)
    expect(Array.from(out)).toEqual([10, 0])
  })
})

/** one conv layer, input x[1,8,16,16] on the source, output gathered back */
function oneConv() {
  const g = new GraphBuilder('one-conv')
  const x = g.input('x', [1, 8, 16, 16])
  return g.build([g.conv('c', x, 12, 3)])
}

const hetero = (k: number, broadcast = true, network: 'star' | 'shared' = 'star') => validateCluster({
  devices: [
    { name: 'a', gflops: 2, memoryBytes: 1 << 26, bandwidthMbps: 100, latencyMs: 0.2 },
    { name: 'b', gflops: 6, memoryBytes: 1 << 26, bandwidthMbps: 200, latencyMs: 0.1, kernelOverheadMs: 0.05 },
    { name: 'c', gflops: 3, memoryBytes: 1 << 26, bandwidthMbps: 50, latencyMs: 0.3 },
  ].slice(0, k),
  router: { broadcast }, network, source: 'a',
})

describe('EdgeFlow baseline', () => {
  it.each([[2, 'star', CHANNEL], [3, 'star', CHANNEL], [2, 'shared', CHANNEL], [3, 'star', SPATIAL], [2, 'shared', SPATIAL]] as const)(
    'on a small layer (K = %i, %s, dim %i) its split finishes the layer as early as the best of every share vector', (k, network, kind) => {
      const graph = oneConv()
      const ev = new Evaluator(buildProblem(graph, hetero(k, true, network)), 'inplace')
      const v = 0
      const L = kind === CHANNEL ? 12 : 16
      ev.sim.reset()
      const shares = new RatioStep(ev).optimise(v, kind, L) as Int32Array
      expect(Array.from(shares).reduce((x, y) => x + y, 0)).toBe(L)
      const d: Decision = { kind, device: -1, shares }
      const got = ev.sim.step(v, d, false)
      // brute force over every share vector of the layer with the same dry run of the simulation
      let brute = Infinity, arg: number[] = []
      for (const s of compositions(L, k)) {
        d.shares = Int32Array.from(s)
        const f = ev.sim.step(v, d, false)
        if (f < brute) { brute = f; arg = s }
      }
      expect(got).toBeCloseTo(brute, 9)
      // skewed, not proportional to speed (2 : 6 : 3): the source a, holding the input, starts first
      expect(Array.from(shares)).toEqual(arg)
    })

  it('gives a plan evaluate agrees with, every node assigned, shares summing to the axis', () => {
    for (const g of [residualBlock(), inceptionBlock()]) {
      for (const c of [hetero(3), hetero(3, false, 'shared')]) {
        const plan = partition(g, c, { algo: 'edgeflow' })
        expect(evaluate(g, c, plan)).toEqual(plan)
        expect(plan.assignments).toHaveLength(g.nodes.length)
        expect(plan.assignments.some((a) => a.shares !== undefined)).toBe(true)
      }
    }
  })

  it('seeds GenEFlow, which keeps its optimised splits among the alleles and is never worse', () => {
    const g = inceptionBlock()
    const { plan, stats } = partitionWithStats(g, hetero(3), { seed: 2, generations: 6, population: 12 })
    expect(stats.seeds.edgeflow).toBeDefined()
    expect(plan.latencyMs).toBeLessThanOrEqual(stats.seeds.edgeflow.latencyMs + 1e-6)
    expect(evaluate(g, hetero(3), plan)).toEqual(plan)
  })
})
