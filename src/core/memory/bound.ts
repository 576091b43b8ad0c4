/**
 * Lower bounds on the peak of every order under a memory model (SPEC.md section 2; proof in
 * docs/memory-models.md, "The lower bound").
 *
 * For each node v, the bytes that are live while v runs in *every* order: its distinct input groups, the
 * groups it allocates (less output 0's when an in-place write is possible at all), and the groups that are
 * forced live across v — allocated by an ancestor of v (or a graph input) and still needed by a descendant
 * of v, or holding a graph output. Under `simple` without the forced term this is exactly SPEC's bound; the
 * forced term only adds bytes that are provably live, so the bound stays ≤ the optimum. The bound of the
 * graph is the largest of these and of step 0 (the graph inputs), with the node that forces it.
 *
 * O(nodes × edges / 32) for the ancestor bitsets (skipped above `MAX_BITSET_NODES`, leaving the weaker but
 * still sound bound without the forced term), O(nodes + edges) otherwise.
 */
import type { Groups } from './groups.ts'
import type { IndexedGraph } from './indexed.ts'

export const MAX_BITSET_NODES = 12_000

export interface Ancestors {
  /** words per node */
  readonly words: number
  /** bit u of row v is set when u is a proper ancestor of v */
  readonly bits: Uint32Array
}

export function ancestors(ig: IndexedGraph): Ancestors | null {
  const n = ig.nNodes
  if (n > MAX_BITSET_NODES) return null
  const words = (n + 31) >>> 5
  const bits = new Uint32Array(n * words)
  for (const v of ig.topo) {
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

export interface LowerBound {
  /** the bound: no order has a smaller peak */
  bytes: number
  /** the node whose step forces it; -1 when it is step 0 (the graph inputs) */
  node: number
  /** bytes of the graph inputs (step 0) */
  step0Bytes: number
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

export function lowerBound(ig: IndexedGraph, gr: Groups, anc: Ancestors | null = ancestors(ig)): LowerBound {
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
  if (anc) addForcedLive(ig, gr, anc, perNode)
  let step0Bytes = 0
  for (const g of new Set(gr.inputGroups)) step0Bytes += gr.bytes[g]
  let bytes = step0Bytes
  let node = -1
  for (let v = 0; v < n; v++) if (perNode[v] > bytes) { bytes = perNode[v]; node = v }
  return { bytes, node, step0Bytes, perNode, alloc }
}

/** Adds to perNode[v] the groups live across v in every order (not v's inputs, not v's outputs). */
function addForcedLive(ig: IndexedGraph, gr: Groups, anc: Ancestors, perNode: Float64Array): void {
  const { words, bits } = anc
  const n = ig.nNodes
  const reach = new Uint32Array(words)
  const isCons = new Uint8Array(n)
  for (let g = 0; g < gr.count; g++) {
    const size = gr.bytes[g]
    if (size === 0) continue
    const p = gr.producer[g]
    const c0 = gr.consStart[g], c1 = gr.consStart[g + 1]
    for (let j = c0; j < c1; j++) isCons[gr.consList[j]] = 1
    // allocated before v in every order: v is a descendant of p (or the group is a graph input's)
    const allocatedBefore = (v: number): boolean => p < 0 || (bits[v * words + (p >>> 5)] & (1 << (p & 31))) !== 0
    if (gr.holdsOut[g]) {
      for (let v = 0; v < n; v++) if (v !== p && !isCons[v] && allocatedBefore(v)) perNode[v] += size
    } else if (c1 > c0) {
      // needed after v in every order: some consumer is a descendant of v
      reach.fill(0)
      for (let j = c0; j < c1; j++) {
        const row = gr.consList[j] * words
        for (let w = 0; w < words; w++) reach[w] |= bits[row + w]
      }
      for (let w = 0; w < words; w++) {
        let m = reach[w]
        while (m !== 0) {
          const low = m & -m
          const v = (w << 5) + (31 - Math.clz32(low))
          m ^= low
          if (v !== p && !isCons[v] && allocatedBefore(v)) perNode[v] += size
        }
      }
    }
    for (let j = c0; j < c1; j++) isCons[gr.consList[j]] = 0
  }
}
