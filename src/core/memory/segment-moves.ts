/**
 * The position of a segment search (segment-search.ts) and its moves: which segment nodes have moved (run
 * forward, or taken back backward), the order they moved in, the nodes ready to move next, the Zobrist
 * hash of the moved set, and the largest static bound among the unexecuted nodes. `doMove`/`undoMove` keep
 * all of it and the memory state `st` in step; the branch-and-bound that chooses the moves is the
 * subclass's.
 *
 * Layout. `bits` is the moved set over the segment's local indices (Uint32Array, `words` words) and
 * (h1, h2) its Zobrist hash, updated by XOR on every move. `path[0..pathLen)` are the moved segment nodes
 * in order. Invariant: `ready` is exactly the unmoved segment nodes with `cnt` = 0, where `cnt` counts
 * unmoved segment predecessors (forward) or successors (backward). Cost: O(degree) per move (plus the
 * amortised advance of `remPtr`); set-up O(nodes of the graph + segment edges + k log k).
 */
import { createRng } from '../random.ts'
import type { IndexedGraph } from './indexed.ts'
import type { MemState } from './state.ts'

export class SegmentMoves {
  protected readonly k: number
  private readonly loc: Int32Array
  protected readonly bits: Uint32Array
  private readonly z1: Uint32Array
  private readonly z2: Uint32Array
  protected h1 = 0
  protected h2 = 0
  private readonly lbOrder: Int32Array
  /** rank of each local node in lbOrder, and the first rank not yet executed */
  private readonly rank: Int32Array
  private remPtr = 0
  protected readonly ready: Int32Array
  private readonly readyPos: Int32Array
  protected nReady = 0
  protected readonly path: Int32Array
  protected pathLen = 0
  private readonly cnt: Int32Array
  /** per group, the nodes that may write in place into it (backward Rule D) */
  private readonly candUsers: { start: Int32Array; list: Int32Array }

  constructor(private readonly ig: IndexedGraph, protected readonly st: MemState, nodes: Int32Array,
    private readonly perNode: Float64Array, readonly back: boolean) {
    const k = nodes.length
    this.k = k
    this.loc = new Int32Array(ig.nNodes).fill(-1)
    for (let i = 0; i < k; i++) this.loc[nodes[i]] = i
    this.bits = new Uint32Array((k + 31) >>> 5)
    const rng = createRng(0x5eed)
    this.z1 = Uint32Array.from({ length: k }, () => rng.int(0x100000000))
    this.z2 = Uint32Array.from({ length: k }, () => rng.int(0x100000000))
    this.lbOrder = nodes.slice().sort((a, b) => perNode[b] - perNode[a])
    this.rank = new Int32Array(k)
    for (let r = 0; r < k; r++) this.rank[this.loc[this.lbOrder[r]]] = r
    this.ready = new Int32Array(k)
    this.readyPos = new Int32Array(k).fill(-1)
    this.cnt = new Int32Array(k)
    const [aStart, aList] = this.back ? [ig.succStart, ig.succList] : [ig.predStart, ig.predList]
    for (let i = 0; i < k; i++) {
      const v = nodes[i]
      for (let j = aStart[v]; j < aStart[v + 1]; j++) if (this.loc[aList[j]] >= 0) this.cnt[i]++
      if (this.cnt[i] === 0) this.addReady(v)
    }
    this.candUsers = candidateUsers(st)
    this.path = new Int32Array(k)
  }

  /**
   * Backward Rule D's extra condition: taking w back now (running it after every unmoved node) cannot raise
   * an unmoved node u's step. Such a u may lose its in-place write (w, run later, keeps one of u's candidate
   * groups pending), costing at most the bytes of its output; but every state before w in the new order is
   * at least `slack` = M(S) − M(S ∖ {w}) smaller (docs/btsearch.md, "Backward search"). So: no input group
   * of w is a candidate of an unmoved u ≠ w whose output is larger than the slack.
   */
  protected mayTakeBackNow(w: number, slack: number): boolean {
    const gr = this.st.gr
    const { start, list } = this.candUsers
    for (let j = gr.inStart[w]; j < gr.inStart[w + 1]; j++) {
      const g = gr.inList[j]
      for (let r = start[g]; r < start[g + 1]; r++) {
        const u = list[r]
        const l = this.loc[u]
        if (u !== w && l >= 0 && (this.bits[l >>> 5] & (1 << (l & 31))) === 0 && gr.bytes[gr.reuseGroup[u]] > slack) return false
      }
    }
    return true
  }

