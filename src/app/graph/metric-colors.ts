/**
 * "Colour by" for the graph view (issue 11): every drawn item coloured by its activation size (the bytes
 * of the outputs it produces) or its FLOPs, on a log scale from the smallest to the largest drawn value.
 * A collapsed group takes its members' total (core's group aggregates). Items of unknown or zero value stay
 * uncoloured. Pure; O(items).
 */
import type { MemoriaGraph } from '../../core/graph/types.ts'
import type { GroupTree } from '../../core/view/groups.ts'
import type { VisibleGraph } from '../../core/view/visible.ts'

export type ColorMetric = 'none' | 'activation' | 'flops'

/** a sequential ramp, light to dark (readable with the white label outline of coloured nodes) */
const RAMP = ['#9ecae1', '#6baed6', '#4292c6', '#2171b5', '#08519c', '#08306b']

export interface MetricColors {
  colors: Map<string, string>
  min: number
  max: number
}

export function metricColors(graph: MemoriaGraph, tree: GroupTree, visible: VisibleGraph, metric: ColorMetric): MetricColors {
  const colors = new Map<string, string>()
  if (metric === 'none') return { colors, min: 0, max: 0 }
  const bytes = new Map<string, number | null>()
  for (const t of graph.tensors) bytes.set(t.name, t.bytes)
  const values = new Map<string, number>()
  for (const it of visible.items) {
    let v: number
    if (it.kind === 'group') {
      const g = tree.groups[it.index]
      v = metric === 'flops' ? g.flops : g.outputBytes
    } else {
      const n = graph.nodes[it.index]
      v = metric === 'flops' ? n.flops : n.outputs.reduce((a, o) => a + (bytes.get(o) ?? 0), 0)
    }
    if (v > 0) values.set(it.id, v)
  }
  if (values.size === 0) return { colors, min: 0, max: 0 }
  const logs = [...values.values()].map(Math.log)
  const lo = Math.min(...logs)
  const hi = Math.max(...logs)
  for (const [id, v] of values) {
    const f = hi > lo ? (Math.log(v) - lo) / (hi - lo) : 1
    colors.set(id, RAMP[Math.min(RAMP.length - 1, Math.floor(f * RAMP.length))])
  }
  return { colors, min: Math.exp(lo), max: Math.exp(hi) }
}
