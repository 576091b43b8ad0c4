/**
 * Name-scope groups for the graph view: the nodes of a `MemoriaGraph` arranged in a tree of collapsible
 * groups by the scopes of their names (`/model/layers.0/self_attn/q_proj/MatMul` lies in
 * `/model/layers.0/self_attn/q_proj`; torchvision's `/layer1/layer1.0/conv1/Conv` in `/layer1/layer1.0/conv1`).
 *
 * A node without inputs (a Constant) that the exporter hoisted to an outer scope is placed with its
 * consumers: in the innermost scope holding all of them, when that lies inside its own. (GPT-2's root holds
 * 124 Constants feeding single layers; left there, they would crowd the first view.)
 *
 * The raw trie of scopes is simplified so every group is worth a click:
 * - a group holding fewer than `MIN_GROUP_NODES` nodes in total is dissolved into its parent (a scope
 *   around one Conv is noise);
 * - a group whose only content is one child group is merged with it (`model/layers.0` becomes one group);
 * - the root's lone child group is opened, even beside a few root-level nodes, so a graph whose names all
 *   start with `/model` does not open on a single box.
 *
 * - a scope with more than MAX_BLOCK_ITEMS drawn nodes is cut into blocks (blocks.ts: layers → attention /
 *   MLP where the graph repeats, runs of nodes otherwise), and a group with more than MAX_BLOCK_ITEMS child
 *   groups gets ranges of them, so no group opens on more than about MAX_BLOCK_ITEMS items.
 *
 * Aggregates per group: node count, FLOPs, bytes of the outputs of its nodes (unknown sizes counted apart,
 * never as zero), bytes of the weights its nodes read, and the operator histogram.
 *
 * Invariants: group 0 is the root (scope `''`, parent -1); every group's parent has a smaller index
 * (groups are listed in pre-order), so a single forward pass sees parents before children. Each node lies
 * in exactly one innermost group (`nodeGroup`). Complexity O(N·d) for N nodes and scope depth d.
 */
import type { MemoriaGraph } from '../graph/types.ts'
import { weightTotal } from '../graph/node-weights.ts'
import { nameTable, own as ownCount } from '../names.ts'
import { MAX_BLOCK_ITEMS, splitIntoBlocks, type Block } from './blocks.ts'
import { foldTargets } from './fold.ts'

export const MIN_GROUP_NODES = 2

export interface ScopeGroup {
  /** the full scope path, e.g. `/model/layers.0/self_attn`; `''` for the root */
  scope: string
  /** what the view shows: the path relative to the parent group */
  label: string
  parent: number
  depth: number
  childGroups: number[]
  /** indices into graph.nodes of the nodes directly in this group */
  leafNodes: number[]
  /** nodes in this group and its descendants */
  nodeCount: number
  flops: number
  outputBytes: number
  /** outputs whose size is not known (not counted in outputBytes) */
  unknownOutputs: number
  /** the distinct weights its nodes read, each once (core's weightTotal); unknownWeights: those of unknown size */
  weightBytes: number
  unknownWeights: number
  ops: Record<string, number>
}

export interface GroupTree {
  groups: ScopeGroup[]
  /** innermost group of each node, by node index */
  nodeGroup: Int32Array
  byScope: Map<string, number>
  /** fold.ts's targets: per node, -1 when drawn as itself, else the node it folds into */
  fold: Int32Array
}

interface Draft {
  scope: string
  label: string
  parent: Draft | null
  children: Map<string, Draft>
  leaves: number[]
  count: number
}

/** The scope segments of a node name: every `/`-separated part but the last (the node's own name). */
export function scopeOf(name: string): string[] {
  const parts = name.split('/').filter((p) => p.length > 0)
  parts.pop()
  return parts
}

function newDraft(scope: string, label: string, parent: Draft | null): Draft {
  return { scope, label, parent, children: new Map(), leaves: [], count: 0 }
}

