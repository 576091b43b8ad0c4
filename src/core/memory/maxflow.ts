/**
 * Maximum flow (Dinic) on a small capacitated digraph, for the cut bounds (cut-bound.ts). Capacities are
 * doubles (byte counts, exact up to 2^53); `Infinity` marks an edge that can never be cut.
 *
 * Layout: edges in pairs (e, e ^ 1 = its reverse) in flat arrays `to`, `cap`, `next`; `head[u]` is u's first
 * edge. `reset()` keeps the topology and restores the capacities set by `addEdge`/`setCap`, so a network
 * built once is re-solved for many terminals without allocation. O(V² E) worst case; a few hundred
 * microseconds on the graphs of a segment.
 */
export class FlowNet {
  private to: Int32Array
  private cap: Float64Array
  private base: Float64Array
  private next: Int32Array
  private readonly head: Int32Array
  private readonly level: Int32Array
  private readonly iter: Int32Array
  private readonly queue: Int32Array
  private readonly path: Int32Array
  private m = 0
  /** edges scanned by the searches since construction: the real cost of the flows, for the callers' budgets */
  ops = 0

  constructor(readonly n: number, edgeHint = 16) {
    this.head = new Int32Array(n).fill(-1)
    this.level = new Int32Array(n)
    this.iter = new Int32Array(n)
    this.queue = new Int32Array(n)
    this.path = new Int32Array(n)
    this.to = new Int32Array(edgeHint * 2)
    this.cap = new Float64Array(edgeHint * 2)
    this.base = new Float64Array(edgeHint * 2)
    this.next = new Int32Array(edgeHint * 2)
  }

  /** edges added so far (each with its reverse) */
  get edges(): number {
    return this.m
  }

  /** adds u → v with capacity c; returns the edge id (for `setCap`) */
  addEdge(u: number, v: number, c: number): number {
    if (this.m + 2 > this.to.length) this.grow()
    const e = this.m
    this.to[e] = v; this.base[e] = c; this.next[e] = this.head[u]; this.head[u] = e
    this.to[e + 1] = u; this.base[e + 1] = 0; this.next[e + 1] = this.head[v]; this.head[v] = e + 1
    this.m += 2
    return e
  }

  /** sets the capacity edge e gets at the next `reset()` */
  setCap(e: number, c: number): void {
    this.base[e] = c
  }

  reset(): void {
    this.cap.set(this.base.subarray(0, this.m))
  }

  private grow(): void {
    const len = this.to.length * 2
    const to = new Int32Array(len); to.set(this.to); this.to = to
    const cap = new Float64Array(len); cap.set(this.cap); this.cap = cap
    const base = new Float64Array(len); base.set(this.base); this.base = base
    const next = new Int32Array(len); next.set(this.next); this.next = next
  }

  private bfs(s: number, t: number): boolean {
    const { level, queue, head, next, to, cap } = this
    level.fill(-1)
    level[s] = 0
    let qh = 0
    let qt = 0
    queue[qt++] = s
    while (qh < qt) {
      const u = queue[qh++]
      for (let e = head[u]; e >= 0; e = next[e]) {
        this.ops++
        const v = to[e]
        if (cap[e] > 0 && level[v] < 0) { level[v] = level[u] + 1; queue[qt++] = v }
      }
    }
    return level[t] >= 0
  }

  /**
   * One augmenting path in the level graph, found iteratively (`path` holds its edges; no recursion, so a
   * long chain cannot overflow the stack); returns the flow pushed, 0 when the level graph is blocked.
   */
  private augment(s: number, t: number): number {
    const { level, next, to, cap, iter, path } = this
    let len = 0
    let u = s
    for (;;) {
      if (u === t) {
        let f = Infinity
        for (let i = 0; i < len; i++) f = Math.min(f, cap[path[i]])
        for (let i = 0; i < len; i++) { cap[path[i]] -= f; cap[path[i] ^ 1] += f }
        return f
      }
      let e = iter[u]
      while (e >= 0 && !(cap[e] > 0 && level[to[e]] === level[u] + 1)) { e = next[e]; this.ops++ }
      this.ops++
      iter[u] = e
      if (e >= 0) {
        path[len++] = e
        u = to[e]
      } else {
        if (len === 0) return 0
        level[u] = -1 // dead end: never enter it again in this phase
        u = to[path[--len] ^ 1]
        iter[u] = next[iter[u]]
      }
    }
  }

  /** max flow from s to t on the capacities of the last `reset()`; stops early once it reaches `limit` */
  maxFlow(s: number, t: number, limit = Infinity): number {
    let flow = 0
    while (flow < limit && this.bfs(s, t)) {
      this.iter.set(this.head)
      for (;;) {
        const f = this.augment(s, t)
        if (f <= 0) break
        flow += f
        if (flow >= limit) break
      }
    }
    return flow
  }
}
