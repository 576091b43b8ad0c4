/**
 * BTSearch: the execution order with the smallest peak memory, with a proof of optimality when the budget
 * allows (MemoriaNova, section 4: backtracking over graph states with branch-and-bound and hashing of
 * visited states). Pruning rules and their proofs: docs/btsearch.md.
 *
 * Plan: (1) incumbent = the best baseline order, floor F = the static lower bound (bound.ts); stop if they
 * meet. (2) Forced prefix: nodes that Rule D (dominance) runs at once from the start. (3) The rest is split
 * at cut points (segments.ts); the state before each segment is the same in every order, so segments are
 * solved alone, largest incumbent peak first, each only until its peak is ≤ F. Each segment starts with
 * its cut bound (cut-bound.ts: per node, a min-cut over every possible past) as its proven bound, and
 * every segment bound raises F. (4) Each segment: depth-first branch-and-bound over executed-node sets
 * with the memo table (state-table.ts), the dominance rule, and the bound max(g, least value of a next
 * step, largest static bound among unexecuted nodes) — segment-search.ts — from the segment's start and,
 * in turns, from its end (the backward search); after two slices, probes (the same searches asked for an
 * order below a target, bottom-up from the proven bound) take every other slice.
 *
 * Anytime and sliceable: `step(budget)` explores at most `budget` states and returns; a Web Worker drives it
 * between messages, the CLI in a loop. Core reads no clock: `now` comes from the caller. Cancel or budget
 * keeps the best order found, with `optimal: false`. Worst case exponential in segment width; memory
 * O(states × words) for the table, capped.
 */
import type { IndexedGraph } from './indexed.ts'
import type { MemoryModel } from './ops.ts'
import { ancestors, lowerBound, type Ancestors, type LowerBound } from './bound.ts'
import { bfsOrder, dfsOrder, fileOrder, greedyOrder } from './baselines.ts'
import { buildGroups, type Groups } from './groups.ts'
import { segmentCutBound } from './cut-bound.ts'
import { cutSegments } from './segments.ts'
import { SegmentSearch } from './segment-search.ts'
import { forcedPrefix, segment, type Segment } from './segment-plan.ts'
import { MemState } from './state.ts'
import { createWalker, type Walker } from './walk.ts'

export interface BtSearchOptions {
  /** stop after this long (needs `now`) and return the best order so far */
  timeLimitMs?: number
  /** stop after exploring this many states */
  maxStates?: number
  /** the caller's clock in ms (core never reads one); without it time limits and elapsed are 0 */
  now?: () => number
  /** when the caller's request started on that clock (e.g. before indexing the graph): the time limit counts from it */
  startMs?: number
  onProgress?: (p: BtProgress) => void
  progressIntervalMs?: number
  isCancelled?: () => boolean
  /** a starting order (else the best of file, bfs, dfs, greedy) */
  incumbent?: Int32Array
  /** slices of direct search on a segment before probes join in (default 2; tests use 0) */
  probeAfterSlices?: number
}

export interface BtProgress {
  states: number
  bestPeakBytes: number
  lowerBoundBytes: number
  elapsedMs: number
  segmentsDone: number
  segments: number
}

export interface BtSearchResult {
  order: Int32Array
  peakBytes: number
  optimal: boolean
  lowerBoundBytes: number
  /** the node whose step forces the static bound (-1: step 0) */
  boundNode: number
  /** the static bound (bound.ts), before any search */
  staticLowerBoundBytes: number
  /** the largest cut bound above the static one (cut-bound.ts) and the node that forces it; 0 and -1 when none */
  cutBoundBytes: number
  cutBoundNode: number
  states: number
  elapsedMs: number
  /** why the search stopped: finished, or out of time/states, or cancelled */
  stopped: 'done' | 'time' | 'states' | 'cancelled'
  /** the baseline the incumbent came from */
  incumbentAlgo: string
  incumbentPeakBytes: number
  segments: number
  forcedPrefix: number
}

export class BtSearch {
  readonly gr: Groups
  readonly lb: LowerBound
  private readonly anc: Ancestors | null
  /** the largest cut bound above the static bound (cut-bound.ts), and its node; 0 and -1 when none */
  private cutBound = 0
  private cutNode = -1
  private readonly walker: Walker
  private readonly start: number
  private states = 0
  private floor: number
  private lastProgress = -Infinity
  private readonly prefix: Int32Array
  /** the largest value while a forced-prefix node runs (≤ F by the rule that forced it) */
  private prefixPeak = 0
  private readonly segs: Segment[] = []
  /** indices into segs, in the order they are searched */
  private readonly queue: number[] = []
  private qi = 0
  private active: SegmentSearch | null = null
  private stopped: BtSearchResult['stopped'] | null = null
  readonly incumbentAlgo: string
  readonly incumbentPeak: number
  private readonly incumbentOrder: Int32Array