/** The scope each node is drawn in: its own, or its consumers' common one for a hoisted source node. */
function placement(graph: MemoriaGraph): string[][] {
  const scopes = graph.nodes.map((n) => scopeOf(n.name))
  const consumers = new Map<string, number[]>()
  graph.nodes.forEach((n, i) => {
    for (const t of n.inputs) {
      if (t === '') continue
      const list = consumers.get(t)
      if (list === undefined) consumers.set(t, [i])
      else list.push(i)
    }
  })
  graph.nodes.forEach((n, i) => {
    if (n.inputs.some((t) => t !== '') || n.outputs.length === 0) return
    let common: string[] | null = null
    for (const t of n.outputs) {
      for (const c of consumers.get(t) ?? []) {
        const sc = scopes[c]
        if (common === null) common = sc.slice()
        else {
          let k = 0
          while (k < common.length && k < sc.length && common[k] === sc[k]) k++
          common.length = k
        }
      }
    }
    const own = scopes[i]
    if (common === null || common.length <= own.length) return
    if (own.every((seg, k) => common[k] === seg)) scopes[i] = common
  })
  return scopes
}

function buildTrie(graph: MemoriaGraph): Draft {
  const root = newDraft('', '', null)
  const scopes = placement(graph)
  graph.nodes.forEach((_, i) => {
    let at = root
    at.count++
    for (const seg of scopes[i]) {
      let next = at.children.get(seg)
      if (next === undefined) {
        next = newDraft(`${at.scope}/${seg}`, seg, at)
        at.children.set(seg, next)
      }
      next.count++
      at = next
    }
    at.leaves.push(i)
  })
  return root
}

/** Moves the content of `child` into `parent`, keeping the children's order. */
function dissolve(parent: Draft, key: string, child: Draft): void {
  const merged = new Map<string, Draft>()
  for (const [k, v] of parent.children) {
    if (k !== key) {
      merged.set(k, v)
      continue
    }
    for (const [ck, cv] of child.children) {
      cv.parent = parent
      merged.set(merged.has(ck) ? `${key}/${ck}` : ck, cv)
    }
  }
  parent.children = merged
  parent.leaves.push(...child.leaves)
}

/** Post-order simplification (see the module comment). */
function simplify(d: Draft): void {
  for (const child of [...d.children.values()]) simplify(child)
  for (const [key, child] of [...d.children]) {
    if (child.count < MIN_GROUP_NODES) dissolve(d, key, child)
  }
  // the root opens a lone child even beside a few leaves: a first view of one box says nothing
  while (d.parent === null && d.children.size === 1) {
    const [key, only] = [...d.children][0]
    dissolve(d, key, only)
  }
  if (d.parent !== null && d.leaves.length === 0 && d.children.size === 1) {
    // keep `d` as the group, with the child's deeper scope and a joined label
    const [, only] = [...d.children][0]
    d.children = only.children
    for (const c of d.children.values()) c.parent = d
    d.leaves = only.leaves
    d.scope = only.scope
    d.label = `${d.label}/${only.label}`
  }
}

function emptyGroup(scope: string, label: string, parent: number, depth: number): ScopeGroup {
  return {
    scope, label, parent, depth, childGroups: [], leafNodes: [], nodeCount: 0,
    flops: 0, outputBytes: 0, unknownOutputs: 0, weightBytes: 0, unknownWeights: 0, ops: nameTable(),
  }
}

/** Adds `blocks` as child drafts of `d` (labels made unique among its children). */
function addBlocks(d: Draft, blocks: Block[]): void {
  for (const b of blocks) {
    if (b.children.length === 0 && b.leaves.length < MIN_GROUP_NODES) {
      // a block of one node is noise, as a scope of one is
      d.leaves.push(...b.leaves)
      continue
    }
    let label = b.label
    for (let k = 2; d.children.has(label); k++) label = `${b.label} ${k}`
    const child = newDraft(`${d.scope}/[${label}]`, label, d)
    child.leaves = b.leaves
    addBlocks(child, b.children)
    child.count = b.leaves.length + [...child.children.values()].reduce((a, c) => a + c.count, 0)
    d.children.set(label, child)
  }
}

