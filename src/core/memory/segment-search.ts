/**
 * BTSearch's inner loop on one segment: depth-first branch-and-bound over sets of executed nodes
 * (docs/btsearch.md). Explicit stack, so it stops after any number of states and resumes later.
 * Forward, it runs nodes from the segment's start; backward (`back`), it starts from the segment's end
 * (every node executed) and takes nodes back, building the order from its last node (docs/btsearch.md,
 * "Backward search"): the same state space entered from the other side.
 *
 * State layout. `st` (MemState) holds pending counts, live groups and `cur` for the executed set; `bits`
 * is that set over the segment's local indices (Uint32Array, `words` words) and (h1, h2) its Zobrist hash,
 * updated by XOR on every move. `path[0..pathLen)` are the executed segment nodes in order. Frame d:
 * `base[d]` = pathLen after the branching move that opened it (its forced moves sit in path[base[d]..)),
 * `fg[d]` = path peak after those forced moves, children `childBuf[cStart[d] .. cEnd[d])` sorted by the
 * bytes while they run, `cNext[d]` the next one to try. `bits` is the set of *moved* nodes (run forward,
 * taken back backward). Invariant: `ready` is exactly the unmoved segment nodes with `cnt` = 0, where
 * `cnt` counts unmoved segment predecessors (forward) or successors (backward).
 * Cost: per state, O(r log r) to order its r ready children plus the move's O(degree) update, and at most
 * FORCING_WORK evaluations on passes that forced moves restart; the number of states is exponential in the
 * segment's width in the worst case, which is why it is budgeted (in states and in evaluations) and resumable.
 */
import { createRng } from '../random.ts'
import type { IndexedGraph } from './indexed.ts'
import type { MemState } from './state.ts'
import { StateTable } from './state-table.ts'

export interface SegmentSearchOptions {
  /** only orders with a peak below this are of interest (default: the incumbent's peak) */
  cut?: number
  /** probes: stop at the first order below the cut */
  stopOnFound?: boolean
  /** search from the segment's end; `st` must then hold the state after the whole segment */
  back?: boolean
}

export class SegmentSearch {
  bestPeak: number
  /** only orders with peak < cut are of interest (docs/btsearch.md, "Probes"); lowered by every find */
  private cut: number
  private found = false
  private best: Int32Array<ArrayBuffer>
  private readonly k: number
  private readonly loc: Int32Array
  private readonly bits: Uint32Array
  private readonly z1: Uint32Array
  private readonly z2: Uint32Array
  private h1 = 0
  private h2 = 0
  private readonly lbOrder: Int32Array
  /** rank of each local node in lbOrder, and the first rank not yet executed */
  private readonly rank: Int32Array
  private remPtr = 0
  private readonly ready: Int32Array
  private readonly readyPos: Int32Array
  private nReady = 0
  private readonly path: Int32Array
  private pathLen = 0
  private readonly base: Int32Array
  private readonly fg: Float64Array
  private readonly cStart: Int32Array
  private readonly cEnd: Int32Array
  private readonly cNext: Int32Array
  private childBuf = new Int32Array(1024)
  private childD = new Float64Array(1024)
  private childA = new Float64Array(1024)
  private depth = 0
  private started = false
  private states = 0
  /** node evaluations and sort steps since the last `takeWork`: a state with 200k ready nodes is not one unit */
  private work = 0
  private floor = 0
  private readonly table: StateTable
  /** the least value at which a branch was cut (≥ cut), and whether the search stopped at the floor */
  private minCut = Infinity
  private floorStopped = false
  private readonly stopOnFound: boolean
  readonly back: boolean
  private readonly cnt: Int32Array
  /** per group, the nodes that may write in place into it (backward Rule D) */
  private readonly candUsers: { start: Int32Array; list: Int32Array }

  constructor(private readonly ig: IndexedGraph, private readonly st: MemState, nodes: Int32Array,
    incumbent: Int32Array, incumbentPeak: number, private readonly perNode: Float64Array, opts: SegmentSearchOptions = {}) {
    this.cut = Math.min(opts.cut ?? incumbentPeak, incumbentPeak)
    this.stopOnFound = opts.stopOnFound ?? false
    this.back = opts.back ?? false
    const k = nodes.length
    this.k = k
    this.bestPeak = incumbentPeak
    this.best = incumbent.slice()
    this.loc = new Int32Array(ig.nNodes).fill(-1)
    for (let i = 0; i < k; i++) this.loc[nodes[i]] = i
    const words = (k + 31) >>> 5
    this.bits = new Uint32Array(words)
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
    this.base = new Int32Array(k + 1)
    this.fg = new Float64Array(k + 1)
    this.cStart = new Int32Array(k + 1)
    this.cEnd = new Int32Array(k + 1)
    this.cNext = new Int32Array(k + 1)
    // a segment has up to four searches (direct and probe, from each end): 64 MB for each direct search,
    // half that for the short-lived probes, 192 MB in all as before the backward search
    this.table = new StateTable(words, this.stopOnFound ? 32 * 1024 * 1024 : 64 * 1024 * 1024)
  }