  constructor(readonly ig: IndexedGraph, readonly model: MemoryModel, readonly opts: BtSearchOptions = {}) {
    this.start = opts.startMs ?? this.now()
    // Set-up is near-linear (groups, walks, the baselines, forced prefix, cut points) except the ancestor
    // bitsets, the forced-live term and the cut bounds, which have work caps; the time limit and cancel are
    // also checked between its phases and inside the superlinear ones, so a big graph still answers in time:
    // with the best order known so far (at least the file order), unproven.
    const stop = (): boolean => this.interrupted() !== null
    this.gr = buildGroups(ig, model)
    const anc = stop() ? null : ancestors(ig, stop)
    this.anc = anc
    this.lb = lowerBound(ig, this.gr, anc, stop)
    this.walker = createWalker(ig)
    this.floor = this.lb.bytes
    const inc = this.pickIncumbent()
    this.incumbentAlgo = inc.algo
    this.incumbentPeak = inc.peak
    this.incumbentOrder = inc.order
    if (inc.peak <= this.floor || this.interrupted() !== null) {
      this.prefix = new Int32Array(0)
      const proven = inc.peak <= this.floor
      this.segs.push(segment(inc.order, 0, inc.peak, proven ? inc.peak : this.floor, proven))
      this.queue = proven ? [] : [0]
      return
    }
    // forced prefix from the initial state, then the rest in incumbent order (never worse: docs/btsearch.md)
    const st = new MemState(ig, this.gr)
    this.prefix = forcedPrefix(ig, st, this.floor, FORCED_PREFIX_WORK, stop)
    const inPrefix = new Uint8Array(ig.nNodes)
    for (let j = 0; j < this.prefix.length; j++) inPrefix[this.prefix[j]] = 1
    const rest = inc.order.filter((v) => !inPrefix[v])
    const full = new Int32Array(ig.nNodes)
    full.set(this.prefix)
    full.set(rest, this.prefix.length)
    const during = new Float64Array(ig.nNodes + 1)
    this.walker.run(full, model, undefined, during)
    let k = this.prefix.length
    for (let j = 0; j <= k; j++) this.prefixPeak = Math.max(this.prefixPeak, during[j])
    const segOf = new Int32Array(ig.nNodes).fill(-1)
    const starts: number[] = []
    for (const nodes of cutSegments(ig, rest)) {
      let peak = 0
      for (let j = 0; j < nodes.length; j++) peak = Math.max(peak, during[k + 1 + j])
      let lo = 0
      for (let j = 0; j < nodes.length; j++) { lo = Math.max(lo, this.lb.perNode[nodes[j]]); segOf[nodes[j]] = this.segs.length }
      starts.push(k + 1)
      k += nodes.length
      this.segs.push(segment(nodes, this.segs.length, peak, lo, false))
    }
    for (const seg of this.segs) this.floor = Math.max(this.floor, seg.lo)
    // the cut bound of each segment's nodes (cut-bound.ts): what each needs over every possible past. Largest
    // peak first, each only above F (a segment bound below F adds nothing), all within one work budget.
    let cutWork = CUT_BOUND_WORK
    for (const seg of [...this.segs].sort((a, b) => b.peak - a.peak)) {
      if (!anc || cutWork <= 0 || stop()) break
      if (seg.peak <= Math.max(seg.lo, this.floor)) continue
      // each call scans every node (here) and group (there) besides its flows: that is work too
      cutWork -= ig.nNodes
      const done = new Uint8Array(ig.nNodes)
      for (let v = 0; v < ig.nNodes; v++) done[v] = segOf[v] < 0 ? (inPrefix[v] ? 1 : 0) : segOf[v] < seg.index ? 1 : 0
      const upper = during.slice(starts[seg.index], starts[seg.index] + seg.nodes.length)
      const cb = segmentCutBound({ ig, gr: this.gr, anc, nodes: seg.nodes, done, upper, alloc: this.lb.alloc, floor: Math.max(seg.lo, this.floor), maxWork: cutWork, stop })
      cutWork -= cb.work
      if (cb.node < 0) continue
      seg.lo = Math.max(seg.lo, cb.bytes)
      // every segment's lower bound bounds the whole order (docs/btsearch.md, section 1)
      this.floor = Math.max(this.floor, seg.lo)
      if (cb.bytes > this.cutBound) { this.cutBound = cb.bytes; this.cutNode = cb.node }
    }
    this.queue = this.segs.map((_, i) => i).sort((a, b) => this.segs[b].peak - this.segs[a].peak || a - b)
  }

  private now(): number {
    return this.opts.now ? this.opts.now() : 0
  }

