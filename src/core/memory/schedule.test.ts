// SPEC.md section 3 as core's `schedule` computes it: random's statistics from the very orders the seeded
// generator draws, the defaults, `states` null for what does not search, and the same seed giving the same result.
import { describe, expect, it } from 'vitest'
import { createRng } from '../random.ts'
import { randomOrder } from './baselines.ts'
import { indexGraph } from './indexed.ts'
import { randomGraph } from './random-graph.ts'
import { schedule, SCHEDULE_ALGOS } from './schedule.ts'
import { NAMED } from './test-graphs.ts'
import { createWalker } from './walk.ts'

/** A graph whose random orders differ in peak (checked below, so the statistics are not all one value). */
const graph = NAMED.forkJoin

describe('random (SPEC.md section 3)', () => {
  for (const samples of [1, 2, 7, 10, 100]) {
    it(`${samples} samples: min, mean rounded down, median the lower middle, max, and the order nearest the median`, () => {
      for (const model of ['simple', 'inplace'] as const) {
        const r = schedule(graph, { algo: 'random', memoryModel: model, seed: 5, samples })
        // the same draws, recomputed: one sfc32 stream seeded once, a uniformly random ready node per step
        const ig = indexGraph(graph)
        const rng = createRng(5)
        const walker = createWalker(ig)
        const peaks = Array.from({ length: samples }, () => walker.run(randomOrder(ig, rng), model))
        const sorted = [...peaks].sort((a, b) => a - b)
        const mean = Math.floor(peaks.reduce((a, b) => a + b, 0) / samples)
        expect(r.stats).toEqual({ min: sorted[0], mean, median: sorted[Math.floor((samples - 1) / 2)], max: sorted[samples - 1] })
        expect(r.peakBytes).toBe(mean)
        // the median is one of the samples, so the order nearest it has exactly the median's peak
        expect(walker.run(r.order.map((name) => ig.nodeNames.indexOf(name)), model)).toBe(r.stats!.median)
        expect(r.states).toBeNull()
        if (samples === 100) expect(new Set(peaks).size).toBeGreaterThan(1)
      }
    })
  }

  it('defaults to seed 1 and 100 samples; a seed gives the same result every time', () => {
    const g = randomGraph(17, 10)
    const strip = (x: ReturnType<typeof schedule>) => ({ ...x, elapsedMs: 0 })
    expect(strip(schedule(g, { algo: 'random' }))).toEqual(strip(schedule(g, { algo: 'random', seed: 1, samples: 100, memoryModel: 'inplace' })))
    expect(strip(schedule(g, { algo: 'random', seed: 9 }))).toEqual(strip(schedule(g, { algo: 'random', seed: 9 })))
  })
})

describe('every algorithm', () => {
  it('defaults to btsearch under inplace; states is null exactly for the algorithms that do not search', () => {
    const d = schedule(graph)
    expect(d).toMatchObject({ algo: 'btsearch', memoryModel: 'inplace' })
    expect(typeof d.states).toBe('number')
    for (const algo of SCHEDULE_ALGOS) {
      const r = schedule(graph, { algo, memoryModel: 'simple' })
      expect(r.states === null).toBe(algo !== 'btsearch')
      expect([...r.order].sort()).toEqual([...graph.nodes.map((n) => n.name)].sort())
      expect(r.lowerBoundBytes).toBeLessThanOrEqual(r.peakBytes)
    }
  })
})
