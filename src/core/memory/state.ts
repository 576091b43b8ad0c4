/**
 * The incremental memory state over groups (groups.ts): what is live after a set S of executed nodes,
 * with O(degree) evaluation, application and undo of one node. Greedy and BTSearch run on it.
 *
 * Layout: `pending[g]` = consumer nodes of group g not yet executed; `live[g]` = allocated and not freed;
 * `cur` = Σ bytes of live groups (the value *after* the last step); `indeg[v]` = unexecuted predecessors.
 * Invariant (docs/memory-models.md, "Groups"): `cur` equals the walk's value after the same steps in any
 * order that executes exactly S, and `evaluate(v)` gives the walk's values during and after v.
 */
import type { Groups } from './groups.ts'
import type { IndexedGraph } from './indexed.ts'

export class MemState {
  readonly pending: Int32Array
  readonly live: Uint8Array
  readonly indeg: Int32Array
  cur = 0
  /** set by `evaluate`: bytes while v runs and after it */
  during = 0
  after = 0

  constructor(readonly ig: IndexedGraph, readonly gr: Groups) {
    this.pending = new Int32Array(gr.count)
    this.live = new Uint8Array(gr.count)
    this.indeg = new Int32Array(ig.nNodes)
    this.reset()
  }

  /** the state after step 0: graph inputs loaded, the unconsumed ones freed */
  reset(): void {
    const { gr, ig } = this
    for (let g = 0; g < gr.count; g++) this.pending[g] = gr.consStart[g + 1] - gr.consStart[g]
    this.live.fill(0)
    this.cur = 0
    for (const g of gr.inputGroups) {
      if (this.live[g]) continue
      if (this.pending[g] > 0 || gr.holdsOut[g]) { this.live[g] = 1; this.cur += gr.bytes[g] }
    }
    for (let v = 0; v < ig.nNodes; v++) this.indeg[v] = ig.predStart[v + 1] - ig.predStart[v]
  }

  /** bytes of the graph inputs while step 0 runs (before the unconsumed ones are freed) */
  step0Bytes(): number {
    let b = 0
    for (const g of new Set(this.gr.inputGroups)) b += this.gr.bytes[g]
    return b
  }

  /** the group whose buffer output 0 of ready node v would take in place, or -1 */
  reuseOf(v: number): number {
    const gr = this.gr
    if (gr.reuseGroup[v] < 0) return -1
    for (let r = gr.candStart[v]; r < gr.candStart[v + 1]; r++) {
      const g = gr.candList[r]
      if (this.pending[g] === 1 && !gr.holdsIn[g] && !gr.holdsOut[g]) return g
    }
    return -1
  }

  /** sets `during` and `after` for running ready node v now */
  evaluate(v: number): void {
    const gr = this.gr
    let alloc = 0
    let kept = 0
    for (let j = gr.newStart[v]; j < gr.newStart[v + 1]; j++) {
      const g = gr.newList[j]
      alloc += gr.bytes[g]
      if (gr.consStart[g + 1] > gr.consStart[g] || gr.holdsOut[g]) kept += gr.bytes[g]
    }
    if (this.reuseOf(v) >= 0) alloc -= gr.bytes[gr.reuseGroup[v]]
    let freed = 0
    for (let j = gr.inStart[v]; j < gr.inStart[v + 1]; j++) {
      const g = gr.inList[j]
      if (this.pending[g] === 1 && !gr.holdsOut[g]) freed += gr.bytes[g]
    }
    this.during = this.cur + alloc
    this.after = this.cur + kept - freed
  }

  /**
   * The same values for taking executed node w back (all its successors unexecuted): `during` = bytes while
   * w runs from S ∖ {w}, `after` = bytes after S ∖ {w} (the state the backward search moves to).
   */
  evaluateBack(w: number): void {
    const gr = this.gr
    let cur = this.cur
    let alloc = 0
    for (let j = gr.newStart[w]; j < gr.newStart[w + 1]; j++) {
      const g = gr.newList[j]
      alloc += gr.bytes[g]
      if (this.live[g]) cur -= gr.bytes[g]
    }
    for (let j = gr.inStart[w]; j < gr.inStart[w + 1]; j++) {
      const g = gr.inList[j]
      if (this.pending[g] === 0 && !gr.holdsOut[g]) cur += gr.bytes[g]
    }
    if (gr.reuseGroup[w] >= 0) {
      for (let r = gr.candStart[w]; r < gr.candStart[w + 1]; r++) {
        const g = gr.candList[r]
        if (this.pending[g] === 0 && !gr.holdsIn[g] && !gr.holdsOut[g]) { alloc -= gr.bytes[gr.reuseGroup[w]]; break }
      }
    }
    this.during = cur + alloc
    this.after = cur
  }

  apply(v: number): void {
    const { gr, ig } = this
    for (let j = gr.inStart[v]; j < gr.inStart[v + 1]; j++) {
      const g = gr.inList[j]
      if (--this.pending[g] === 0 && !gr.holdsOut[g]) { this.live[g] = 0; this.cur -= gr.bytes[g] }
    }
    for (let j = gr.newStart[v]; j < gr.newStart[v + 1]; j++) {
      const g = gr.newList[j]
      if (this.pending[g] > 0 || gr.holdsOut[g]) { this.live[g] = 1; this.cur += gr.bytes[g] }
    }
    for (let j = ig.succStart[v]; j < ig.succStart[v + 1]; j++) this.indeg[ig.succList[j]]--
  }

  undo(v: number): void {
    const { gr, ig } = this
    for (let j = ig.succStart[v]; j < ig.succStart[v + 1]; j++) this.indeg[ig.succList[j]]++
    for (let j = gr.newStart[v]; j < gr.newStart[v + 1]; j++) {
      const g = gr.newList[j]
      if (this.live[g]) { this.live[g] = 0; this.cur -= gr.bytes[g] }
    }
    for (let j = gr.inStart[v]; j < gr.inStart[v + 1]; j++) {
      const g = gr.inList[j]
      if (this.pending[g]++ === 0 && !gr.holdsOut[g]) { this.live[g] = 1; this.cur += gr.bytes[g] }
    }
  }
}