  private addReady(v: number): void {
    const l = this.loc[v]
    this.readyPos[l] = this.nReady
    this.ready[this.nReady++] = v
  }

  private removeReady(v: number): void {
    const l = this.loc[v]
    const i = this.readyPos[l]
    const last = this.ready[--this.nReady]
    this.ready[i] = last
    this.readyPos[this.loc[last]] = i
    this.readyPos[l] = -1
  }

  protected doMove(v: number): void {
    const { ig, st, loc, cnt } = this
    this.removeReady(v)
    if (this.back) st.undo(v)
    else st.apply(v)
    const l = loc[v]
    this.bits[l >>> 5] |= 1 << (l & 31)
    this.h1 ^= this.z1[l]
    this.h2 ^= this.z2[l]
    this.path[this.pathLen++] = v
    if (this.rank[l] === this.remPtr) {
      const { lbOrder, bits } = this
      let r = this.remPtr + 1
      while (r < lbOrder.length) {
        const m = loc[lbOrder[r]]
        if ((bits[m >>> 5] & (1 << (m & 31))) === 0) break
        r++
      }
      this.remPtr = r
    }
    const [aStart, aList] = this.back ? [ig.predStart, ig.predList] : [ig.succStart, ig.succList]
    for (let j = aStart[v]; j < aStart[v + 1]; j++) {
      const w = aList[j]
      const lw = loc[w]
      if (lw >= 0 && --cnt[lw] === 0) this.addReady(w)
    }
  }

  protected undoMove(): void {
    const { ig, st, loc, cnt } = this
    const v = this.path[--this.pathLen]
    const [aStart, aList] = this.back ? [ig.predStart, ig.predList] : [ig.succStart, ig.succList]
    for (let j = aStart[v]; j < aStart[v + 1]; j++) {
      const w = aList[j]
      const lw = loc[w]
      if (lw >= 0 && cnt[lw]++ === 0) this.removeReady(w)
    }
    if (this.back) st.apply(v)
    else st.undo(v)
    const l = loc[v]
    this.bits[l >>> 5] &= ~(1 << (l & 31))
    this.h1 ^= this.z1[l]
    this.h2 ^= this.z2[l]
    if (this.rank[l] < this.remPtr) this.remPtr = this.rank[l]
    this.addReady(v)
  }

  /** the largest static bound among unexecuted segment nodes: each must still run with at least that much */
  protected remainingBound(): number {
    return this.remPtr < this.lbOrder.length ? this.perNode[this.lbOrder[this.remPtr]] : 0
  }

  protected undoTo(len: number): void {
    while (this.pathLen > len) this.undoMove()
  }
}

/**
 * Per group, the nodes that may write output 0 in place into it (its in-place candidates' users): backward
 * Rule D checks that none of them other than w is still unmoved (docs/btsearch.md, "Backward search").
 */
function candidateUsers(st: MemState): { start: Int32Array; list: Int32Array } {
  const gr = st.gr
  const start = new Int32Array(gr.count + 1)
  for (let v = 0; v < st.ig.nNodes; v++) for (let r = gr.candStart[v]; r < gr.candStart[v + 1]; r++) start[gr.candList[r] + 1]++
  for (let g = 0; g < gr.count; g++) start[g + 1] += start[g]
  const list = new Int32Array(start[gr.count])
  const fill = start.slice(0, gr.count)
  for (let v = 0; v < st.ig.nNodes; v++) for (let r = gr.candStart[v]; r < gr.candStart[v + 1]; r++) list[fill[gr.candList[r]]++] = v
  return { start, list }
}
