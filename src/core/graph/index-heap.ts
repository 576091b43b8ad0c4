/**
 * A binary min-heap of node indices (0 … capacity − 1), for the topological orders that take the ready node
 * listed first in the file: the builder's order (structure.ts) and the `file` baseline (memory/baselines.ts).
 * push and pop are O(log n); the storage is one Int32Array of the capacity, allocated once. Invariant: every
 * entry is ≤ its children, so `pop` returns the smallest index pushed and not yet popped.
 */
export class IndexHeap {
  private readonly a: Int32Array
  private n = 0

  constructor(capacity: number) {
    this.a = new Int32Array(capacity)
  }

  get size(): number {
    return this.n
  }

  push(x: number): void {
    const a = this.a
    let i = this.n++
    while (i > 0) {
      const p = (i - 1) >> 1
      if (a[p] <= x) break
      a[i] = a[p]
      i = p
    }
    a[i] = x
  }

  /** the smallest index in the heap; the heap must not be empty */
  pop(): number {
    const a = this.a
    const top = a[0]
    const last = a[--this.n]
    const n = this.n
    let i = 0
    for (;;) {
      let c = 2 * i + 1
      if (c >= n) break
      if (c + 1 < n && a[c + 1] < a[c]) c++
      if (a[c] >= last) break
      a[i] = a[c]
      i = c
    }
    a[i] = last
    return top
  }
}