  /**
   * Backward Rule D's extra condition: taking w back now (running it after every unmoved node) cannot raise
   * an unmoved node u's step. Such a u may lose its in-place write (w, run later, keeps one of u's candidate
   * groups pending), costing at most the bytes of its output; but every state before w in the new order is
   * at least `slack` = M(S) − M(S ∖ {w}) smaller (docs/btsearch.md, "Backward search"). So: no input group
   * of w is a candidate of an unmoved u ≠ w whose output is larger than the slack.
   */
  private mayTakeBackNow(w: number, slack: number): boolean {
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

  private noteCut(value: number): void {
    if (value < this.minCut) this.minCut = value
  }

  /**
   * After 'exhausted' (probes: the cut never moves): every order of the segment has a peak ≥ this. Each
   * branch was cut at a value that bounds all its completions (a path peak, a next step, a static bound),
   * so the least such value bounds them all (docs/btsearch.md, "Probes") — often well above the cut.
   */
  refutedBelow(): number {
    return this.floorStopped || this.minCut === Infinity ? this.cut : Math.max(this.cut, this.minCut)
  }

  /** a better order is known elsewhere (the other search of the segment): cut at its peak */
  lowerCut(c: number): void {
    if (c < this.cut) this.cut = c
  }

  bestOrder(): Int32Array<ArrayBuffer> {
    return this.best
  }

  takeStates(): number {
    const s = this.states
    this.states = 0
    return s
  }

  takeWork(): number {
    const w = this.work
    this.work = 0
    return w
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

  private doMove(v: number): void {
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

  private undoMove(): void {
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
  private remainingBound(): number {
    return this.remPtr < this.lbOrder.length ? this.perNode[this.lbOrder[this.remPtr]] : 0
  }

  /**
   * Arrives at a state with path peak g: forced moves, completion, bound, memo, then a frame of children.
   * False when the state is closed (its forced moves undone again).
   */
  private enter(g: number): boolean {
    const { st } = this
    const base = this.pathLen
    // the visited-state check comes first, before any evaluation: most arrivals in a wide graph are
    // revisits (the same set reached through another interleaving)
    if (this.table.seenNoWorse(this.h1, this.h2, this.bits, g)) return false
    const top = this.depth === 0 ? 0 : this.cEnd[this.depth - 1]
    let c = top
    let minDuring = Infinity
    let rem = 0
    // One pass over the ready nodes evaluates each once: a node that Rule D forces is run at once and the
    // pass restarts from the new state; otherwise the pass leaves the children sorted by (after, during).
    // Rule D is a pruning, not needed for exactness: once this arrival has spent FORCING_WORK evaluations on
    // restarted passes (a wide state with many forced moves), the last pass only collects children
    const workAtEntry = this.work
    for (let forced = true; forced; ) {
      forced = false
      if (this.pathLen === this.k) break
      rem = this.remainingBound()
      const limit = Math.max(g, this.floor, rem)
      const n = this.nReady
      const force = this.work - workAtEntry < FORCING_WORK
      this.work += n
      if (top + n > this.childBuf.length) this.growChildren(top + n)
      c = top
      minDuring = Infinity
      for (let i = 0; i < n; i++) {
        const v = this.ready[i]
        if (this.back) st.evaluateBack(v)
        else st.evaluate(v)
        if (force && st.after <= st.cur && st.during <= limit && (!this.back || this.mayTakeBackNow(v, st.cur - st.after))) {
          if (st.during > g) g = st.during
          this.doMove(v)
          forced = true
          break
        }
        if (st.during < minDuring) minDuring = st.during
        if (Math.max(g, st.during) >= this.cut) { this.noteCut(Math.max(g, st.during)); continue }
        this.childBuf[c] = v; this.childD[c] = st.during; this.childA[c] = st.after
        c++
      }
    }
    if (c - top > 1) this.sortChildren(top, c)
    if (this.pathLen === this.k) {
      if (g < this.cut) {
        this.bestPeak = g
        this.best = this.path.slice()
        if (this.back) this.best.reverse()
        this.found = true
        if (!this.stopOnFound) this.cut = g // branch-and-bound: from now on only better orders count
      } else this.noteCut(g)
      this.undoTo(base)
      return false
    }
    const bound = Math.max(g, minDuring, rem)
    if (bound >= this.cut || c === top) {
      if (bound >= this.cut) this.noteCut(bound)
      this.undoTo(base)
      return false
    }
    if (this.pathLen > base && this.table.seenNoWorse(this.h1, this.h2, this.bits, g)) { this.undoTo(base); return false }
    this.states++
    const d = this.depth++
    this.base[d] = base
    this.fg[d] = g
    this.cStart[d] = top
    this.cEnd[d] = c
    this.cNext[d] = top
    return true
  }

  /**
   * Orders children [top, end) by (bytes after, bytes while running), ties in ready order — what an insertion
   * sort as they arrive gave, in O(r log r) for a wide state instead of O(r²).
   */
  private sortChildren(top: number, end: number): void {
    const r = end - top
    const { childBuf, childD, childA } = this
    if (r <= 16) {
      for (let i = top + 1; i < end; i++) {
        const v = childBuf[i], d = childD[i], a = childA[i]
        let j = i
        while (j > top && (childA[j - 1] > a || (childA[j - 1] === a && childD[j - 1] > d))) {
          childBuf[j] = childBuf[j - 1]; childD[j] = childD[j - 1]; childA[j] = childA[j - 1]
          j--
        }
        childBuf[j] = v; childD[j] = d; childA[j] = a
      }
      this.work += r
      return
    }
    const idx = Int32Array.from({ length: r }, (_, i) => top + i)
      .sort((x, y) => childA[x] - childA[y] || childD[x] - childD[y] || x - y)
    const v = Int32Array.from(idx, (i) => childBuf[i])
    const d = Float64Array.from(idx, (i) => childD[i])
    const a = Float64Array.from(idx, (i) => childA[i])
    childBuf.set(v, top); childD.set(d, top); childA.set(a, top)
    this.work += r * (32 - Math.clz32(r))
  }

  private undoTo(len: number): void {
    while (this.pathLen > len) this.undoMove()
  }

  private growChildren(need: number): void {
    const cap = Math.max(need, this.childBuf.length * 2)
    const b = new Int32Array(cap); b.set(this.childBuf); this.childBuf = b
    const d = new Float64Array(cap); d.set(this.childD); this.childD = d
    const a = new Float64Array(cap); a.set(this.childA); this.childA = a
  }

  /**
   * Explores up to `budget` states. 'exhausted': no order of the segment peaks below the cut (the best
   * found, if any, is in `bestPeak`/`bestOrder`); 'found' (probes only): an order below the cut exists;
   * 'open': budget used up (`budget` states or `maxWork` evaluations, whichever first), call again. Also
   * 'exhausted' once the cut is ≤ floor: good enough globally.
   */
  run(budget: number, floor: number, maxWork = Infinity): 'found' | 'exhausted' | 'open' {
    this.floor = floor
    if (!this.started) {
      this.started = true
      if (!this.enter(0)) return this.found && this.stopOnFound ? 'found' : 'exhausted'
    }
    const limit = this.states + budget
    const workLimit = this.work + maxWork
    while (this.depth > 0) {
      if (this.found && this.stopOnFound) return 'found'
      if (this.cut <= floor) { this.floorStopped = true; return 'exhausted' }
      if (this.states >= limit || this.work >= workLimit) return 'open'
      const d = this.depth - 1
      if (this.cNext[d] < this.cEnd[d]) {
        const i = this.cNext[d]++
        const g = Math.max(this.fg[d], this.childD[i])
        if (g >= this.cut) { this.noteCut(g); continue }
        this.doMove(this.childBuf[i])
        if (!this.enter(g)) this.undoMove()
      } else {
        if (this.fg[d] < this.cut) this.table.close(this.h1, this.h2, this.bits)
        this.undoTo(this.base[d])
        this.depth--
        if (this.depth > 0) this.undoMove()
      }
    }
    return this.found && this.stopOnFound ? 'found' : 'exhausted'
  }
}

/** evaluations one arrival may spend on passes restarted by forced moves before it stops forcing */
const FORCING_WORK = 1 << 18

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
