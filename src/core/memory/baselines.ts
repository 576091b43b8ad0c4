/**
 * The baseline orders of the paper and of docs/spec.md section 3: `file`, `bfs`, `dfs`, `greedy`, `random`.
 *
 * - file: the source order; when the file is not topological, the topological order that always runs the
 *   ready node listed first (equal to the file order whenever that is valid). O(n + e) when the file order is
 *   topological (checked first: the common case, and then it is the answer), else O((n + e) log n).
 * - bfs: Kahn's algorithm, first in first out; sources in file order, successors in edge order. O(n + e).
 * - dfs: reverse post-order of a depth-first search from the sources in file order. O(n + e).
 * - greedy: the ready node that leaves the least memory; ties by the smaller value while it runs, then file
 *   order. O((n + e) log n): ready nodes in a keyed heap, re-keyed only when their state-dependent part changes.
 * - random: a uniformly random ready node at each step (sfc32 from core/random.ts, one seed for all samples).
 * Every function returns a topological order of all nodes as node ids.
 */
import type { Rng } from '../random.ts'
import type { Groups } from './groups.ts'
import { IndexHeap } from '../graph/index-heap.ts'
import type { IndexedGraph } from './indexed.ts'
import { KeyedHeap } from './keyed-heap.ts'
import { MemState } from './state.ts'

export function fileOrder(ig: IndexedGraph): Int32Array {
  const n = ig.nNodes
  // every predecessor listed earlier: then node k is the first ready node at step k, so the order is the file's
  let topological = true
  for (let j = 0, v = 0; v < n && topological; v++) for (; j < ig.predStart[v + 1]; j++) if (ig.predList[j] >= v) { topological = false; break }
  if (topological) {
    const order = new Int32Array(n)
    for (let v = 0; v < n; v++) order[v] = v
    return order
  }
  const indeg = new Int32Array(n)
  for (let v = 0; v < n; v++) indeg[v] = ig.predStart[v + 1] - ig.predStart[v]
  const heap = new IndexHeap(n)
  for (let v = 0; v < n; v++) if (indeg[v] === 0) heap.push(v)
  const order = new Int32Array(n)
  for (let k = 0; k < n; k++) {
    const v = heap.pop()
    order[k] = v
    for (let j = ig.succStart[v]; j < ig.succStart[v + 1]; j++) if (--indeg[ig.succList[j]] === 0) heap.push(ig.succList[j])
  }
  return order
}

/** Kahn first in first out over file order is exactly the order `indexGraph` kept from validation: a copy of it. */
export function bfsOrder(ig: IndexedGraph): Int32Array {
  return ig.topo.slice()
}

export function dfsOrder(ig: IndexedGraph): Int32Array {
  const n = ig.nNodes
  const seen = new Uint8Array(n)
  const post = new Int32Array(n)
  let k = 0
  const stack = new Int32Array(n)
  const next = new Int32Array(n) // next successor index to visit per node on the stack
  for (let s = 0; s < n; s++) {
    if (seen[s] || ig.predStart[s + 1] > ig.predStart[s]) continue
    let top = 0
    stack[0] = s
    seen[s] = 1
    next[s] = ig.succStart[s]
    while (top >= 0) {
      const v = stack[top]
      if (next[v] < ig.succStart[v + 1]) {
        const w = ig.succList[next[v]++]
        if (!seen[w]) { seen[w] = 1; next[w] = ig.succStart[w]; stack[++top] = w }
      } else {
        post[k++] = v
        top--
      }
    }
  }
  return post.reverse()
}

export function greedyOrder(ig: IndexedGraph, gr: Groups): Int32Array {
  const n = ig.nNodes
  const st = new MemState(ig, gr)
  // A ready node's key is (bytes after it, bytes while it runs) less the current bytes, the same for every
  // candidate at a step, so comparing keys is comparing what the old scan compared (exact: integer bytes).
  // The key depends on the state only through `pending[g] === 1` for v's input groups (freeing and in-place
  // writes, state.ts), so it changes only when an input group of v gets down to its last consumer: then
  // that consumer alone is re-keyed. Each group does so once: O((nodes + edges) · log nodes) in all.
  const dAfter = new Float64Array(n)
  const dDuring = new Float64Array(n)
  const heap = new KeyedHeap(n, (a, b) => dAfter[a] < dAfter[b] || (dAfter[a] === dAfter[b] &&
    (dDuring[a] < dDuring[b] || (dDuring[a] === dDuring[b] && a < b))))
  const key = (v: number): void => {
    st.evaluate(v)
    dAfter[v] = st.after - st.cur
    dDuring[v] = st.during - st.cur
  }
  const done = new Uint8Array(n)
  for (let v = 0; v < n; v++) if (st.indeg[v] === 0) { key(v); heap.push(v) }
  const order = new Int32Array(n)
  for (let k = 0; k < n; k++) {
    const v = heap.pop()
    st.apply(v)
    done[v] = 1
    order[k] = v
    for (let j = gr.inStart[v]; j < gr.inStart[v + 1]; j++) {
      const g = gr.inList[j]
      if (st.pending[g] !== 1) continue
      for (let r = gr.consStart[g]; r < gr.consStart[g + 1]; r++) {
        const w = gr.consList[r]
        if (done[w]) continue
        if (heap.has(w)) { key(w); heap.update(w) }
        break
      }
    }
    for (let j = ig.succStart[v]; j < ig.succStart[v + 1]; j++) {
      const w = ig.succList[j]
      if (st.indeg[w] === 0) { key(w); heap.push(w) }
    }
  }
  return order
}

/** One random order: at each step a uniformly random ready node. */
export function randomOrder(ig: IndexedGraph, rng: Rng, scratch: Int32Array = new Int32Array(ig.nNodes)): Int32Array {
  const n = ig.nNodes
  const indeg = scratch
  const ready = new Int32Array(n)
  let size = 0
  for (let v = 0; v < n; v++) {
    indeg[v] = ig.predStart[v + 1] - ig.predStart[v]
    if (indeg[v] === 0) ready[size++] = v
  }
  const order = new Int32Array(n)
  for (let k = 0; k < n; k++) {
    const i = rng.int(size)
    const v = ready[i]
    ready[i] = ready[--size]
    order[k] = v
    for (let j = ig.succStart[v]; j < ig.succStart[v + 1]; j++) if (--indeg[ig.succList[j]] === 0) ready[size++] = ig.succList[j]
  }
  return order
}
