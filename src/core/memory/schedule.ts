/**
 * The single entry of the schedulers: graph + settings → the result of docs/spec.md section 3 (`schedule --json`).
 *
 * Every figure comes from the walk (walk.ts) on the returned order, so the CLI, the worker and the app agree
 * to the byte. `optimal` is true only when proven: by the peak meeting the lower bound, or by BTSearch
 * exhausting its search. Complexity: that of the chosen algorithm (baselines.ts, btsearch.ts) plus one walk.
 */
import { fail, fmtInt } from '../errors.ts'
import type { MemoriaGraph } from '../graph/types.ts'
import { copyTable } from '../names.ts'
import { bfsOrder, dfsOrder, fileOrder, greedyOrder } from './baselines.ts'
import { LAST_STEP, lowerBound } from './bound.ts'
import { BtSearch, btsearch, type BtProgress, type BtSearchResult } from './btsearch.ts'
import { buildGroups } from './groups.ts'
import { indexGraph, orderFromNames, orderNames, type IndexedGraph } from './indexed.ts'
import { checkMemoryModel, type MemoryModel } from './ops.ts'
import { RandomSampler, type RandomStats } from './random-sampler.ts'
import { createWalker } from './walk.ts'

export const SCHEDULE_ALGOS = ['btsearch', 'file', 'bfs', 'dfs', 'greedy', 'random'] as const
export type ScheduleAlgo = (typeof SCHEDULE_ALGOS)[number]

export interface ScheduleOptions {
  algo?: ScheduleAlgo
  memoryModel?: MemoryModel
  timeLimitMs?: number
  maxStates?: number
  /** random: the generator's seed (default 1) and the number of orders drawn (default 100) */
  seed?: number
  samples?: number
  /** the caller's clock in ms; core never reads one */
  now?: () => number
  onProgress?: (p: BtProgress) => void
  isCancelled?: () => boolean
}

export type { RandomStats }

export type BoundAt = 'inputs' | 'node' | 'outputs'

/** `LowerBound.node` (bound.ts) as the result states it. */
function boundPlace(ig: IndexedGraph, node: number): { boundNode: string | null; boundAt: BoundAt } {
  if (node >= 0) return { boundNode: ig.nodeNames[node], boundAt: 'node' }
  return { boundNode: null, boundAt: node === LAST_STEP ? 'outputs' : 'inputs' }
}

export interface ScheduleResult {
  algo: ScheduleAlgo
  memoryModel: MemoryModel
  symbols: Record<string, number>
  peakBytes: number
  weightBytes: number
  order: string[]
  optimal: boolean
  lowerBoundBytes: number
  states: number | null
  elapsedMs: number
  warnings: string[]
  stats?: RandomStats
  /** random: how many orders were drawn (fewer than asked when it was cancelled) */
  samples?: number
  /** the node whose step forces the lower bound; null when `boundAt` is not `node` */
  boundNode: string | null
  /**
   * where the lower bound is reached: `inputs` (step 0, before any node runs), `node` (boundNode's step) or
   * `outputs` (the last step: every graph output is live then, beside the inputs of whichever node runs last)
   */
  boundAt: BoundAt
  /** one sentence: why the order is optimal, or how far from the bound it may be */
  explanation: string
}

export function schedule(graph: MemoriaGraph, opts: ScheduleOptions = {}): ScheduleResult {
  const o = checked(opts)
  const t0 = o.now()
  const ig = indexGraph(graph)
  return scheduleIndexed(ig, o, t0)
}

/** The options with their defaults (docs/spec.md section 3), checked at this public boundary. */
type CheckedOptions = ScheduleOptions & { algo: ScheduleAlgo; memoryModel: MemoryModel; samples: number; now: () => number }

