/**
 * Issue 16, defect 2: BTSearch honours its time limit (and a cancel) during set-up too, and the set-up's
 * superlinear refinements are budgeted without losing soundness. No timing here: a clock that advances one
 * millisecond per reading makes "the limit is reached at the k-th check" deterministic.
 */
import * as fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { chain, fanOut, randomDag } from '../../../bench/gen/big.ts'
import { addForcedLive, ancestors, lowerBound, type Ancestors } from './bound.ts'
import { fileOrder } from './baselines.ts'
import { btsearch } from './btsearch.ts'
import { buildGroups, type Groups } from './groups.ts'
import { checkOrder, indexGraph, orderFromNames, type IndexedGraph } from './indexed.ts'
import { randomGraph } from './random-graph.ts'
import { schedule } from './schedule.ts'
import { forcedPrefix } from './segment-plan.ts'
import { MemState } from './state.ts'
import { tinyGraph } from './test-graphs.ts'
import { createWalker } from './walk.ts'

/** one millisecond per reading */
function tickingClock(): () => number {
  let t = 0
  return () => t++
}

/** The forced-live term as it was written first: per group, a scan of every node (O(groups × nodes)). */
function forcedLiveByScan(ig: IndexedGraph, gr: Groups, anc: Ancestors): Float64Array {
  const { words, bits } = anc
  const n = ig.nNodes
  const add = new Float64Array(n)
  const isAnc = (u: number, v: number): boolean => (bits[v * words + (u >>> 5)] & (1 << (u & 31))) !== 0
  for (let g = 0; g < gr.count; g++) {
    const size = gr.bytes[g]
    if (size === 0) continue
    const p = gr.producer[g]
    const cons = Array.from(gr.consList.subarray(gr.consStart[g], gr.consStart[g + 1]))
    for (let v = 0; v < n; v++) {
      if (v === p || cons.includes(v) || !(p < 0 || isAnc(p, v))) continue
      if (gr.holdsOut[g] || cons.some((c) => isAnc(v, c))) add[v] += size
    }
  }
  return add
}

const BIG = [fanOut(400), randomDag(600, 3), chain(300)]

describe('BTSearch under a time limit', () => {
  it('checks the limit during set-up: at 0 ms it answers with the file order, unproven, and more time never gives a worse order', () => {
    for (const g of BIG) {
      const ig = indexGraph(g)
      const walker = createWalker(ig)
      const first = btsearch(ig, 'inplace', { timeLimitMs: 0, now: tickingClock() })
      // the chain's and the fan-out's file orders meet the static bound (proven, done: for the fan-out the
      // last step's, every output kept to the end); the random DAG is cut short
      expect(first.stopped).toBe(g.name.startsWith('random') ? 'time' : 'done')
      expect(first.incumbentAlgo).toBe('file')
      expect(Array.from(first.order)).toEqual(Array.from(fileOrder(ig)))
      expect(first.states).toBe(0)
      expect(first.optimal).toBe(first.peakBytes <= first.staticLowerBoundBytes)
      for (const limit of [1, 2, 3, 5, 8, 13, 40, 200]) {
        const r = btsearch(ig, 'inplace', { timeLimitMs: limit, now: tickingClock() })
        checkOrder(ig, r.order)
        expect(r.peakBytes).toBe(walker.run(r.order, 'inplace'))
        expect(r.peakBytes).toBeLessThanOrEqual(first.peakBytes)
        expect(r.lowerBoundBytes).toBeLessThanOrEqual(r.peakBytes)
        if (r.stopped === 'time') expect(r.optimal).toBe(r.peakBytes <= r.lowerBoundBytes)
      }
    }
  })

  it('cut short, a random DAG is reported unproven with a valid order; the chain and the fan-out are proven at once', () => {
    const ig = indexGraph(randomDag(600, 3))
    const dag = btsearch(ig, 'simple', { timeLimitMs: 3, now: tickingClock() })
    expect(dag.stopped).toBe('time')
    expect(dag.optimal).toBe(false)
    checkOrder(ig, dag.order)
    // the file order of a chain meets the static bound: proven before the clock matters
    const r = schedule(chain(300), { timeLimitMs: 0, now: tickingClock() })
    expect(r.optimal).toBe(true)
    expect(r.boundAt).toBe('node')
    // 400 outputs kept to the end beside the shared input: the last step's bound, whichever node runs last
    const fan = schedule(fanOut(400), { algo: 'btsearch', memoryModel: 'simple', timeLimitMs: 0, now: tickingClock() })
    expect(fan.optimal).toBe(true)
    expect(fan.boundAt).toBe('outputs')
    expect(fan.boundNode).toBeNull()
    const outputs = fanOut(400).tensors.filter((t) => t.name !== 'x').reduce((sum, t) => sum + (t.bytes ?? 0), 0)
    expect(fan.peakBytes).toBe(outputs + 256 * 4)
    expect(fan.explanation).toBe('no order can do better: the peak equals the lower bound, forced by the last step (every graph output is kept to the end, beside the last node\'s inputs, whichever node runs last)')
  })

  it('a cancel during set-up stops it the same way', () => {
    const ig = indexGraph(randomDag(600, 3))
    let calls = 0
    const r = btsearch(ig, 'simple', { isCancelled: () => ++calls > 2 })
    expect(r.stopped).toBe('cancelled')
    expect(r.optimal).toBe(false)
    checkOrder(ig, r.order)
  })

  it('schedule counts the limit from its own call (indexing included) and says the order is not proven', () => {
    const r = schedule(randomDag(600, 3), { timeLimitMs: 2, now: tickingClock() })
    expect(r.optimal).toBe(false)
    expect(r.order).toHaveLength(600)
    expect(r.warnings).toEqual([expect.stringMatching(/^time limit reached: this is the best order found so far, not proven optimal; /)])
  })
})

