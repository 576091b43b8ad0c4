/**
 * The visible graph for a set of expanded groups: what the graph view lays out and draws.
 *
 * The root is always open. A group is drawn as one node when its parent is open and it is not expanded;
 * the leaf nodes of open groups are drawn as themselves; everything inside a collapsed group is represented
 * by it. Edges join the representatives of a tensor's producer and each of its consumers when they differ,
 * deduplicated per pair, and weighted by the bytes of the distinct tensors they carry (a tensor read by three
 * nodes of one collapsed group counts once). Tensors of unknown size are counted apart, never as zero.
 *
 * Folding (`fold`, from fold.ts; the view's default): a folded node (a Constant, a weight-only chain) is
 * not an item; it is represented by the node it folds into, and its edges are not drawn (they would join a
 * box to itself or repeat its consumer's). A group whose every node is folded is not drawn.
 *
 * Item ids are index based (`n12`, `g3`): node names may be empty or collide with scope paths.
 * Complexity O(N + E) after `buildGroupTree`.
 */
import type { MemoriaGraph } from '../graph/types.ts'
import type { GroupTree } from './groups.ts'

export interface VisibleItem {
  id: string
  kind: 'node' | 'group'
  /** index into graph.nodes or tree.groups */
  index: number
}

export interface VisibleEdge {
  id: string
  source: string
  target: string
  bytes: number
  /** tensors of unknown size on this edge */
  unknownTensors: number
  /** names of the tensors the edge carries */
  tensors: string[]
}

export interface VisibleGraph {
  /** the expansion state, canonical: sorted group indices joined by commas, then FOLDED_SUFFIX when folded */
  key: string
  items: VisibleItem[]
  edges: VisibleEdge[]
  /** graph nodes drawn as themselves (not inside a collapsed group, not folded) */
  nodesShown: number
  /** nodes folded into their consumer (0 when folding is off) */
  nodesFolded: number
  /** representative item id of every graph node, by node index */
  repOfNode: string[]
}

/** what a folded view's key ends with (after the expansion) */
export const FOLDED_SUFFIX = '|folded'

const nodeItemId = (node: number): string => `n${node}`
const groupItemId = (group: number): string => `g${group}`

/** Parses an item id back into its kind and index; null for anything else. */
export function parseItemId(id: string): { kind: 'node' | 'group'; index: number } | null {
  const m = /^([ng])(\d+)$/.exec(id)
  if (m === null) return null
  return { kind: m[1] === 'n' ? 'node' : 'group', index: Number(m[2]) }
}

export function expansionKey(expanded: Iterable<number>): string {
  return [...new Set(expanded)].filter((g) => g > 0).sort((a, b) => a - b).join(',')
}

/** -1: open (its content is shown); otherwise the index of the collapsed group that represents it. */
function groupReps(tree: GroupTree, expanded: ReadonlySet<number>): Int32Array {
  const rep = new Int32Array(tree.groups.length)
  rep[0] = -1
  for (let g = 1; g < tree.groups.length; g++) {
    const parentRep = rep[tree.groups[g].parent]
    rep[g] = parentRep !== -1 ? parentRep : expanded.has(g) ? -1 : g
  }
  return rep
}

export function visibleGraph(graph: MemoriaGraph, tree: GroupTree, expanded: ReadonlySet<number>, fold: Int32Array | null = null): VisibleGraph {
  const rep = groupReps(tree, expanded)
  const items: VisibleItem[] = []
  const repOfNode: string[] = new Array<string>(graph.nodes.length)
  let nodesShown = 0
  let nodesFolded = 0
  // groups holding at least one node that is not folded (only those are drawn)
  const live = new Uint8Array(tree.groups.length)
  for (let i = 0; i < graph.nodes.length; i++) {
    if (fold !== null && fold[i] >= 0) continue
    for (let g = tree.nodeGroup[i]; g >= 0 && live[g] === 0; g = tree.groups[g].parent) live[g] = 1
  }
  for (let g = 1; g < tree.groups.length; g++) {
    if (rep[g] === g && live[g] === 1) items.push({ id: groupItemId(g), kind: 'group', index: g })
  }
  for (let i = 0; i < graph.nodes.length; i++) {
    if (fold !== null && fold[i] >= 0) {
      nodesFolded++
      continue
    }
    const r = rep[tree.nodeGroup[i]]
    if (r === -1) {
      repOfNode[i] = nodeItemId(i)
      items.push({ id: repOfNode[i], kind: 'node', index: i })
      nodesShown++
    } else {
      repOfNode[i] = groupItemId(r)
    }
  }
  if (fold !== null) for (let i = 0; i < graph.nodes.length; i++) if (fold[i] >= 0) repOfNode[i] = repOfNode[fold[i]]

  const bytesOf = new Map<string, number | null>()
  for (const t of graph.tensors) bytesOf.set(t.name, t.bytes)
  const producer = new Map<string, number>()
  graph.nodes.forEach((n, i) => {
    for (const o of n.outputs) if (o !== '') producer.set(o, i)
  })

  const edges = new Map<string, VisibleEdge>()
  graph.nodes.forEach((n, c) => {
    const target = repOfNode[c]
    for (const t of n.inputs) {
      if (t === '') continue
      const p = producer.get(t)
      if (p === undefined || (fold !== null && fold[p] >= 0)) continue
      const source = repOfNode[p]
      if (source === target) continue
      const id = `${source}>${target}`
      let e = edges.get(id)
      if (e === undefined) {
        e = { id, source, target, bytes: 0, unknownTensors: 0, tensors: [] }
        edges.set(id, e)
      }
      if (e.tensors.includes(t)) continue
      e.tensors.push(t)
      const b = bytesOf.get(t) ?? null
      if (b === null) e.unknownTensors++
      else e.bytes += b
    }
  })

  // the folded view draws other items than the unfolded one for the same expansion: its own layout key
  return { key: expansionKey(expandedOpen(tree, rep)) + (fold === null ? '' : FOLDED_SUFFIX), items, edges: [...edges.values()], nodesShown, nodesFolded, repOfNode }
}

/** Only the expanded groups that are actually open count for the key (an expanded group inside a collapsed
 * one changes nothing on screen, so it must not miss the layout cache). */
function expandedOpen(tree: GroupTree, rep: Int32Array): number[] {
  const open: number[] = []
  for (let g = 1; g < tree.groups.length; g++) if (rep[g] === -1) open.push(g)
  return open
}

/** Every group index but the root: the state where every node is drawn. */
export function allGroups(tree: GroupTree): Set<number> {
  const all = new Set<number>()
  for (let g = 1; g < tree.groups.length; g++) all.add(g)
  return all
}

/** Ids of the drawn items that lie inside group `g` (itself, when it is drawn collapsed). */
export function itemsWithin(tree: GroupTree, visible: VisibleGraph, g: number): string[] {
  const inside = (group: number): boolean => {
    for (let x = group; x > 0; x = tree.groups[x].parent) if (x === g) return true
    return false
  }
  return visible.items
    .filter((it) => (it.kind === 'group' ? inside(it.index) : inside(tree.nodeGroup[it.index])))
    .map((it) => it.id)
}
