/**
 * A binary min-heap of node ids (0 … capacity − 1) under a caller's strict order `less(a, b)`, with each
 * id's position kept so that a key that changed is restored by `update(id)` in O(log n). The greedy
 * baseline keeps its ready nodes here (baselines.ts): a ready node's key changes only when one of its input
 * buffers gets down to its last pending consumer, so each step costs O(degree · log n), not a scan of every
 * ready node. Invariant: every entry is not greater than its children under `less`; `pos[id]` is the id's
 * index in the heap, −1 when absent.
 */
export class KeyedHeap {
  private readonly a: Int32Array
  private readonly pos: Int32Array
  private n = 0

  constructor(capacity: number, private readonly less: (a: number, b: number) => boolean) {
    this.a = new Int32Array(capacity)
    this.pos = new Int32Array(capacity).fill(-1)
  }

  get size(): number {
    return this.n
  }

  has(id: number): boolean {
    return this.pos[id] >= 0
  }

  push(id: number): void {
    this.a[this.n] = id
    this.pos[id] = this.n++
    this.up(this.n - 1)
  }

  /** the least id under `less`; the heap must not be empty */
  pop(): number {
    const top = this.a[0]
    this.pos[top] = -1
    const last = this.a[--this.n]
    if (this.n > 0) {
      this.a[0] = last
      this.pos[last] = 0
      this.down(0)
    }
    return top
  }

  /** restores the order after the key of `id` (in the heap) changed either way */
  update(id: number): void {
    const i = this.pos[id]
    this.down(this.up(i))
  }

  private up(i: number): number {
    const { a, pos, less } = this
    const x = a[i]
    while (i > 0) {
      const p = (i - 1) >> 1
      if (!less(x, a[p])) break
      a[i] = a[p]
      pos[a[i]] = i
      i = p
    }
    a[i] = x
    pos[x] = i
    return i
  }

  private down(i: number): void {
    const { a, pos, less, n } = this
    const x = a[i]
    for (;;) {
      let c = 2 * i + 1
      if (c >= n) break
      if (c + 1 < n && less(a[c + 1], a[c])) c++
      if (!less(a[c], x)) break
      a[i] = a[c]
      pos[a[i]] = i
      i = c
    }
    a[i] = x
    pos[x] = i
  }
}
