import { describe, expect, it } from 'vitest'
import { attentionBlock } from '../partition/test-graphs.ts'
import { schedule, stoppedSearchOutcome } from './schedule.ts'

describe('stoppedSearchOutcome', () => {
  const g = attentionBlock()
  const best = schedule(g, { algo: 'btsearch', memoryModel: 'simple' })
  const worst = [...['file', 'bfs', 'dfs'] as const].map((algo) => schedule(g, { algo, memoryModel: 'simple' })).sort((a, b) => b.peakBytes - a.peakBytes)[0]

  it('walks the reported order again and says it is unproven, as a stopped search does', () => {
    // a report whose order is worse than the optimum: the peak is the walk's, the bound the static one
    const r = stoppedSearchOutcome(g, 'simple', { order: worst.order, states: 42, elapsedMs: 7, lowerBoundBytes: null }, 'restarted')
    expect(r.peakBytes).toBe(worst.peakBytes)
    expect(r.order).toEqual(worst.order)
    expect(r.states).toBe(42)
    expect(r.weightBytes).toBe(best.weightBytes)
    // the static bound holds for every order: never above the optimum
    expect(r.staticBoundBytes).toBeGreaterThan(0)
    expect(r.staticBoundBytes).toBeLessThanOrEqual(best.peakBytes)
    expect(worst.peakBytes).toBeGreaterThan(best.peakBytes) // the graph has a worse order to report
    expect(r.optimal).toBe(false)
    expect(r.warnings.some((w) => w.startsWith('stopped by the user: this is the best order found so far, not proven optimal'))).toBe(true)
    expect(r.warnings.at(-1)).toBe('restarted')
  })

  it('an order that meets the bound the search had proven is optimal', () => {
    const r = stoppedSearchOutcome(g, 'simple', { order: best.order, states: 5, elapsedMs: 1, lowerBoundBytes: best.peakBytes }, 'restarted')
    expect(r.optimal).toBe(true)
    expect(r.peakBytes).toBe(best.peakBytes)
    expect(r.lowerBoundBytes).toBe(best.peakBytes)
  })

  it('refuses an order that is not the graph\'s', () => {
    expect(() => stoppedSearchOutcome(g, 'simple', { order: ['nope'], states: 0, elapsedMs: 0, lowerBoundBytes: null }, 'x')).toThrow()
  })
})
