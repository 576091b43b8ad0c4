/**
 * BTSearch: the execution order with the smallest peak memory, with a proof of optimality when the budget
 * allows (MemoriaNova, section 4: backtracking over graph states with branch-and-bound and hashing of
 * visited states). Pruning rules and their proofs: docs/btsearch.md.
 *
 * Plan: (1) incumbent = the best baseline order, floor F = the static lower bound (bound.ts); stop if they
 * meet. (2) Forced prefix: nodes that Rule D (dominance) runs at once from the start. (3) The rest is split
 * at cut points (segments.ts); the state before each segment is the same in every order, so segments are
 * solved alone, largest incumbent peak first, each only until its peak is ≤ F; a segment proven optimal
 * above F raises F. (4) Each segment: depth-first branch-and-bound over executed-node sets with the memo
 * table (state-table.ts), the dominance rule, and the bound max(g, cur + least allocation, largest static
 * bound among unexecuted nodes).
 *
 * Anytime and sliceable: `step(budget)` explores at most `budget` states and returns; a Web Worker drives it
 * between messages, the CLI in a loop. Core reads no clock: `now` comes from the caller. Cancel or budget
 * keeps the best order found, with `optimal: false`. Worst case exponential in segment width; memory
 * O(states × words) for the table, capped.
 */
import type { IndexedGraph } from './indexed.ts'
import type { MemoryModel } from './ops.ts'
import { ancestors, lowerBound, type LowerBound } from './bound.ts'
import { bfsOrder, dfsOrder, fileOrder, greedyOrder } from './baselines.ts'
import { buildGroups, type Groups } from './groups.ts'
import { cutSegments } from './segments.ts'
import { SegmentSearch } from './segment-search.ts'
import { MemState } from './state.ts'
import { createWalker, type Walker } from './walk.ts'

export interface BtSearchOptions {
  /** stop after this long (needs `now`) and return the best order so far */
  timeLimitMs?: number
  /** stop after exploring this many states */
  maxStates?: number
  /** the caller's clock in ms (core never reads one); without it time limits and elapsed are 0 */
  now?: () => number
  onProgress?: (p: BtProgress) => void
  progressIntervalMs?: number
  isCancelled?: () => boolean
  /** a starting order (else the best of file, bfs, dfs, greedy) */
  incumbent?: Int32Array
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

interface Segment {
  nodes: Int32Array
  /** position in the final order */
  index: number
  order: Int32Array
  peak: number
  proven: boolean
}

export class BtSearch {
  readonly gr: Groups
  readonly lb: LowerBound
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

  constructor(readonly ig: IndexedGraph, readonly model: MemoryModel, readonly opts: BtSearchOptions = {}) {
    this.start = this.now()
    this.gr = buildGroups(ig, model)
    const anc = ancestors(ig)
    this.lb = lowerBound(ig, this.gr, anc)
    this.walker = createWalker(ig)
    this.floor = this.lb.bytes
    const inc = this.pickIncumbent()
    this.incumbentAlgo = inc.algo
    this.incumbentPeak = inc.peak
    if (inc.peak <= this.floor) {
      this.prefix = new Int32Array(0)
      this.segs.push({ nodes: inc.order, index: 0, order: inc.order, peak: inc.peak, proven: true })
      return
    }
    // forced prefix from the initial state, then the rest in incumbent order (never worse: docs/btsearch.md)
    const st = new MemState(ig, this.gr)
    this.prefix = forcedPrefix(ig, st, this.floor, this.lb)
    const inPrefix = new Uint8Array(ig.nNodes)
    for (const v of this.prefix) inPrefix[v] = 1
    const rest = inc.order.filter((v) => !inPrefix[v])
    const full = new Int32Array(ig.nNodes)
    full.set(this.prefix)
    full.set(rest, this.prefix.length)
    const during = new Float64Array(ig.nNodes + 1)
    this.walker.run(full, model, undefined, during)
    let k = this.prefix.length
    for (let j = 0; j <= k; j++) this.prefixPeak = Math.max(this.prefixPeak, during[j])
    for (const nodes of cutSegments(ig, rest)) {
      let peak = 0
      for (let j = 0; j < nodes.length; j++) peak = Math.max(peak, during[k + 1 + j])
      k += nodes.length
      this.segs.push({ nodes, index: this.segs.length, order: nodes, peak, proven: false })
    }
    this.queue = this.segs.map((_, i) => i).sort((a, b) => this.segs[b].peak - this.segs[a].peak || a - b)
  }

