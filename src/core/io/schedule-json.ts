/**
 * A schedule result as the file SPEC's section 3 describes (`memoria schedule --json`, and the orders panel's
 * JSON download): one function writes it for both, so the page's file equals the command's for the same
 * model and settings (all but `elapsedMs`, a measured time). The graph's own warnings (from reading the model:
 * an assumed symbol, an unknown operator) come first, then the result's. Keys in a fixed order: SPEC's
 * fields, then `stats` and `samples` (random), `boundNode`, `boundAt` and `explanation`. O(size of the order).
 */
import type { MemoriaGraph } from '../graph/types.ts'
import type { ScheduleResult } from '../memory/schedule.ts'

/** What a schedule JSON holds: a `ScheduleResult`, whose `explanation` and `boundAt` an older saved entry may lack. */
export type ScheduleJsonInput = Omit<ScheduleResult, 'explanation' | 'boundAt'> & { explanation?: string; boundAt?: ScheduleResult['boundAt'] }

export function scheduleJsonObject(r: ScheduleJsonInput, graph: Pick<MemoriaGraph, 'warnings'>): Record<string, unknown> {
  const out: Record<string, unknown> = {
    algo: r.algo,
    memoryModel: r.memoryModel,
    symbols: r.symbols,
    peakBytes: r.peakBytes,
    weightBytes: r.weightBytes,
    order: r.order,
    optimal: r.optimal,
    lowerBoundBytes: r.lowerBoundBytes,
    states: r.states,
    elapsedMs: r.elapsedMs,
    warnings: [...(graph.warnings ?? []), ...r.warnings],
  }
  if (r.stats !== undefined) out.stats = r.stats
  if (r.samples !== undefined) out.samples = r.samples
  out.boundNode = r.boundNode
  out.boundAt = r.boundAt ?? (r.boundNode === null ? 'inputs' : 'node')
  if (r.explanation !== undefined) out.explanation = r.explanation
  return out
}

/** The file: two-space JSON and a final line break, as the command prints it. */
export function scheduleJson(r: ScheduleJsonInput, graph: Pick<MemoriaGraph, 'warnings'>): string {
  return `${JSON.stringify(scheduleJsonObject(r, graph), null, 2)}\n`
}
