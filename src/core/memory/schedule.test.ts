// docs/spec.md section 3 as core's `schedule` computes it: random's statistics from the very orders the seeded
// generator draws, the defaults, `states` null for what does not search, and the same seed giving the same result.
import { describe, expect, it } from 'vitest'
import { createRng } from '../random.ts'
import { randomOrder } from './baselines.ts'
import { indexGraph } from './indexed.ts'
import { randomGraph } from './random-graph.ts'
import { RandomSampler } from './random-sampler.ts'
import { schedule, scheduleIndexed, scheduleInSlices, SCHEDULE_ALGOS } from './schedule.ts'
import { NAMED } from './test-graphs.ts'
import { createWalker } from './walk.ts'

/** A graph whose random orders differ in peak (checked below, so the statistics are not all one value). */
const graph = NAMED.forkJoin

describe('random (docs/spec.md section 3)', () => {
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

  it('checks options on both public entries (schedule, scheduleIndexed): ARG_INVALID naming an unknown memory model', () => {
    expect(() => schedule(graph, { memoryModel: 'huge' as never })).toThrow(
      expect.objectContaining({ code: 'ARG_INVALID', message: expect.stringContaining('unknown memory model "huge"; use simple or inplace') }))
    const ig = indexGraph(graph)
    expect(() => scheduleIndexed(ig, { memoryModel: 'huge' as never })).toThrow(expect.objectContaining({ code: 'ARG_INVALID' }))
    expect(() => scheduleIndexed(ig, { algo: 'random', samples: 0 })).toThrow(expect.objectContaining({ code: 'ARG_INVALID' }))
    expect(scheduleIndexed(ig, { algo: 'random', seed: 5 })).toEqual(schedule(graph, { algo: 'random', seed: 5 }))
  })
})

describe('in slices (the command line: Ctrl-C gets in between slices)', () => {
  const pause = (): Promise<void> => Promise.resolve()
  const strip = (x: ReturnType<typeof schedule>) => ({ ...x, elapsedMs: 0 })

  it('gives exactly what schedule gives, for every algorithm', async () => {
    const g = randomGraph(23, 12)
    for (const algo of SCHEDULE_ALGOS) {
      for (const memoryModel of ['simple', 'inplace'] as const) {
        expect(strip(await scheduleInSlices(g, { algo, memoryModel, samples: 300, pause }))).toEqual(strip(schedule(g, { algo, memoryModel, samples: 300 })))
      }
    }
  })

  it('random, cancelled after the first batch: the statistics of the samples drawn, and a warning that says how many', async () => {
    const g = randomGraph(23, 12)
    let pauses = 0
    const r = await scheduleInSlices(g, { algo: 'random', samples: 1_000_000, pause: async () => void pauses++, isCancelled: () => pauses > 0 })
    const drawn = Math.floor(1e6 / indexGraph(g).nNodes) // one batch
    expect(r.warnings).toContain(`cancelled after ${drawn.toLocaleString('en-US')} samples; the figures cover those`)
    const s = new RandomSampler(indexGraph(g), 'inplace', 1, drawn)
    while (!s.step(1000)) { /* draw them all */ }
    expect(r.stats).toEqual(s.result().stats)
  })
})

describe('RandomSampler', () => {
  it('any batching gives the same samples, and the order returned is the first sample at the median', () => {
    const ig = indexGraph(graph)
    const whole = new RandomSampler(ig, 'simple', 3, 50)
    whole.step(50)
    const batched = new RandomSampler(ig, 'simple', 3, 50)
    for (const b of [1, 7, 2, 40]) batched.step(b)
    expect(batched.drawn).toBe(50)
    expect(batched.result()).toEqual(whole.result())
    // the order returned is the first drawn whose peak is the median
    const rng = createRng(3)
    const walker = createWalker(ig)
    const orders = Array.from({ length: 50 }, () => randomOrder(ig, rng))
    const first = orders.find((o) => walker.run(o, 'simple') === whole.result().stats.median)
    expect(whole.result().order).toEqual(first)
  })
})
