import { describe, expect, it } from 'vitest'
import { niceStep, niceTicks } from './ticks.ts'

const isNice = (step: number) => {
  const m = step / 10 ** Math.floor(Math.log10(step) + 1e-9)
  return [1, 2, 5].some((x) => Math.abs(m - x) < 1e-9)
}

describe('nice ticks', () => {
  it('memory axis: regnet’s 5.42 MB peak (+8 % headroom) reads 0, 1, 2 … 6 MB, not 4.99 or 5.85', () => {
    const top = Math.ceil(5_419_008 * 1.08)
    const t = niceTicks(0, top, 7, { cover: true })
    expect(t).toEqual([0, 1e6, 2e6, 3e6, 4e6, 5e6, 6e6])
    expect(t[t.length - 1]).toBeGreaterThanOrEqual(top)
  })
  it('step axis starts at 0 (the graph inputs) and steps by whole 1/2/5 × 10^k', () => {
    expect(niceTicks(0, 217, 8, { minStep: 1 })).toEqual([0, 50, 100, 150, 200])
    expect(niceTicks(0, 3, 8, { minStep: 1 })).toEqual([0, 1, 2, 3])
    // a zoomed (brushed) range starts at its first round step
    expect(niceTicks(37, 90, 8, { minStep: 1 })).toEqual([40, 50, 60, 70, 80, 90])
  })
  it('every step is 1, 2 or 5 × 10^k and the ticks fit the count', () => {
    for (const top of [1, 7, 99, 1_000, 4_990_000, 5_850_000, 123_456_789, 0.37]) {
      for (const n of [3, 5, 8]) {
        const t = niceTicks(0, top, n, { cover: true })
        expect(t[0]).toBe(0)
        const step = t[1] - t[0]
        expect(isNice(step)).toBe(true)
        expect(isNice(niceStep(top, n))).toBe(true)
        expect(t.length).toBeLessThanOrEqual(n + 1)
        expect(t[t.length - 1]).toBeGreaterThanOrEqual(top)
      }
    }
  })
})
