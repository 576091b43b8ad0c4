/**
 * BTSearch's inner loop on one segment: depth-first branch-and-bound over sets of executed nodes
 * (docs/btsearch.md). Explicit stack, so it stops after any number of states and resumes later.
 * Forward, it runs nodes from the segment's start; backward (`back`), it starts from the segment's end
 * (every node executed) and takes nodes back, building the order from its last node (docs/btsearch.md,
 * "Backward search"): the same state space entered from the other side.
 *
 * State layout. `st` (MemState) holds pending counts, live groups and `cur` for the executed set; the moved
 * set, its hash, the path and the ready nodes are SegmentMoves' (segment-moves.ts). Frame d:
 * `base[d]` = pathLen after the branching move that opened it (its forced moves sit in path[base[d]..)),
 * `fg[d]` = path peak after those forced moves, children `childBuf[cStart[d] .. cEnd[d])` sorted by the
 * bytes while they run, `cNext[d]` the next one to try.
 * Cost: per state, O(r log r) to order its r ready children plus the move's O(degree) update, and at most
 * FORCING_WORK evaluations on passes that forced moves restart; the number of states is exponential in the
 * segment's width in the worst case, which is why it is budgeted (in states and in evaluations) and resumable.
 */
import type { IndexedGraph } from './indexed.ts'
import { SegmentMoves } from './segment-moves.ts'
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

export class SegmentSearch extends SegmentMoves {
  bestPeak: number
  /** only orders with peak < cut are of interest (docs/btsearch.md, "Probes"); lowered by every find */
  private cut: number
  private found = false
  private best: Int32Array<ArrayBuffer>
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

  constructor(ig: IndexedGraph, st: MemState, nodes: Int32Array, incumbent: Int32Array, incumbentPeak: number,
    perNode: Float64Array, opts: SegmentSearchOptions = {}) {
    super(ig, st, nodes, perNode, opts.back ?? false)
    this.cut = Math.min(opts.cut ?? incumbentPeak, incumbentPeak)
    this.stopOnFound = opts.stopOnFound ?? false
    const k = nodes.length
    this.bestPeak = incumbentPeak
    this.best = incumbent.slice()
    this.base = new Int32Array(k + 1)
    this.fg = new Float64Array(k + 1)
    this.cStart = new Int32Array(k + 1)
    this.cEnd = new Int32Array(k + 1)
    this.cNext = new Int32Array(k + 1)
    // a segment has up to four searches (direct and probe, from each end): 64 MB for each direct search,
    // half that for the short-lived probes, 192 MB in all as before the backward search
    this.table = new StateTable(this.bits.length, this.stopOnFound ? 32 * 1024 * 1024 : 64 * 1024 * 1024)
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
    if (r <= 64) {
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