function checked(opts: ScheduleOptions): CheckedOptions {
  const algo = opts.algo ?? 'btsearch'
  if (!SCHEDULE_ALGOS.includes(algo)) fail('ARG_INVALID', `unknown algorithm ${JSON.stringify(algo)}; use one of ${SCHEDULE_ALGOS.join(', ')}`)
  const model = checkMemoryModel(opts.memoryModel ?? 'inplace')
  const samples = opts.samples ?? 100
  if (!Number.isInteger(samples) || samples < 1) fail('ARG_INVALID', `the number of random samples must be a whole number ≥ 1 (got ${samples})`)
  return { ...opts, algo, memoryModel: model, samples, now: opts.now ?? (() => 0) }
}

/** `schedule` on a graph already indexed; checks the options as `schedule` does (both are public). */
export function scheduleIndexed(ig: IndexedGraph, opts: ScheduleOptions, t0?: number): ScheduleResult {
  const o = checked(opts)
  const start = t0 ?? o.now()
  if (o.algo === 'btsearch') {
    const r = btsearch(ig, o.memoryModel, { timeLimitMs: o.timeLimitMs, maxStates: o.maxStates, now: o.now, startMs: start, onProgress: o.onProgress, isCancelled: o.isCancelled })
    return btsearchOutcome(ig, o.memoryModel, r, o.now() - start)
  }
  return baselineOutcome(ig, o.algo, o.memoryModel, o, start)
}

/**
 * A baseline's result. `sampler`: random's samples when the caller drew them (in slices); otherwise they are
 * drawn here, checking `isCancelled` between samples.
 */
function baselineOutcome(ig: IndexedGraph, algo: Exclude<ScheduleAlgo, 'btsearch'>, model: MemoryModel, opts: CheckedOptions,
  t0: number, sampler?: RandomSampler): ScheduleResult {
  const now = opts.now
  const warnings = [...ig.warnings]
  const gr = buildGroups(ig, model)
  const lb = lowerBound(ig, gr)
  let order: Int32Array
  let peakBytes: number
  let stats: RandomStats | undefined
  let drawn = 0
  if (algo === 'random') {
    let s = sampler
    if (s === undefined) {
      s = new RandomSampler(ig, model, opts.seed ?? 1, opts.samples)
      while (!s.step(1) && !opts.isCancelled?.()) { /* one sample at a time, so a cancel stops between them */ }
    }
    const r = s.result()
    order = r.order
    peakBytes = r.stats.mean
    stats = r.stats
    drawn = r.drawn
    if (r.drawn < s.samples) warnings.push(`cancelled after ${fmtInt(r.drawn)} samples; the figures cover those`)
  } else {
    order = algo === 'file' ? fileOrder(ig) : algo === 'bfs' ? bfsOrder(ig) : algo === 'dfs' ? dfsOrder(ig) : greedyOrder(ig, gr)
    peakBytes = createWalker(ig).run(order, model)
    if (algo === 'file' && order.some((v, i) => v !== i)) warnings.push('the file order is not topological; `file` runs the ready node listed first instead')
  }
  const proven = peakBytes <= lb.bytes
  const place = boundPlace(ig, lb.node)
  const where = forcedBy(place)
  return {
    algo, memoryModel: model, symbols: copyTable(ig.graph.symbols), peakBytes, weightBytes: ig.weightBytes,
    order: orderNames(ig, order), optimal: proven, lowerBoundBytes: proven ? peakBytes : lb.bytes,
    states: null, elapsedMs: now() - t0, warnings, ...(stats ? { stats, samples: drawn } : {}), ...place,
    explanation: proven ? `no order can do better: the peak equals the lower bound, forced by ${where}`
      : `${algo === 'random' ? 'mean peak of random orders' : 'not proven optimal'}; ${gapSentence(peakBytes, lb.bytes, `forced by ${where}`)}`,
  }
}