  private now(): number {
    return this.opts.now ? this.opts.now() : 0
  }

  private pickIncumbent(): { algo: string; order: Int32Array; peak: number } {
    const { ig, model } = this
    const tries: [string, () => Int32Array][] = this.opts.incumbent
      ? [['given', () => this.opts.incumbent as Int32Array]]
      : [['file', () => fileOrder(ig)], ['dfs', () => dfsOrder(ig)], ['bfs', () => bfsOrder(ig)], ['greedy', () => greedyOrder(ig, this.gr)]]
    let best: { algo: string; order: Int32Array; peak: number } = { algo: '', order: new Int32Array(0), peak: Infinity }
    for (const [algo, make] of tries) {
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
      const seg = this.segs[this.queue[this.qi]]
      if (seg.proven || seg.peak <= this.floor) { seg.proven = seg.proven || seg.peak <= this.floor; this.qi++; this.active = null; continue }
      if (!this.active) this.active = this.openSegment(seg)
      const chunk = Math.min(left, 4096)
      const done = this.active.run(chunk, this.floor)
      const used = this.active.takeStates()
      this.states += used
      left -= used
      if (this.active.bestPeak < seg.peak) { seg.peak = this.active.bestPeak; seg.order = this.active.bestOrder() }
      if (done) {
        seg.proven = true
        if (seg.peak > this.floor) this.floor = seg.peak
        this.active = null
        this.qi++
        continue
      }
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

  /** The memory state before `seg`: forced prefix and every earlier segment executed. */
  private openSegment(seg: Segment): SegmentSearch {
    const st = new MemState(this.ig, this.gr)
    for (const v of this.prefix) st.apply(v)
    for (let i = 0; i < seg.index; i++) for (const v of this.segs[i].order) st.apply(v)
    return new SegmentSearch(this.ig, st, seg.nodes, seg.order, seg.peak, this.lb.perNode)
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
      lowerBoundBytes: this.floor,
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
    const peakBytes = this.walker.run(order, this.model)
    const claimed = this.bestPeak()
    if (peakBytes !== claimed && this.prefix.length + this.segs.length > 1) {
      throw new Error(`btsearch: walk gives ${peakBytes} but the search claims ${claimed}`)
    }
    const optimal = peakBytes <= this.floor
    return {
      order, peakBytes, optimal, lowerBoundBytes: optimal ? peakBytes : this.floor, boundNode: this.lb.node, staticLowerBoundBytes: this.lb.bytes,
      states: this.states, elapsedMs: this.now() - this.start, stopped: this.stopped ?? 'states',
      incumbentAlgo: this.incumbentAlgo, incumbentPeakBytes: this.incumbentPeak,
      segments: this.segs.length, forcedPrefix: this.prefix.length,
    }
  }
}

/**
 * Rule D applied from the initial state: a ready node that frees at least what it keeps and runs at no more
 * than max(F, largest remaining static bound) goes first (docs/btsearch.md, "Dominance").
 */
function forcedPrefix(ig: IndexedGraph, st: MemState, floor: number, lb: LowerBound): Int32Array {
  const out: number[] = []
  const ready: number[] = []
  for (let v = 0; v < ig.nNodes; v++) if (st.indeg[v] === 0) ready.push(v)
  for (let i = 0; i < ready.length; ) {
    const v = ready[i]
    st.evaluate(v)
    if (st.after <= st.cur && st.during <= floor) {
      st.apply(v)
      out.push(v)
      ready[i] = ready[ready.length - 1]
      ready.pop()
      for (let j = ig.succStart[v]; j < ig.succStart[v + 1]; j++) if (st.indeg[ig.succList[j]] === 0) ready.push(ig.succList[j])
      i = 0
    } else i++
  }
  void lb
  return Int32Array.from(out)
}

/** Runs the search to the end (or its budget) in one go: the CLI's and the tests' entry. */
export function btsearch(ig: IndexedGraph, model: MemoryModel, opts: BtSearchOptions = {}): BtSearchResult {
  const s = new BtSearch(ig, model, opts)
  while (!s.step(1 << 16)) { /* slices until done */ }
  return s.result()
}

/** The same search as a generator of progress, one slice of `budget` states per `next()`. */
export function* btsearchSlices(s: BtSearch, budget = 20_000): Generator<BtProgress, BtSearchResult> {
  while (!s.step(budget)) yield s.progress()
  return s.result()
}
