/**
 * Tileable regions: for a chosen end node e, the region is e with all its ancestors (Constant nodes aside:
 * their outputs are weights, shared by every tile). It is tileable when it reads one graph input, every
 * node has a row rule (halo.ts), and every tensor that leaves it (read by a node outside, or a graph output)
 * is 4-D — each such *exit* is rebuilt by a Concat of its tiles' bands. Since the region is closed under
 * ancestors, its nodes run before anything that reads an exit, and tiling it changes nothing else.
 *
 * Complexity: the ancestor bitsets of bound.ts, O(nodes × edges / 32), then O(nodes²/32) over all ends.
 */
import type { Dim, NodeInfo } from '../graph/types.ts'
import { ancestors, isAncestor } from '../memory/bound.ts'
import type { IndexedGraph } from '../memory/indexed.ts'
import { rowRule, type RowRule } from './halo.ts'

export interface Region {
  /** the region's last node: tiles are bands of its output rows */
  end: number
  /** the region's nodes (indices into graph.nodes) in a topological order */
  nodes: number[]
  /** the graph input it reads */
  input: string
  /** tensors produced in the region and read after it (or graph outputs), in production order */
  exits: string[]
}

export interface RegionScan {
  /** the row rule of every node (index as graph.nodes) */
  rules: RowRule[]
  /** every end node whose region is tileable, in topological order */
  regions: Region[]
  /** per node: why the region ending there cannot be tiled (absent when it can) */
  why: Map<number, string>
}

function isConstant(n: NodeInfo): boolean {
  return n.op === 'Constant' && (n.domain === '' || n.domain === 'ai.onnx')
}

export function shapeOf(byName: Map<string, Dim[] | null>, name: string): Dim[] | null {
  if (name === '') return null
  const s = byName.get(name)
  return s === undefined ? null : s
}

export function scanRegions(ig: IndexedGraph): RegionScan {
  const graph = ig.graph
  const shapes = new Map<string, Dim[] | null>(graph.tensors.map((t) => [t.name, t.shape]))
  const rules = graph.nodes.map((n) => rowRule(n, n.inputs.map((s) => shapeOf(shapes, s)), n.outputs.map((s) => shapeOf(shapes, s))))
  const anc = ancestors(ig)
  const regions: Region[] = []
  const why = new Map<number, string>()
  if (anc === null) {
    for (let v = 0; v < ig.nNodes; v++) why.set(v, 'the graph is too large for the tiling planner\'s ancestor sets')
    return { rules, regions, why }
  }
  for (const e of ig.topo) {
    const n = graph.nodes[e]
    if (isConstant(n)) { why.set(e, `${n.name} is a Constant`); continue }
    const members: number[] = []
    const inRegion = new Uint8Array(ig.nNodes)
    for (const v of ig.topo) {
      if (v !== e && !isAncestor(anc, v, e)) continue
      if (isConstant(graph.nodes[v])) continue
      members.push(v)
      inRegion[v] = 1
    }
    const reason = regionProblem(ig, rules, members, inRegion)
    if (typeof reason === 'string') { why.set(e, reason); continue }
    regions.push({ end: e, nodes: members, input: reason.input, exits: reason.exits })
  }
  return { rules, regions, why }
}

function regionProblem(ig: IndexedGraph, rules: RowRule[], members: number[], inRegion: Uint8Array): string | { input: string; exits: string[] } {
  const graph = ig.graph
  let input: string | null = null
  const exits: string[] = []
  for (const v of members) {
    const r = rules[v]
    if (r.kind === 'stop') return r.reason
    for (let j = ig.inStart[v]; j < ig.inStart[v + 1]; j++) {
      const t = ig.inList[j]
      if (ig.isWeight[t]) continue
      if (ig.isInput[t]) {
        const name = ig.tensorNames[t]
        if (input !== null && input !== name) return `the region reads two graph inputs (${input} and ${name}); tiles are bands of one input`
        input = name
        continue
      }
      if (ig.producer[t] < 0 || !inRegion[ig.producer[t]]) return `${graph.nodes[v].name} reads ${ig.tensorNames[t]} from outside the region`
    }
    for (let j = ig.outStart[v]; j < ig.outStart[v + 1]; j++) {
      const t = ig.outList[j]
      let leaves = ig.isOutput[t] === 1
      for (let c = ig.consStart[t]; c < ig.consStart[t + 1] && !leaves; c++) if (!inRegion[ig.consList[c]]) leaves = true
      if (!leaves) continue
      const shape = graph.tensors[t].shape
      if (shape === null || shape.length !== 4) return `${ig.tensorNames[t]} leaves the region but is not 4-D`
      exits.push(ig.tensorNames[t])
    }
  }
  if (input === null) return 'the region reads no graph input'
  return { input, exits }
}