/**
 * Drives a BtSearch in slices of `sliceStates` states, awaiting `pause()` between them so that whatever the
 * caller waits for gets in: a Web Worker's stop and cancel messages, the command line's Ctrl-C (a signal
 * handler cannot run while a synchronous search holds the thread). Core reads no clock and owns no event
 * loop: `pause` comes from the caller (a macrotask). `stop()`, checked after each pause, ends the search early
 * (it may also throw, e.g. CANCELLED); `onSlice(done)` sees the end of every slice. Returns true when `stop()`
 * ended it before the search was over. O(states explored), as `step`.
 */
export async function runInSlices(search: { step(budget: number): boolean }, pause: () => Promise<void>, stop: () => boolean,
  sliceStates = 4096, onSlice?: (done: boolean) => void): Promise<boolean> {
  for (;;) {
    const done = search.step(sliceStates)
    onSlice?.(done)
    if (done) return false
    await pause()
    if (stop()) return true
  }
}

/**
 * `schedule` for a caller that must stay responsive while it runs (the command line): the same result, with
 * BTSearch's states and random's samples drawn by `runInSlices`, so `isCancelled` turning true stops them and
 * keeps what they have (BTSearch's best order, the samples drawn so far; the outcome says so). The other
 * baselines are single linear passes and run as in `schedule`.
 */
export async function scheduleInSlices(graph: MemoriaGraph, opts: ScheduleOptions & { pause: () => Promise<void> }): Promise<ScheduleResult> {
  const o = checked(opts)
  if (o.algo !== 'btsearch' && o.algo !== 'random') return schedule(graph, o)
  const t0 = o.now()
  const ig = indexGraph(graph)
  const stop = (): boolean => o.isCancelled?.() ?? false
  if (o.algo === 'random') {
    const sampler = new RandomSampler(ig, o.memoryModel, o.seed ?? 1, o.samples)
    // batches of about a million node visits between pauses
    await runInSlices(sampler, opts.pause, stop, Math.max(1, Math.floor(1e6 / Math.max(1, ig.nNodes))))
    return baselineOutcome(ig, 'random', o.memoryModel, o, t0, sampler)
  }
  const search = new BtSearch(ig, o.memoryModel, { timeLimitMs: o.timeLimitMs, maxStates: o.maxStates, now: o.now, startMs: t0, onProgress: o.onProgress })
  const stopped = await runInSlices(search, opts.pause, stop)
  return btsearchOutcome(ig, o.memoryModel, search.result(), o.now() - t0, stopped)
}

/**
 * BTSearch's result as docs/spec.md section 3's output: the command line and the schedule worker both build it
 * here, so their warnings and explanations agree. Every gap is quoted against `lowerBoundBytes` (the best
 * bound proven: static, cut or raised by the search), never against a weaker one. `stoppedByUser`: the
 * caller ended the search early (the worker's Stop button).
 */
export function btsearchOutcome(ig: IndexedGraph, model: MemoryModel, r: BtSearchResult, elapsedMs: number, stoppedByUser = false): ScheduleResult {
  const warnings = [...ig.warnings]
  const place = boundPlace(ig, r.boundNode)
  const staticBound = r.staticLowerBoundBytes
  const lower = r.lowerBoundBytes
  const gap = gapSentence(r.peakBytes, lower, lower <= staticBound ? `forced by ${forcedBy(place)}` : 'raised by the cut bounds and the search')
  const why = stoppedByUser ? 'stopped by the user' : r.stopped === 'cancelled' ? 'cancelled' : r.stopped === 'time' ? 'time limit reached'
    : r.stopped === 'states' ? 'state limit reached' : null
  if (!r.optimal && why !== null) warnings.push(`${why}: this is the best order found so far, not proven optimal; ${gap}`)
  let explanation: string
  if (r.optimal && r.peakBytes <= staticBound) {
    explanation = `no order can do better: the peak equals the lower bound, forced by ${forcedBy(place)}`
  } else if (r.optimal && r.cutBoundNode >= 0 && r.peakBytes <= r.cutBoundBytes) {
    explanation = `no order can do better: the peak equals the cut bound of node ${JSON.stringify(ig.nodeNames[r.cutBoundNode])} (the least memory it needs over every set of nodes that can have run before it); the static lower bound is lower, at ${fmtInt(staticBound)} bytes`
  } else if (r.optimal) {
    explanation = `proven optimal by exhaustive search (${fmtInt(r.states)} states); the static lower bound is lower, at ${fmtInt(staticBound)} bytes`
  } else {
    explanation = `not proven optimal; ${gap}`
  }
  return {
    algo: 'btsearch', memoryModel: model, symbols: copyTable(ig.graph.symbols), peakBytes: r.peakBytes, weightBytes: ig.weightBytes,
    order: orderNames(ig, r.order), optimal: r.optimal, lowerBoundBytes: lower,
    states: r.states, elapsedMs, warnings, ...place, explanation,
  }
}