  /** why the search must stop now, if it must: out of time, or cancelled */
  private interrupted(): 'time' | 'cancelled' | null {
    const { opts } = this
    if (opts.timeLimitMs !== undefined && this.now() - this.start >= opts.timeLimitMs) return 'time'
    if (opts.isCancelled?.()) return 'cancelled'
    return null
  }

  /** The best baseline order; the first one always, the others while the time lasts (each near-linear). */
  private pickIncumbent(): { algo: string; order: Int32Array; peak: number } {
    const { ig, model } = this
    const tries: [string, () => Int32Array][] = this.opts.incumbent
      ? [['given', () => this.opts.incumbent as Int32Array]]
      : [['file', () => fileOrder(ig)], ['dfs', () => dfsOrder(ig)], ['bfs', () => bfsOrder(ig)], ['greedy', () => greedyOrder(ig, this.gr)]]
    let best: { algo: string; order: Int32Array; peak: number } = { algo: '', order: new Int32Array(0), peak: Infinity }
    for (const [algo, make] of tries) {
      if (best.peak < Infinity) {
        const why = this.interrupted()
        if (why !== null) { this.stopped = why; break }
      }
      const order = make()
      const peak = this.walker.run(order, model)
      if (peak < best.peak) best = { algo, order, peak }
      if (best.peak <= this.floor) break
    }
    return best
  }

  /** Explores at most `budget` states; true when the search is over (finished, out of budget or cancelled). */
  step(budget: number): boolean {
    if (this.stopped) return true
    const { opts } = this
    let left = budget
    while (this.qi < this.queue.length) {
      if (left <= 0) return false
      const why = this.interrupted()
      if (why !== null) { this.stopped = why; break }
      const seg = this.segs[this.queue[this.qi]]
      if (seg.proven || seg.peak <= Math.max(this.floor, seg.lo)) {
        seg.proven = true
        seg.direct = [null, null]
        seg.probes = []
        this.floor = Math.max(this.floor, seg.peak)
        this.qi++
        continue
      }
      left -= this.slice(seg, Math.min(left, 4096))
      if (opts.maxStates !== undefined && this.states >= opts.maxStates) { this.stopped = 'states'; break }
      const t = this.now()
      if (opts.timeLimitMs !== undefined && t - this.start >= opts.timeLimitMs) { this.stopped = 'time'; break }
      if (opts.isCancelled?.()) { this.stopped = 'cancelled'; break }
      if (opts.onProgress && t - this.lastProgress >= (opts.progressIntervalMs ?? 250)) {
        this.lastProgress = t
        opts.onProgress(this.progress())
      }
    }
    if (!this.stopped) this.stopped = 'done'
    return true
  }

  /**
   * One slice on one segment: in turns the direct branch-and-bound (cut at the best peak) from the start and
   * from the end, then a probe (is there an order below lo + step?) from the start and from the end. A
   * refuted probe raises lo; a successful one lowers the best and the direct searches' cut. Returns the
   * states used.
   */
  private slice(seg: Segment, chunk: number): number {
    const lo = Math.max(seg.lo, this.floor)
    // slices in turns: direct from the start, direct from the end, then (once the segment has shown it is
    // not easy) probe from the start, probe from the end
    let slot = seg.turn < (this.opts.probeAfterSlices ?? PROBE_AFTER_SLICES) ? seg.turn & 1 : seg.turn & 3
    // once one direction has settled a probe or the segment and the other has settled nothing, the other
    // keeps only one round in four
    const fav = seg.wins[0] > 0 && seg.wins[1] === 0 ? 0 : seg.wins[1] > 0 && seg.wins[0] === 0 ? 1 : -1
    if (fav >= 0 && (slot & 1) !== fav && ((seg.turn >>> 2) & 3) !== 0) slot ^= 1
    seg.turn++
    const probing = slot >= 2 && seg.peak - lo > 1
    const back = (slot & 1) === 1
    if (!probing && !seg.direct[slot & 1]) seg.direct[slot & 1] = this.openSegment(seg, seg.peak, false, back)
    if (probing && seg.probes.length === 0) {
      // bottom-up: just above the proven bound, the step doubling after each refutation; once the step
      // reaches half the gap, the probe asks for anything below the best (a refutation proves it optimal)
      if (seg.delta === 0) seg.delta = Math.max(1, Math.floor(lo / 10_000))
      seg.probeCut = seg.delta < Math.ceil((seg.peak - lo) / 2) ? lo + seg.delta : seg.peak
      seg.probes = [this.openSegment(seg, seg.probeCut, true, false), this.openSegment(seg, seg.probeCut, true, true)]
    }
    const search = probing ? seg.probes[slot & 1] : (seg.direct[slot & 1] as SegmentSearch)
    // short slices at first (4x longer every 4 rounds): a segment that one direction settles at once costs
    // little in the other
    // a slice is capped in evaluations too: a state of a very wide segment evaluates every ready node
    const status = search.run(Math.min(chunk, 256 << Math.min(4, seg.turn >>> 3)), this.floor, SLICE_WORK)
    search.takeWork()
    const used = search.takeStates()
    this.states += used
    if (search.bestPeak < seg.peak) {
      seg.peak = search.bestPeak
      seg.order = search.bestOrder()
      for (const d of seg.direct) d?.lowerCut(seg.peak)
    }
    if (status !== 'open') seg.wins[slot & 1]++
    if (probing) {
      if (status === 'exhausted') { seg.lo = Math.max(seg.lo, search.refutedBelow()); seg.delta *= 2 }
      if (status !== 'open') seg.probes = []
    } else if (status === 'exhausted') {
      seg.lo = Math.max(seg.lo, seg.peak)
    }
    // a segment's bound bounds the whole order
    this.floor = Math.max(this.floor, Math.min(seg.lo, seg.peak))
    if (seg.peak <= Math.max(seg.lo, this.floor)) seg.proven = true
    return used
  }

