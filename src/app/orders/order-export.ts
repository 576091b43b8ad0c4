/**
 * An order as files: JSON exactly as `schedule --json` prints it (core/io/schedule-json.ts; `stats` for random),
 * and CSV with one row per step of the memory curve (step 0 is the graph inputs).
 */
import type { MemoriaGraph } from '../../core/graph/types.ts'
import { scheduleJson } from '../../core/io/schedule-json.ts'
import type { Curve } from './curves.ts'
import type { OrderEntry } from './orders-types.ts'

/** The entry as `schedule --json` prints it (core's scheduleJson), nothing of the app's own bookkeeping. */
export function orderJson(e: OrderEntry, graph: Pick<MemoriaGraph, 'warnings'>): string {
  return scheduleJson(e, graph)
}

/** RFC 4180: quote a field holding a comma, a quote or a line break; double the quotes inside. */
export function csvField(s: string): string {
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s
}

export function orderCsv(graph: MemoriaGraph, curve: Curve): string {
  const lines = ['step,node,op,during_bytes,after_bytes']
  lines.push(`0,,(graph inputs),${curve.during[0]},${curve.after[0]}`)
  curve.ids.forEach((v, k) => {
    const n = graph.nodes[v]
    lines.push([String(k + 1), csvField(n.name), csvField(n.op), String(curve.during[k + 1]), String(curve.after[k + 1])].join(','))
  })
  return lines.join('\r\n') + '\r\n'
}
