/**
 * Cytoscape element definitions for a laid-out visible graph: nodes at ELK's positions (preset layout),
 * edges labelled with the bytes they carry. Colours and badges (the partition view's devices) and the
 * playback highlight are applied separately (`decorate`, `highlightClasses`) so they never force a relayout.
 */
import type { ElementDefinition } from 'cytoscape'
import type { MemoriaGraph } from '../../core/graph/types.ts'
import type { GroupTree } from '../../core/view/groups.ts'
import { boxFor, groupLabel, nodeLabel, type LayoutPositions } from '../../core/view/layout-graph.ts'
import type { VisibleGraph } from '../../core/view/visible.ts'
import { formatBytes } from '../format.ts'
import { own } from '../../core/names.ts'

export interface Decorations {
  nodeColors?: Record<string, string>
  nodeBadges?: Record<string, string>
}

/**
 * The initial viewport for a layout: the whole of it when it fits at a zoom where labels can be read (or
 * when it is wider than tall); otherwise (a tall transformer chain) its top, at that readable zoom or at
 * the zoom that fits its width if smaller, centred across — the overview shows the rest. Computed from the layout's own extent: Cytoscape's `fit()` would first measure every label
 * for the bounding box, which takes seconds on a few thousand nodes.
 */
export function fitLayout(
  viewport: { width: number; height: number },
  pos: { width: number; height: number; xy?: Float64Array },
  padding: number,
  maxZoom: number,
  readableZoom = 0.55,
): { zoom: number; pan: { x: number; y: number } } {
  const w = Math.max(pos.width, 1)
  const h = Math.max(pos.height, 1)
  const fitW = (viewport.width - 2 * padding) / w
  const fitH = (viewport.height - 2 * padding) / h
  const whole = Math.min(maxZoom, Math.max(1e-3, Math.min(fitW, fitH)))
  if (whole >= readableZoom || fitH >= fitW) {
    // all of it fits readably, or it is wider than tall: show it whole
    return { zoom: whole, pan: { x: (viewport.width - w * whole) / 2, y: (viewport.height - h * whole) / 2 } }
  }
  const top = pos.xy === undefined ? null : topExtent(pos.xy, (viewport.height - padding) / readableZoom)
  if (top !== null) {
    // the box centres are known: show the top at the readable zoom, centred on what is drawn there (a
    // long graph drifts sideways, so fitting its whole width would make the top unreadably small)
    return { zoom: readableZoom, pan: { x: viewport.width / 2 - ((top.x0 + top.x1) / 2) * readableZoom, y: padding } }
  }
  const zoom = Math.min(readableZoom, fitW)
  return { zoom, pan: { x: (viewport.width - w * zoom) / 2, y: padding } }
}

/** The horizontal extent of the box centres within `depth` of the layout's top, or null when there are none. */
function topExtent(xy: Float64Array, depth: number): { x0: number; x1: number } | null {
  let x0 = Infinity
  let x1 = -Infinity
  for (let i = 0; i + 1 < xy.length; i += 2) {
    if (xy[i + 1] > depth) continue
    if (xy[i] < x0) x0 = xy[i]
    if (xy[i] > x1) x1 = xy[i]
  }
  return x0 <= x1 ? { x0, x1 } : null
}

export function edgeWidth(bytes: number): number {
  return bytes <= 0 ? 1 : Math.min(8, 1 + Math.log10(1 + bytes / 1024))
}

export function buildElements(
  graph: MemoriaGraph,
  tree: GroupTree,
  visible: VisibleGraph,
  pos: LayoutPositions,
  fast: boolean,
): ElementDefinition[] {
  const at = new Map<string, number>()
  pos.ids.forEach((id, i) => at.set(id, i))
  const out: ElementDefinition[] = []
  for (const it of visible.items) {
    const i = at.get(it.id) ?? -1
    const label = it.kind === 'node' ? nodeLabel(graph, it.index) : groupLabel(tree, it.index)
    const box = boxFor(label, it.kind)
    out.push({
      group: 'nodes',
      data: {
        id: it.id, kind: it.kind, label, base: label, w: box.width, h: box.height,
        full: it.kind === 'node' ? graph.nodes[it.index].name : tree.groups[it.index].scope,
        name: it.kind === 'node' ? graph.nodes[it.index].name : tree.groups[it.index].scope,
      },
      position: i >= 0 ? { x: pos.xy[2 * i], y: pos.xy[2 * i + 1] } : { x: 0, y: 0 },
    })
  }
  for (const e of visible.edges) {
    const label = e.unknownTensors > 0 ? `${formatBytes(e.bytes)} + ?` : formatBytes(e.bytes)
    out.push({
      group: 'edges',
      classes: fast ? 'fast' : undefined,
      data: {
        id: e.id, source: e.source, target: e.target, label: fast ? '' : label, w: edgeWidth(e.bytes),
        full: `${label}: ${e.tensors.slice(0, 4).join(', ')}${e.tensors.length > 4 ? ` and ${e.tensors.length - 4} more` : ''}`,
      },
    })
  }
  return out
}

export interface ItemDecoration {
  color?: string
  mixed: boolean
  badge?: string
}

/** Colour and badge per visible item: a group takes its members' colour when they agree, else is `mixed`. */
export function decorate(
  graph: MemoriaGraph,
  visible: VisibleGraph,
  deco: Decorations,
): Map<string, ItemDecoration> {
  const out = new Map<string, ItemDecoration>()
  const { nodeColors, nodeBadges } = deco
  if (nodeColors === undefined && nodeBadges === undefined) return out
  graph.nodes.forEach((n, i) => {
    const id = visible.repOfNode[i]
    const color = own(nodeColors, n.name) // own keys only: a node named `constructor` has no colour
    let d = out.get(id)
    if (d === undefined) {
      d = { color, mixed: false }
      out.set(id, d)
    } else if (d.color !== color) {
      d.mixed = true
      d.color ??= color
    }
    const badge = own(nodeBadges, n.name)
    if (badge !== undefined && id === `n${i}`) d.badge = badge
  })
  return out
}

/** Item ids and edge ids to light up for the playback: the running node, live tensors' edges and producers. */
export function highlightClasses(
  visible: VisibleGraph,
  nodeIndex: Map<string, number>,
  producerOf: Map<string, number>,
  running: string | undefined,
  live: readonly string[] | undefined,
): { running: string | null; liveItems: Set<string>; liveEdges: Set<string> } {
  const r = running === undefined ? undefined : nodeIndex.get(running)
  const liveItems = new Set<string>()
  const liveEdges = new Set<string>()
  if (live !== undefined && live.length > 0) {
    const liveSet = new Set(live)
    for (const t of live) {
      const p = producerOf.get(t)
      if (p !== undefined) liveItems.add(visible.repOfNode[p])
    }
    for (const e of visible.edges) if (e.tensors.some((t) => liveSet.has(t))) liveEdges.add(e.id)
  }
  return { running: r === undefined ? null : visible.repOfNode[r], liveItems, liveEdges }
}
