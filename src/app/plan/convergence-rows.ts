/**
 * The convergence chart's rows. A GenEFlow run reports every generation, and its best latency and best
 * violation stay flat for long stretches; recharts renders each row (a React element per point, its axes and
 * grid re-measured), ~100 ms per redraw on a 2-core machine at a few hundred generations. A generation
 * where both series equal their values at the generations before and after lies inside a flat stretch of
 * both lines: leaving it out draws the same lines. O(n).
 */
import type { GeneflowProgress } from '../../workers/partition-api.ts'

export interface ConvergenceRow {
  generation: number
  /** best latency, ms */
  latency: number
  /** best violation, MiB */
  violation: number
}

const MiB = 2 ** 20

export function convergenceRows(data: readonly GeneflowProgress[]): ConvergenceRow[] {
  const rows: ConvergenceRow[] = []
  for (let i = 0; i < data.length; i++) {
    const p = data[i]
    const flat = i > 0 && i < data.length - 1 &&
      data[i - 1].bestLatencyMs === p.bestLatencyMs && data[i + 1].bestLatencyMs === p.bestLatencyMs &&
      data[i - 1].bestViolationBytes === p.bestViolationBytes && data[i + 1].bestViolationBytes === p.bestViolationBytes
    if (!flat) rows.push({ generation: p.generation, latency: p.bestLatencyMs, violation: p.bestViolationBytes / MiB })
  }
  return rows
}
