import { describe, expect, it } from 'vitest'
import { chartRows, snapStep, THIN_ABOVE } from './chart-rows.ts'
import { stepTicks } from './ticks.ts'

const wave = (n: number, phase: number): number[] => Array.from({ length: n }, (_, k) => Math.round(1000 + 900 * Math.sin((k + phase) / 37) + (k % 11) * 5))

describe('chartRows', () => {
  it('keeps every step of an order up to the threshold', () => {
    const c = wave(THIN_ABOVE, 0)
    const { rows, unit } = chartRows([c], [5], 800)
    expect(unit).toBe(1)
    expect(rows.map((r) => r.step)).toEqual(c.map((_, k) => k))
    expect(rows[7].s0).toBe(c[7])
  })

  it('past it, keeps each bucket\'s extremes per curve, the peaks, the ends and the round steps', () => {
    const a = wave(6191, 0), b = wave(5000, 17)
    const peakA = a.indexOf(Math.max(...a))
    const { rows, unit } = chartRows([a, b], [peakA, 4321], 1000)
    expect(rows.length).toBeLessThan(2500)
    const steps = new Set(rows.map((r) => r.step))
    expect(steps.has(0) && steps.has(6190) && steps.has(peakA) && steps.has(4321)).toBe(true)
    expect(unit).toBe(10)
    for (let k = 0; k < 6191; k += unit) expect(steps.has(k)).toBe(true)
    // the drawn line keeps the extremes of every 2-pixel bucket: max and min of the rows equal the curve's
    const rowsA = rows.filter((r) => r.s0 !== undefined).map((r) => r.s0 as number)
    expect(Math.max(...rowsA)).toBe(Math.max(...a))
    expect(Math.min(...rowsA)).toBe(Math.min(...a))
    const size = Math.ceil(6191 / 500)
    for (let s = 0; s < 6191; s += size) {
      const bucket = a.slice(s, s + size)
      const kept = rows.filter((r) => r.step >= s && r.step < s + size).map((r) => r.s0 as number)
      expect(Math.max(...kept)).toBe(Math.max(...bucket))
      expect(Math.min(...kept)).toBe(Math.min(...bucket))
    }
    // the shorter curve has no value past its end
    expect(rows.find((r) => r.step === 6190)?.s1).toBeUndefined()
    // the ticks of any zoom are rows
    for (const [from, to] of [[0, 6190], [1200, 1450], [3000, 3030]]) for (const t of stepTicks(from, to, 8, unit)) expect(steps.has(t)).toBe(true)
  })
})

describe('snapStep', () => {
  it('gives the nearest row\'s step, the earlier one on a tie', () => {
    const rows = [0, 10, 20, 35].map((step) => ({ step }))
    expect(snapStep(rows, 0)).toBe(0)
    expect(snapStep(rows, 14)).toBe(10)
    expect(snapStep(rows, 15)).toBe(10)
    expect(snapStep(rows, 16)).toBe(20)
    expect(snapStep(rows, 99)).toBe(35)
    expect(snapStep([], 7)).toBe(7)
  })
})
