/**
 * The cut bound: for each node v of a segment, the least memory any order can have while v runs, given only
 * that v's ancestors have run and its descendants have not (docs/memory-models.md, "The cut bound").
 *
 * While v runs, the executed set D is a downset (closed under predecessors) with anc(v) ⊆ D and
 * ({v} ∪ desc(v)) ∩ D = ∅; the bytes live then are live(D) + v's allocation. live(D) = Σ over groups g of
 * bytes(g) × ([g allocated in D] − [g allocated and every consumer in D]), a linear function over a closure
 * system once one variable z_g ≤ x_c per consumer c stands for "every consumer ran" — so its minimum over
 * all such D is a minimum-weight closure, one max-flow (maxflow.ts). The segment's bound is the largest of
 * these minima; it is ≥ the static bound of every node (bound.ts counts only groups live for *every* D).
 *
 * Nodes outside the segment are fixed: those executed before it (`done`) are in D, the rest are not. Each
 * node costs one max-flow on a network of (segment nodes + groups) vertices; nodes whose upper bound (the
 * value while they run in a known order) is no more than the best bound so far are skipped, and the flows
 * stop once the edges they scanned reach `maxWork` (the caller shares one budget among its segments) or
 * `stop()` says so, so that a huge graph costs at most ~0.1–0.5 s here.
 */
import type { Ancestors } from './bound.ts'
import { isAncestor } from './bound.ts'
import type { Groups } from './groups.ts'
import type { IndexedGraph } from './indexed.ts'
import { FlowNet } from './maxflow.ts'

export interface CutBoundInput {
  ig: IndexedGraph
  gr: Groups
  anc: Ancestors
  /** the segment's nodes */
  nodes: Int32Array
  /** per node id: 1 when it runs before the segment in every order the search considers */
  done: Uint8Array
  /** per segment position: an upper bound on the node's value (its value in a known order) */
  upper: Float64Array
  /** v's allocation lower bound: perNode-style (outputs, less an in-place write when possible) */
  alloc: Float64Array
  /** only bounds above this matter */
  floor: number
  /** the work this call may use (edges scanned by the flows, and the set-up's scan; default 10^7): a cap, so a huge segment cannot stall the caller */
  maxWork?: number
  /** a time limit or a cancel, checked before each flow: true stops with the bound found so far */
  stop?: () => boolean
}

const MAX_WORK = 10_000_000

/**
 * The largest cut bound over the segment's nodes (≥ floor), the node that forces it (-1: floor), and the
 * work used (flows × network size).
 */
export function segmentCutBound(inp: CutBoundInput): { bytes: number; node: number; work: number } {
  const { ig, gr, anc, nodes, done, upper, alloc } = inp
  const k = nodes.length
  const loc = new Map<number, number>()
  nodes.forEach((v, i) => loc.set(v, i))
  const S = 0
  const T = 1
  // vertices: 0 = source, 1 = sink, 2 + i = segment node i, then one per freeable group
  const pos = new Float64Array(k)
  let konst = 0
  let zWeight = 0
  let nz = 0
  const zEdges: [number, number, number[]][] = []
  for (let g = 0; g < gr.count; g++) {
    const w = gr.bytes[g]
    if (w === 0) continue
    const p = gr.producer[g]
    const pl = p < 0 ? -1 : (loc.get(p) ?? -2)
    if (pl === -2 && !done[p]) continue // produced after the segment: never allocated during it
    let later = gr.holdsOut[g] === 1
    const inSeg: number[] = []
    for (let j = gr.consStart[g]; j < gr.consStart[g + 1]; j++) {
      const c = gr.consList[j]
      const cl = loc.get(c)
      if (cl !== undefined) inSeg.push(cl)
      else if (!done[c]) later = true
    }
    if (!later && inSeg.length === 0) continue // freed before the segment (or never needed)
    if (pl < 0) konst += w
    else pos[pl] += w
    if (!later) { zEdges.push([nz++, w, inSeg]); zWeight += w }
  }
  const net = new FlowNet(2 + k + nz, 4 * k + 2 * nz)
  for (const [z, w, cs] of zEdges) {
    net.addEdge(S, 2 + k + z, w)
    for (const c of cs) net.addEdge(2 + k + z, 2 + c, Infinity)
  }
  for (let i = 0; i < k; i++) {
    const c = nodes[i]
    for (let j = ig.predStart[c]; j < ig.predStart[c + 1]; j++) {
      const pl = loc.get(ig.predList[j])
      if (pl !== undefined) net.addEdge(2 + i, 2 + pl, Infinity)
    }
  }
  const sEdge = new Int32Array(k)
  const tEdge = new Int32Array(k)
  for (let i = 0; i < k; i++) { sEdge[i] = net.addEdge(S, 2 + i, 0); tEdge[i] = net.addEdge(2 + i, T, pos[i]) }
  const byUpper = Array.from({ length: k }, (_, i) => i).sort((a, b) => upper[b] - upper[a])
  let best = inp.floor
  let node = -1
  // a cap on the work (edges the flows really scan — Dinic's phases cost many times the network's size —
  // plus this set-up's scan of every group and the network's build), so a huge segment cannot stall the
  // caller: the nodes left out only leave the bound weaker, never wrong
  const maxWork = inp.maxWork ?? MAX_WORK
  const setup = gr.count + net.n + net.edges
  for (const i of byUpper) {
    if (upper[i] <= best || setup + net.ops >= maxWork || inp.stop?.()) break
    const v = nodes[i]
    for (let j = 0; j < k; j++) {
      const u = nodes[j]
      net.setCap(sEdge[j], isAncestor(anc, u, v) ? Infinity : 0)
      net.setCap(tEdge[j], u === v || isAncestor(anc, v, u) ? Infinity : pos[j])
    }
    net.reset()
    const b = konst - zWeight + net.maxFlow(S, T) + alloc[v]
    if (b > best) { best = b; node = v }
  }
  return { bytes: best, node, work: setup + net.ops }
}
