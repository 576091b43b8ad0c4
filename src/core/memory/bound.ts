/**
 * Lower bounds on the peak of every order under a memory model (docs/spec.md section 2; proof in
 * docs/memory-models.md, "The lower bound").
 *
 * For each node v, the bytes that are live while v runs in *every* order: its distinct input groups, the
 * groups it allocates (less output 0's when an in-place write is possible at all), and the groups that are
 * forced live across v — allocated by an ancestor of v (or a graph input) and still needed by a descendant
 * of v, or holding a graph output. Under `simple` without the forced term this is exactly SPEC's bound; the
 * forced term only adds bytes that are provably live, so the bound stays ≤ the optimum. The bound of the
 * graph is the largest of these, of step 0 (the graph inputs) and of the last step (every group holding a
 * graph output is live while the last node runs, whichever sink that is), with the node that forces it.
 *
 * O(nodes × edges / 32) for the ancestor bitsets (skipped above `MAX_BITSET_NODES` or `MAX_BITSET_WORK`,
 * leaving the weaker but still sound bound without the forced term), and the forced term within
 * `FORCED_LIVE_WORK` steps (a partial term is still sound): the set-up stays near-linear on a big graph.
 * O(nodes + edges) otherwise.
 */
import type { Groups } from './groups.ts'
import type { IndexedGraph } from './indexed.ts'

export const MAX_BITSET_NODES = 12_000
/** word operations the ancestor bitsets may take (edges × words); above it they are skipped */
export const MAX_BITSET_WORK = 40_000_000
/** steps the forced-live term may take (bound.ts `addForcedLive`); past it the bound is weaker, still sound */
export const FORCED_LIVE_WORK = 30_000_000

export interface Ancestors {
  /** words per node */
  readonly words: number
  /** bit u of row v is set when u is a proper ancestor of v */
  readonly bits: Uint32Array
}

/** `stop` (checked every 256 rows): a time limit; the bitsets are then not built (null, as when too big). */
export function ancestors(ig: IndexedGraph, stop?: () => boolean): Ancestors | null {
  const n = ig.nNodes
  if (n > MAX_BITSET_NODES) return null
  const words = (n + 31) >>> 5
  if (ig.predStart[n] * words > MAX_BITSET_WORK) return null
  const bits = new Uint32Array(n * words)
  let rows = 0
  for (let k = 0; k < n; k++) {
    const v = ig.topo[k]
    if ((++rows & 255) === 0 && stop?.()) return null
    const row = v * words
    for (let j = ig.predStart[v]; j < ig.predStart[v + 1]; j++) {
      const p = ig.predList[j]
      const prow = p * words
      for (let w = 0; w < words; w++) bits[row + w] |= bits[prow + w]
      bits[row + (p >>> 5)] |= 1 << (p & 31)
    }
  }
  return { words, bits }
}

export function isAncestor(a: Ancestors, u: number, v: number): boolean {
  return (a.bits[v * a.words + (u >>> 5)] & (1 << (u & 31))) !== 0
}

/** `LowerBound.node` when no one node forces the bound: the graph inputs before any node runs… */
export const STEP_0 = -1
/** …or the graph outputs, all live once the last node has run */
export const LAST_STEP = -2

export interface LowerBound {
  /** the bound: no order has a smaller peak */
  bytes: number
  /** the node whose step forces it; STEP_0 (the graph inputs) or LAST_STEP (the graph outputs) */
  node: number
  /** bytes of the graph inputs (step 0) */
  step0Bytes: number
  /** bytes live while the last node runs, whichever sink it is (the graph outputs and that node's step) */
  lastStepBytes: number
  /** per node: bytes live while it runs in every order */
  perNode: Float64Array
  /** per node: the bytes it allocates while it runs in every order (term 2 below) */
  alloc: Float64Array
}