  /** The search of `seg` from its start (the state before it: forced prefix and earlier segments run) or its end. */
  private openSegment(seg: Segment, cut: number, stopOnFound: boolean, back: boolean): SegmentSearch {
    const st = new MemState(this.ig, this.gr)
    for (const v of this.prefix) st.apply(v)
    for (let i = 0; i < seg.index; i++) for (const v of this.segs[i].order) st.apply(v)
    if (back) for (const v of seg.order) st.apply(v)
    return new SegmentSearch(this.ig, st, seg.nodes, seg.order, seg.peak, this.lb.perNode, { cut, stopOnFound, back })
  }

  /** the best proven lower bound: F, every proven segment optimum, every segment's lo */
  private provenFloor(): number {
    let floor = this.floor
    for (const seg of this.segs) floor = Math.max(floor, seg.proven ? seg.peak : seg.lo)
    return floor
  }

  private bestPeak(): number {
    let p = Math.max(this.lb.step0Bytes, this.prefixPeak)
    for (const s of this.segs) p = Math.max(p, s.peak)
    return p
  }

  progress(): BtProgress {
    return {
      states: this.states,
      bestPeakBytes: this.bestPeak(),
      lowerBoundBytes: this.provenFloor(),
      elapsedMs: this.now() - this.start,
      segmentsDone: this.qi,
      segments: this.segs.length,
    }
  }

  result(): BtSearchResult {
    const order = new Int32Array(this.ig.nNodes)
    order.set(this.prefix)
    let k = this.prefix.length
    for (const s of this.segs) { order.set(s.order, k); k += s.order.length }
    // still the incumbent alone (set-up stopped, or it was proven at once): its walk is done, and on a big
    // graph out of time another one is a cost past the limit
    const untouched = this.prefix.length === 0 && this.segs.length === 1 && this.segs[0].order === this.incumbentOrder
    const peakBytes = untouched ? this.incumbentPeak : this.walker.run(order, this.model)
    const claimed = this.bestPeak()
    if (peakBytes !== claimed && this.prefix.length + this.segs.length > 1) {
      throw new Error(`btsearch: walk gives ${peakBytes} but the search claims ${claimed}`)
    }
    const floor = this.provenFloor()
    const optimal = peakBytes <= floor
    return {
      order, peakBytes, optimal, lowerBoundBytes: optimal ? peakBytes : floor, boundNode: this.lb.node, staticLowerBoundBytes: this.lb.bytes,
      cutBoundBytes: this.cutBound, cutBoundNode: this.cutNode,
      states: this.states, elapsedMs: this.now() - this.start, stopped: this.stopped ?? 'states',
      incumbentAlgo: this.incumbentAlgo, incumbentPeakBytes: this.incumbentPeak,
      segments: this.segs.length, forcedPrefix: this.prefix.length,
    }
  }
}

/** edges scanned by the cut bounds' flows (and their set-up) for all segments together: ~0.1–0.3 s */
const CUT_BOUND_WORK = 40_000_000

/** node evaluations in one slice (a few ms), whatever its states: the clock is read between slices */
const SLICE_WORK = 1 << 20

/** evaluations for the forced prefix (its forced moves restart a scan of the ready nodes) */
const FORCED_PREFIX_WORK = 4_000_000

/** slices (of ≤ 4096 states) of direct search on a segment before probes start */
const PROBE_AFTER_SLICES = 2

/** Runs the search to the end (or its budget) in one go: the CLI's and the tests' entry. */
export function btsearch(ig: IndexedGraph, model: MemoryModel, opts: BtSearchOptions = {}): BtSearchResult {
  const s = new BtSearch(ig, model, opts)
  while (!s.step(1 << 16)) { /* slices until done */ }
  return s.result()
}