describe('set-up on big graphs under a tiny limit', () => {
  it('a 50k-node random DAG at 0 ms: the file order, walked, not proven, no state explored', () => {
    const g = randomDag(50_000, 7)
    const ig = indexGraph(g)
    const r = schedule(g, { timeLimitMs: 0, now: tickingClock() })
    const order = orderFromNames(ig, r.order)
    checkOrder(ig, order)
    expect(Array.from(order)).toEqual(Array.from(fileOrder(ig)))
    expect(r.peakBytes).toBe(createWalker(ig).run(order, 'inplace'))
    expect(r.optimal).toBe(false)
    expect(r.peakBytes).toBeGreaterThan(r.lowerBoundBytes)
    expect(r.states).toBe(0)
    expect(r.warnings[0]).toMatch(/^time limit reached: /)
  })

  it('the forced prefix stops when told: what it has run by then is the start of the full prefix', () => {
    // 6,000 equal in-place Relus in a row: every one keeps no more than it frees, so all are forced
    const n = 6000
    const ig = indexGraph(tinyGraph({ nodes: Array.from({ length: n }, (_, i) => `n${i}:Relu:t${i}>t${i + 1}`) }))
    const gr = buildGroups(ig, 'inplace')
    const full = forcedPrefix(ig, new MemState(ig, gr), Infinity)
    expect(full).toHaveLength(n)
    const cut = forcedPrefix(ig, new MemState(ig, gr), Infinity, Infinity, () => true)
    expect(cut.length).toBeGreaterThan(0)
    expect(cut.length).toBeLessThan(n)
    expect(Array.from(cut)).toEqual(Array.from(full.subarray(0, cut.length)))
  })
})

describe('the forced-live term', () => {
  it('equals the per-group scan on random graphs, and a cut budget leaves every node\'s bound between the static one and the full one', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 2 ** 31 - 1 }), fc.integer({ min: 1, max: 40 }), fc.nat(60), (seed, n, budget) => {
      const ig = indexGraph(randomGraph(seed, n))
      const anc = ancestors(ig) as Ancestors
      for (const model of ['simple', 'inplace'] as const) {
        const gr = buildGroups(ig, model)
        const full = new Float64Array(ig.nNodes)
        addForcedLive(ig, gr, anc, full, Infinity)
        expect(Array.from(full)).toEqual(Array.from(forcedLiveByScan(ig, gr, anc)))
        const part = new Float64Array(ig.nNodes)
        addForcedLive(ig, gr, anc, part, budget)
        part.forEach((x, v) => {
          expect(x).toBeGreaterThanOrEqual(0)
          expect(x).toBeLessThanOrEqual(full[v])
        })
        const lb = lowerBound(ig, gr, anc)
        const stopped = lowerBound(ig, gr, anc, () => true)
        expect(stopped.bytes).toBeLessThanOrEqual(lb.bytes)
      }
    }), { numRuns: 150 })
  })
})