/** Whether some input group of v could be written in place by v in some order. */
function reusePossible(gr: Groups, anc: Ancestors | null, v: number): boolean {
  for (let r = gr.candStart[v]; r < gr.candStart[v + 1]; r++) {
    const g = gr.candList[r]
    if (gr.holdsIn[g] || gr.holdsOut[g]) continue
    let blocked = false
    if (anc) {
      for (let j = gr.consStart[g]; j < gr.consStart[g + 1] && !blocked; j++) {
        const c = gr.consList[j]
        if (c !== v && isAncestor(anc, v, c)) blocked = true
      }
    }
    if (!blocked) return true
  }
  return false
}

/** `stop`: a time limit, checked while the forced-live term is added (cut short, the bound is still sound). */
export function lowerBound(ig: IndexedGraph, gr: Groups, anc: Ancestors | null = ancestors(ig), stop?: () => boolean): LowerBound {
  const n = ig.nNodes
  const perNode = new Float64Array(n)
  const alloc = new Float64Array(n)
  for (let v = 0; v < n; v++) {
    let a = 0
    for (let j = gr.newStart[v]; j < gr.newStart[v + 1]; j++) a += gr.bytes[gr.newList[j]]
    if (gr.reuseGroup[v] >= 0 && reusePossible(gr, anc, v)) a -= gr.bytes[gr.reuseGroup[v]]
    alloc[v] = a
    let b = a
    for (let j = gr.inStart[v]; j < gr.inStart[v + 1]; j++) b += gr.bytes[gr.inList[j]]
    perNode[v] = b
  }
  const lastStepBytes = lastStep(ig, gr, perNode)
  if (anc) addForcedLive(ig, gr, anc, perNode, FORCED_LIVE_WORK, stop)
  let step0Bytes = 0
  for (const g of new Set(gr.inputGroups)) step0Bytes += gr.bytes[g]
  let bytes = step0Bytes
  let node = STEP_0
  for (let v = 0; v < n; v++) if (perNode[v] > bytes) { bytes = perNode[v]; node = v }
  if (lastStepBytes > bytes) { bytes = lastStepBytes; node = LAST_STEP }
  return { bytes, node, step0Bytes, lastStepBytes, perNode, alloc }
}

/**
 * The bytes live while the last node runs, in every order. That node is some sink v (no successors); while it
 * runs, its input groups and what it allocates are live (`own[v]`, before the forced term: `alloc` already
 * leaves out an output written in place), and so is every other group holding a graph output, kept to the
 * end. The least of these over the sinks. O(nodes + edges).
 */
function lastStep(ig: IndexedGraph, gr: Groups, own: Float64Array): number {
  let outTotal = 0
  for (let g = 0; g < gr.count; g++) if (gr.holdsOut[g]) outTotal += gr.bytes[g]
  let least = Infinity
  for (let v = 0; v < ig.nNodes; v++) {
    if (ig.succStart[v + 1] > ig.succStart[v]) continue
    // output groups among v's inputs or made by v are in own[v] already
    let counted = 0
    for (let j = gr.inStart[v]; j < gr.inStart[v + 1]; j++) if (gr.holdsOut[gr.inList[j]]) counted += gr.bytes[gr.inList[j]]
    for (let j = gr.newStart[v]; j < gr.newStart[v + 1]; j++) if (gr.holdsOut[gr.newList[j]]) counted += gr.bytes[gr.newList[j]]
    least = Math.min(least, own[v] + outTotal - counted)
  }
  return least === Infinity ? 0 : least
}

/**
 * Adds to perNode[v] the groups live across v in every order (not v's inputs, not v's outputs), within
 * `maxWork` steps. Every addition is a group provably live across that one node, so stopping anywhere leaves
 * each perNode[v] still a lower bound (just a weaker one): the budget keeps a big graph's set-up near-linear.
 *
 * Graph-output groups: live across every descendant of their producer p that is not a consumer. Per node v
 * that is the sum over v's ancestors u of the output bytes u produces (`outAt`), found word by word through
 * a mask of the producing nodes, less the groups v consumes — O(nodes × words + matches), not O(groups × nodes).
 * Other groups: allocated before v (p an ancestor of v) and needed after it (v an ancestor of a consumer),
 * largest groups first.
 */
