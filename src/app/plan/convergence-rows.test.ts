import { describe, expect, it } from 'vitest'
import { createRng } from '../../core/random.ts'
import type { GeneflowProgress } from '../../workers/partition-api.ts'
import { convergenceRows, type ConvergenceRow } from './convergence-rows.ts'

const progress = (generation: number, bestLatencyMs: number, bestViolationBytes: number): GeneflowProgress =>
  ({ generation, bestLatencyMs, bestViolationBytes, meanLatencyMs: 0, evaluations: 0, bestGenome: null }) as unknown as GeneflowProgress

/** The value of the polyline through `rows` at generation g (linear between the kept points). */
function at(rows: ConvergenceRow[], g: number, key: 'latency' | 'violation'): number {
  const j = rows.findIndex((r) => r.generation >= g)
  if (rows[j].generation === g) return rows[j][key]
  const a = rows[j - 1], b = rows[j]
  return a[key] + (b[key] - a[key]) * (g - a.generation) / (b.generation - a.generation)
}

describe('convergenceRows', () => {
  it('draws the same two lines as every generation, with the flat stretches left out', () => {
    const rng = createRng(7)
    for (let trial = 0; trial < 50; trial++) {
      const data: GeneflowProgress[] = []
      let lat = 1000, viol = 5 * 2 ** 20
      for (let g = 1; g <= 300; g++) {
        if (rng.int(20) === 0) lat -= rng.int(50)
        if (rng.int(30) === 0) viol = Math.max(0, viol - rng.int(2 ** 20))
        if (rng.int(100) === 0) lat += 5 // not always monotone: a trade against the violation
        data.push(progress(g, lat, viol))
      }
      const rows = convergenceRows(data)
      expect(rows[0].generation).toBe(1)
      expect(rows[rows.length - 1].generation).toBe(300)
      for (const p of data) {
        expect(at(rows, p.generation, 'latency')).toBeCloseTo(p.bestLatencyMs, 9)
        expect(at(rows, p.generation, 'violation')).toBeCloseTo(p.bestViolationBytes / 2 ** 20, 9)
      }
      // far fewer points than generations: a few dozen changes in 300
      expect(rows.length).toBeLessThan(120)
    }
  })

  it('keeps a run of one or two generations whole', () => {
    expect(convergenceRows([progress(1, 5, 0)]).map((r) => r.generation)).toEqual([1])
    expect(convergenceRows([progress(1, 5, 0), progress(2, 5, 0)]).map((r) => r.generation)).toEqual([1, 2])
    expect(convergenceRows([progress(1, 5, 0), progress(2, 5, 0), progress(3, 5, 0)]).map((r) => r.generation)).toEqual([1, 3])
  })
})
