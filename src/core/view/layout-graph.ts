/**
 * What the layout worker receives and returns: a visible graph reduced to boxes and edges, turned into
 * ELK's JSON graph, and ELK's answer turned back into positions (box centres, as Cytoscape wants them).
 *
 * Plain data only, so it crosses the worker boundary as is; positions come back as one Float64Array
 * (transferable). Box sizes are estimated from the label length because the worker has no font metrics:
 * a label a little wider than its box is harmless, a layout that overlaps boxes is not.
 *
 * Options: ELK layered, top to bottom, model order kept where it does not cost crossings (so a
 * transformer's layers read in file order). Large graphs get a cheaper crossing minimisation: ELK's
 * default thoroughness costs seconds at a few thousand nodes and buys little on these mostly serial DAGs.
 */
import type { MemoriaGraph } from '../graph/types.ts'
import type { GroupTree } from './groups.ts'
import type { VisibleGraph } from './visible.ts'

export interface LayoutBox {
  id: string
  width: number
  height: number
}

export interface LayoutRequest {
  key: string
  boxes: LayoutBox[]
  edges: { id: string; source: string; target: string }[]
}

export interface LayoutPositions {
  key: string
  ids: string[]
  /** x0, y0, x1, y1, … : centres, in the same order as ids */
  xy: Float64Array
  width: number
  height: number
  layoutMs: number
  /** `layered`: the fast draft (layered.ts); `elk`: ELK's refined layout */
  engine: 'layered' | 'elk'
}

/** ELK's JSON graph, the subset used here (elkjs's own types live outside core). */
export interface ElkInput {
  id: string
  layoutOptions: Record<string, string>
  children: { id: string; width: number; height: number; x?: number; y?: number }[]
  edges: { id: string; sources: string[]; targets: string[] }[]
  width?: number
  height?: number
}

const CHAR_PX = 7
export const NODE_HEIGHT = 30
export const GROUP_HEIGHT = 46

export function nodeLabel(graph: MemoriaGraph, node: number): string {
  return graph.nodes[node].op
}

export function groupLabel(tree: GroupTree, group: number): string {
  const g = tree.groups[group]
  return `${g.label}\n${g.nodeCount} nodes`
}

export function boxFor(label: string, kind: 'node' | 'group'): { width: number; height: number } {
  const longest = Math.max(...label.split('\n').map((l) => l.length))
  const pad = kind === 'group' ? 28 : 20
  return { width: Math.max(kind === 'group' ? 90 : 56, longest * CHAR_PX + pad), height: kind === 'group' ? GROUP_HEIGHT : NODE_HEIGHT }
}

export function layoutRequest(graph: MemoriaGraph, tree: GroupTree, visible: VisibleGraph): LayoutRequest {
  const boxes = visible.items.map((it) => {
    const label = it.kind === 'node' ? nodeLabel(graph, it.index) : groupLabel(tree, it.index)
    return { id: it.id, ...boxFor(label, it.kind) }
  })
  const edges = visible.edges.map((e) => ({ id: e.id, source: e.source, target: e.target }))
  return { key: visible.key, boxes, edges }
}

function elkOptions(nodeCount: number): Record<string, string> {
  // measured on gpt2/qwen2 views (bench/tmp/elk.ts): model-order constraints and the default crossing
  // minimisation thoroughness (7) cost 2–4× the time for little gain on these mostly serial DAGs
  return {
    'elk.algorithm': 'layered',
    'elk.direction': 'DOWN',
    'elk.edgeRouting': 'POLYLINE',
    'elk.spacing.nodeNode': '18',
    'elk.layered.spacing.nodeNodeBetweenLayers': '28',
    'elk.layered.crossingMinimization.thoroughness': nodeCount > 200 ? '1' : '3',
    'elk.separateConnectedComponents': 'false',
  }
}

export function toElk(req: LayoutRequest): ElkInput {
  return {
    id: 'root',
    layoutOptions: elkOptions(req.boxes.length),
    children: req.boxes.map((b) => ({ id: b.id, width: b.width, height: b.height })),
    edges: req.edges.map((e) => ({ id: e.id, sources: [e.source], targets: [e.target] })),
  }
}

/** Above this many boxes ELK is not run: it takes seconds to minutes there (≈ 10 s at 5,000 on an idle
 * 2-core machine, far more when the cores are shared) and the draft layout is the final one. */
export const ELK_MAX_BOXES = 900

/**
 * ELK's cost grows with the edges as much as with the boxes (long edges become chains of dummy nodes):
 * densenet121 expanded is 368 boxes but 902 edges, most of them spanning many layers from its Concats,
 * and ELK took 18 s to minutes on it (issue 11). ELK runs when boxes + edges stay within this.
 */
export const ELK_MAX_COST = 1_000

/** Whether the worker refines the draft with ELK (by boxes and edges; the draft is final otherwise). */
export function elkWorthIt(req: LayoutRequest): boolean {
  return req.boxes.length <= ELK_MAX_BOXES && req.boxes.length + req.edges.length <= ELK_MAX_COST
}

/** ELK gives top-left corners; Cytoscape's preset layout wants centres. */
export function fromElk(key: string, laid: ElkInput, layoutMs: number): LayoutPositions {
  const ids: string[] = []
  const xy = new Float64Array(laid.children.length * 2)
  laid.children.forEach((c, i) => {
    ids.push(c.id)
    xy[2 * i] = (c.x ?? 0) + c.width / 2
    xy[2 * i + 1] = (c.y ?? 0) + c.height / 2
  })
  return { key, ids, xy, width: laid.width ?? 0, height: laid.height ?? 0, layoutMs, engine: 'elk' }
}