export function addForcedLive(ig: IndexedGraph, gr: Groups, anc: Ancestors, perNode: Float64Array, maxWork: number,
  stop: () => boolean = () => false): void {
  const { words, bits } = anc
  const n = ig.nNodes
  let work = 0
  // ---- groups holding a graph output
  const outAt = new Float64Array(n)
  const outMask = new Uint32Array(words)
  let everywhere = 0
  for (let g = 0; g < gr.count; g++) {
    const size = gr.bytes[g]
    if (size === 0 || !gr.holdsOut[g]) continue
    const p = gr.producer[g]
    if (p < 0) everywhere += size
    else { outAt[p] += size; outMask[p >>> 5] |= 1 << (p & 31) }
  }
  const outWords: number[] = []
  for (let w = 0; w < words; w++) if (outMask[w] !== 0) outWords.push(w)
  // nodes [0, upTo) get the term; the budget may stop it early (then the rest keep the weaker bound)
  let upTo = 0
  for (; upTo < n && work <= maxWork && ((upTo & 255) !== 255 || !stop()); upTo++) {
    let add = everywhere
    const row = upTo * words
    for (const w of outWords) {
      let m = bits[row + w] & outMask[w]
      while (m !== 0) {
        const low = m & -m
        add += outAt[(w << 5) + (31 - Math.clz32(low))]
        m ^= low
        work++
      }
    }
    perNode[upTo] += add
    work += outWords.length + 1
  }
  // a consumer counted the group among its inputs already (it is a descendant of p, or p is an input's)
  for (let g = 0; g < gr.count; g++) {
    if (gr.bytes[g] === 0 || !gr.holdsOut[g]) continue
    for (let j = gr.consStart[g]; j < gr.consStart[g + 1]; j++) if (gr.consList[j] < upTo) perNode[gr.consList[j]] -= gr.bytes[g]
  }
  // ---- the other groups, largest first, while the budget lasts
  const reach = new Uint32Array(words)
  const isCons = new Uint8Array(n)
  const byBytes: number[] = []
  for (let g = 0; g < gr.count; g++) if (gr.bytes[g] > 0 && !gr.holdsOut[g] && gr.consStart[g + 1] > gr.consStart[g]) byBytes.push(g)
  byBytes.sort((a, b) => gr.bytes[b] - gr.bytes[a] || a - b)
  for (let i = 0; i < byBytes.length; i++) {
    const g = byBytes[i]
    if (work > maxWork || ((i & 255) === 255 && stop())) return
    const size = gr.bytes[g]
    const p = gr.producer[g]
    const c0 = gr.consStart[g], c1 = gr.consStart[g + 1]
    for (let j = c0; j < c1; j++) isCons[gr.consList[j]] = 1
    // needed after v in every order: some consumer is a descendant of v
    reach.fill(0)
    for (let j = c0; j < c1; j++) {
      const row = gr.consList[j] * words
      for (let w = 0; w < words; w++) reach[w] |= bits[row + w]
    }
    work += (c1 - c0 + 1) * words
    for (let w = 0; w < words; w++) {
      let m = reach[w]
      while (m !== 0) {
        const low = m & -m
        const v = (w << 5) + (31 - Math.clz32(low))
        m ^= low
        // allocated before v in every order: v is a descendant of p (or the group is a graph input's)
        if (v !== p && !isCons[v] && (p < 0 || (bits[v * words + (p >>> 5)] & (1 << (p & 31))) !== 0)) perNode[v] += size
        work++
      }
    }
    for (let j = c0; j < c1; j++) isCons[gr.consList[j]] = 0
  }
}
