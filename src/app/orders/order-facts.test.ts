import { describe, expect, it } from 'vitest'
import { NAMED } from '../../core/memory/test-graphs.ts'
import {
  boundLabel, boundReason, chartPeakName, entryTitle, formatReduction, randomMeanBytes, randomPeakText, reductionOf, tieNote,
} from './order-facts.ts'
import type { OrderEntry } from './orders-types.ts'

const base = (over: Partial<OrderEntry>): OrderEntry => ({
  id: 'x', modelKey: 'k', stopped: false, finishedAt: 0, algo: 'btsearch', memoryModel: 'simple', symbols: {},
  peakBytes: 100, weightBytes: 0, order: [], optimal: false, lowerBoundBytes: 80, states: null, elapsedMs: 1,
  warnings: [], boundNode: 'B', staticBoundBytes: 80, ...over,
})

describe('order facts', () => {
  it('measures the reduction against random mean, not its rounded peak', () => {
    const random = base({ algo: 'random', peakBytes: 199, stats: { min: 150, mean: 199.5, median: 200, max: 260 } })
    expect(randomMeanBytes([base({}), random])).toBe(199.5)
    expect(reductionOf(100, 200)).toBeCloseTo(0.5)
    expect(formatReduction(0.5)).toBe('−50.0 %')
    expect(formatReduction(-0.1)).toBe('+10.0 %')
    expect(formatReduction(null)).toBe('—')
  })

  it('names the node that forces the peak only when the bound proves it', () => {
    const g = NAMED.diamond
    expect(boundReason(base({ peakBytes: 100, lowerBoundBytes: 80 }), g)).toBeNull()
    const r = boundReason(base({ peakBytes: 80, lowerBoundBytes: 80, optimal: true }), g)
    expect(r).toMatch(/No order can do better: the Conv node “B” needs 80 B/)
  })

  it('says plainly when every order ties at the bound', () => {
    const g = NAMED.diamond
    const entries = [
      base({ algo: 'btsearch', peakBytes: 80, lowerBoundBytes: 80, optimal: true }),
      base({ algo: 'file', peakBytes: 80, lowerBoundBytes: 80 }),
      base({ algo: 'random', peakBytes: 80, lowerBoundBytes: 80, stats: { min: 80, mean: 80, median: 80, max: 80 } }),
    ]
    const t = tieNote(entries, g)
    expect(t?.text).toMatch(/All 3 orders tie at 80 B: the Conv node “B” needs that much by itself/)
    expect(tieNote([...entries.slice(0, 2), base({ algo: 'dfs', peakBytes: 90 })], g)).toBeNull()
  })

  it('credits the search, not a node, when only BTSearch proves the tie', () => {
    const g = NAMED.diamond
    const entries = [
      base({ algo: 'btsearch', peakBytes: 90, lowerBoundBytes: 90, staticBoundBytes: 80, optimal: true, states: 12 }),
      base({ algo: 'file', peakBytes: 90, lowerBoundBytes: 80 }),
    ]
    expect(tieNote(entries, g)?.text).toMatch(/BTSearch proved that no order does better \(12 states searched\)/)
    expect(boundReason(entries[0], g)).toMatch(/Proven optimal by BTSearch \(12 states searched\)/)
    expect(boundReason(entries[1], g)).toBeNull()
  })

  it('names random’s two peaks apart: the mean over the orders drawn, and the median sample the charts show', () => {
    // regnet_y_400mf under simple, 100 samples: mean 5.70 MB = 5.44 MiB, the median sample peaks at 5.17 MiB
    const random = base({ algo: 'random', peakBytes: 5_700_000, samples: 100, stats: { min: 5_419_008, mean: 5_700_000.4, median: 5_419_008, max: 6_422_528 } })
    const t = randomPeakText(random)
    expect(t?.mean).toBe('mean peak 5.44 MiB over 100 orders')
    expect(t?.shown).toBe('the order shown is the median sample, peak 5.17 MiB')
    // the chart, the legend and the compare table name the shown order and its peak the same way
    expect(entryTitle(random)).toBe('Random (median sample)')
    expect(chartPeakName(random)).toBe('median sample’s peak')
    expect(chartPeakName(base({ algo: 'dfs' }))).toBe('peak')
    expect(randomPeakText(base({ algo: 'file' }))).toBeNull()
  })

  it('labels BTSearch’s proven bound apart from the static bound of the other orders', () => {
    expect(boundLabel(base({ algo: 'btsearch', lowerBoundBytes: 4_620_000, staticBoundBytes: 4_010_000 })).label).toBe('proven bound')
    for (const algo of ['file', 'bfs', 'dfs', 'greedy', 'random'] as const) {
      expect(boundLabel(base({ algo })).label).toBe('static bound')
    }
    expect(boundLabel(base({ algo: 'btsearch' })).title).toMatch(/BTSearch proved/)
    expect(boundLabel(base({ algo: 'file' })).title).toMatch(/same for every order; BTSearch may prove a higher one/)
  })
})