function forcedBy(p: { boundNode: string | null; boundAt: BoundAt }): string {
  if (p.boundAt === 'outputs') return 'the last step (every graph output is kept to the end, beside the last node\'s inputs, whichever node runs last)'
  return p.boundNode === null ? 'the graph inputs at step 0' : `node ${JSON.stringify(p.boundNode)} (its inputs, its outputs and the tensors live across it in every order)`
}

/**
 * How far a peak may be from the optimum: optimum ≥ bound, so the peak is at most (peak − bound) / bound
 * above it, and the best order saves at most (peak − bound) / peak of it. Both are said, with the bound.
 */
function gapSentence(peak: number, bound: number, source: string): string {
  if (bound <= 0) return `no lower bound above 0 bytes is known`
  const above = (((peak - bound) / bound) * 100).toFixed(2)
  const saves = (((peak - bound) / peak) * 100).toFixed(2)
  return `the peak is at most ${above}% above the optimum, and a better order would save at most ${saves}% of it (lower bound ${fmtInt(bound)} bytes, ${source})`
}

/** What a search had reported before it was lost: its best order and the figures of its last report. */
export interface SearchSeen {
  order: readonly string[]
  states: number
  elapsedMs: number
  /** the bound the search had proven by then (≥ the static one); null when it never said */
  lowerBoundBytes: number | null
}

/**
 * BTSearch's outcome rebuilt from its last report, when the search was stopped and its worker had to be
 * terminated before it answered (the app keeps the best order every improving report carries). The order is
 * walked again (its peak is the walk's, not the report's), the static bound recomputed, the bound the search
 * reported kept when higher, and the warning and explanation are `btsearchOutcome`'s for a stop by the user —
 * so the entry reads as one the worker had returned. O(nodes + edges) plus the static bound.
 */
export function stoppedSearchOutcome(graph: MemoriaGraph, model: MemoryModel, seen: SearchSeen, note: string): ScheduleResult & { staticBoundBytes: number } {
  const ig = indexGraph(graph)
  const order = orderFromNames(ig, seen.order)
  const peakBytes = createWalker(ig).run(order, model)
  const lb = lowerBound(ig, buildGroups(ig, model))
  const lower = Math.min(peakBytes, Math.max(lb.bytes, seen.lowerBoundBytes ?? 0))
  const optimal = peakBytes <= lower
  const r: BtSearchResult = {
    order, peakBytes, optimal, lowerBoundBytes: optimal ? peakBytes : lower, boundNode: lb.node, staticLowerBoundBytes: lb.bytes,
    cutBoundBytes: 0, cutBoundNode: -1, states: seen.states, elapsedMs: seen.elapsedMs, stopped: 'cancelled',
    incumbentAlgo: 'btsearch', incumbentPeakBytes: peakBytes, segments: 0, forcedPrefix: 0,
  }
  const out = btsearchOutcome(ig, model, r, seen.elapsedMs, true)
  return { ...out, warnings: [...out.warnings, note], staticBoundBytes: lb.bytes }
}