/** Blocks for scopes with too many drawn nodes, ranges for groups with too many child groups. */
function limitBreadth(graph: MemoriaGraph, d: Draft, fold: Int32Array): void {
  for (const c of d.children.values()) limitBreadth(graph, c, fold)
  const blocks = splitIntoBlocks(graph, d.leaves, fold)
  if (blocks !== null) {
    d.leaves = []
    addBlocks(d, blocks)
  }
  if (d.children.size <= MAX_BLOCK_ITEMS) return
  const kids = [...d.children.values()]
  const per = Math.ceil(kids.length / MAX_BLOCK_ITEMS)
  d.children = new Map()
  for (let i = 0; i < kids.length; i += per) {
    const part = kids.slice(i, i + per)
    if (part.length === 1) {
      d.children.set(part[0].label, part[0])
      continue
    }
    const label = `${part[0].label} – ${part[part.length - 1].label}`
    const range = newDraft(`${d.scope}/[${label}]`, label, d)
    for (const k of part) {
      k.parent = range
      range.children.set(k.label, k)
      range.count += k.count
    }
    d.children.set(label, range)
  }
}

export function buildGroupTree(graph: MemoriaGraph): GroupTree {
  const root = buildTrie(graph)
  simplify(root)
  const fold = foldTargets(graph)
  limitBreadth(graph, root, fold)
  const groups: ScopeGroup[] = []
  const nodeGroup = new Int32Array(graph.nodes.length)
  const byScope = new Map<string, number>()
  // iterative pre-order so parents precede children and deep scopes cannot overflow the stack
  const stack: { d: Draft; parent: number; depth: number }[] = [{ d: root, parent: -1, depth: 0 }]
  while (stack.length > 0) {
    const { d, parent, depth } = stack.pop()!
    const index = groups.length
    const g = emptyGroup(d.scope, d.label, parent, depth)
    g.leafNodes = d.leaves.slice().sort((a, b) => a - b)
    for (const n of g.leafNodes) nodeGroup[n] = index
    groups.push(g)
    byScope.set(d.scope, index)
    if (parent >= 0) groups[parent].childGroups.push(index)
    const kids = [...d.children.values()]
    for (let k = kids.length - 1; k >= 0; k--) stack.push({ d: kids[k], parent: index, depth: depth + 1 })
  }
  aggregate(graph, groups, nodeGroup)
  return { groups, nodeGroup, byScope, fold }
}

function aggregate(graph: MemoriaGraph, groups: ScopeGroup[], nodeGroup: Int32Array): void {
  const tensors = new Map(graph.tensors.map((t) => [t.name, t]))
  const members: number[][] = groups.map(() => [])
  graph.nodes.forEach((node, i) => {
    let outBytes = 0
    let unknown = 0
    for (const o of node.outputs) {
      if (o === '') continue
      const b = tensors.get(o)?.bytes ?? null
      if (b === null) unknown++
      else outBytes += b
    }
    for (let g = nodeGroup[i]; g >= 0; g = groups[g].parent) {
      const grp = groups[g]
      grp.nodeCount++
      grp.flops += node.flops
      grp.outputBytes += outBytes
      grp.unknownOutputs += unknown
      grp.ops[node.op] = (ownCount(grp.ops, node.op) ?? 0) + 1
      members[g].push(i)
    }
  })
  // a weight read by several nodes of a group is held once: one de-duplicating sum per group
  groups.forEach((grp, g) => {
    const w = weightTotal(graph, members[g])
    grp.weightBytes = w.bytes
    grp.unknownWeights = w.unknown
  })
}

/** The groups enclosing a node, outermost first, root excluded. */
export function groupsOfNode(tree: GroupTree, node: number): number[] {
  const chain: number[] = []
  for (let g = tree.nodeGroup[node]; g > 0; g = tree.groups[g].parent) chain.push(g)
  return chain.reverse()
}

/** The groups enclosing a group, outermost first, root and the group itself excluded. */
export function ancestorsOfGroup(tree: GroupTree, group: number): number[] {
  const chain: number[] = []
  for (let g = tree.groups[group].parent; g > 0; g = tree.groups[g].parent) chain.push(g)
  return chain.reverse()
}

/** Operators of a group by count, most frequent first. */
export function topOps(group: ScopeGroup, limit: number): [string, number][] {
  return Object.entries(group.ops).sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, limit)
}
