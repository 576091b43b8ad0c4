/**
 * The single entry of the schedulers: graph + settings → the result of SPEC.md section 3 (`schedule --json`).
 *
 * Every figure comes from the walk (walk.ts) on the returned order, so the CLI, the worker and the app agree
 * to the byte. `optimal` is true only when proven: by the peak meeting the lower bound, or by BTSearch
 * exhausting its search. Complexity: that of the chosen algorithm (baselines.ts, btsearch.ts) plus one walk.
 */
import { fail, fmtInt } from '../errors.ts'
import type { MemoriaGraph } from '../graph/types.ts'
import { createRng } from '../random.ts'
import { bfsOrder, dfsOrder, fileOrder, greedyOrder, randomOrder } from './baselines.ts'
import { lowerBound } from './bound.ts'
import { btsearch, type BtProgress } from './btsearch.ts'
import { buildGroups } from './groups.ts'
import { indexGraph, type IndexedGraph } from './indexed.ts'
import { MEMORY_MODELS, type MemoryModel } from './ops.ts'
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

export interface RandomStats { min: number; mean: number; median: number; max: number }

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
  /** the node whose step forces the lower bound; null when it is step 0 (the graph inputs) */
  boundNode: string | null
  /** one sentence: why the order is optimal, or how far from the bound it may be */
  explanation: string
}

export function schedule(graph: MemoriaGraph, opts: ScheduleOptions = {}): ScheduleResult {
  const algo = opts.algo ?? 'btsearch'
  const model = opts.memoryModel ?? 'inplace'
  if (!SCHEDULE_ALGOS.includes(algo)) fail('ARG_INVALID', `unknown algorithm ${JSON.stringify(algo)}; use one of ${SCHEDULE_ALGOS.join(', ')}`)
  if (!MEMORY_MODELS.includes(model)) fail('ARG_INVALID', `unknown memory model ${JSON.stringify(model)}; use simple or inplace`)
  const samples = opts.samples ?? 100
  if (!Number.isInteger(samples) || samples < 1) fail('ARG_INVALID', `--samples must be a whole number ≥ 1 (got ${samples})`)
  const now = opts.now ?? (() => 0)
  const t0 = now()
  const ig = indexGraph(graph)
  return scheduleIndexed(ig, { ...opts, algo, memoryModel: model, samples, now }, t0)
}

export function scheduleIndexed(ig: IndexedGraph, opts: ScheduleOptions, t0 = opts.now?.() ?? 0): ScheduleResult {
  const algo = opts.algo ?? 'btsearch'
  const model = opts.memoryModel ?? 'inplace'
  const now = opts.now ?? (() => 0)
  const warnings = [...ig.warnings]
  const walker = createWalker(ig)
  let order: Int32Array
  let peakBytes: number
  let states: number | null = null
  let stats: RandomStats | undefined
  let bound: number
  let boundNodeId: number
  let proven = false
  let searchBound = 0
  let cut: { bytes: number; node: string } | null = null
  if (algo === 'btsearch') {
    const r = btsearch(ig, model, { timeLimitMs: opts.timeLimitMs, maxStates: opts.maxStates, now, onProgress: opts.onProgress, isCancelled: opts.isCancelled })
    order = r.order
    peakBytes = r.peakBytes
    states = r.states
    bound = r.staticLowerBoundBytes
    boundNodeId = r.boundNode
    proven = r.optimal
    searchBound = r.lowerBoundBytes
    if (r.cutBoundNode >= 0) cut = { bytes: r.cutBoundBytes, node: ig.nodeNames[r.cutBoundNode] }
    if (r.stopped === 'cancelled') warnings.push('cancelled: this is the best order found so far, not proven optimal')
    if (r.stopped === 'time') warnings.push(`time limit reached: best order so far; it is within ${gapText(peakBytes, bound)} of the bound`)
    if (r.stopped === 'states') warnings.push(`state limit reached: best order so far; it is within ${gapText(peakBytes, bound)} of the bound`)
  } else {
    const gr = buildGroups(ig, model)
    const lb = lowerBound(ig, gr)
    bound = lb.bytes
    boundNodeId = lb.node
    if (algo === 'random') {
      const r = randomSamples(ig, model, opts.seed ?? 1, opts.samples ?? 100, opts.isCancelled)
      order = r.order
      peakBytes = r.stats.mean
      stats = r.stats
      if (r.drawn < (opts.samples ?? 100)) warnings.push(`cancelled after ${fmtInt(r.drawn)} samples; the figures cover those`)
    } else {
      order = algo === 'file' ? fileOrder(ig) : algo === 'bfs' ? bfsOrder(ig) : algo === 'dfs' ? dfsOrder(ig) : greedyOrder(ig, gr)
      peakBytes = walker.run(order, model)
      if (algo === 'file' && order.some((v, i) => v !== i)) warnings.push('the file order is not topological; `file` runs the ready node listed first instead')
    }
    proven = peakBytes <= bound
  }
  const lowerBoundOut = proven ? peakBytes : algo === 'btsearch' ? searchBound : bound
  const boundNode = boundNodeId >= 0 ? ig.nodeNames[boundNodeId] : null
  return {
    algo, memoryModel: model, symbols: { ...ig.graph.symbols }, peakBytes, weightBytes: ig.weightBytes,
    order: Array.from(order, (v) => ig.nodeNames[v]), optimal: proven, lowerBoundBytes: lowerBoundOut,
    states, elapsedMs: now() - t0, warnings, ...(stats ? { stats } : {}), boundNode,
    explanation: explain(proven, peakBytes, bound, boundNode, algo, states, cut),
  }
}

function gapText(peak: number, bound: number): string {
  return bound > 0 ? `${(((peak - bound) / bound) * 100).toFixed(2)}%` : `${fmtInt(peak - bound)} bytes`
}

function explain(proven: boolean, peak: number, bound: number, boundNode: string | null, algo: ScheduleAlgo, states: number | null,
  cut: { bytes: number; node: string } | null = null): string {
  const where = boundNode === null ? 'the graph inputs at step 0' : `node ${JSON.stringify(boundNode)} (its inputs, its outputs and the tensors live across it in every order)`
  if (proven && peak <= bound) return `no order can do better: the peak equals the lower bound, forced by ${where}`
  if (proven && cut !== null && peak <= cut.bytes) {
    return `no order can do better: the peak equals the cut bound of node ${JSON.stringify(cut.node)} (the least memory it needs over every set of nodes that can have run before it); the static lower bound is lower, at ${fmtInt(bound)} bytes`
  }
  if (proven) return `proven optimal by exhaustive search (${fmtInt(states ?? 0)} states); the static lower bound is lower, at ${fmtInt(bound)} bytes`
  if (algo === 'random') return `mean peak of random orders; an order can be at most ${gapText(peak, bound)} better (the bound is forced by ${where})`
  return `not proven optimal: the best order may be up to ${gapText(peak, bound)} better (lower bound ${fmtInt(bound)} bytes, forced by ${where})`
}

/** SPEC.md section 3: N uniformly random orders from one seeded sfc32 generator. */
export function randomSamples(ig: IndexedGraph, model: MemoryModel, seed: number, samples: number, isCancelled?: () => boolean):
  { order: Int32Array; stats: RandomStats; drawn: number } {
  const rng = createRng(seed)
  const walker = createWalker(ig)
  const scratch = new Int32Array(ig.nNodes)
  const orders: Int32Array[] = []
  const peaks: number[] = []
  for (let s = 0; s < samples; s++) {
    if (s > 0 && isCancelled?.()) break
    const o = randomOrder(ig, rng, scratch)
    orders.push(o)
    peaks.push(walker.run(o, model))
  }
  const sorted = [...peaks].sort((a, b) => a - b)
  const median = sorted[(sorted.length - 1) >> 1]
  const mean = Math.floor(peaks.reduce((a, b) => a + b, 0) / peaks.length)
  let pick = 0
  for (let i = 1; i < peaks.length; i++) if (Math.abs(peaks[i] - median) < Math.abs(peaks[pick] - median)) pick = i
  return { order: orders[pick], stats: { min: sorted[0], mean, median, max: sorted[sorted.length - 1] }, drawn: peaks.length }
}
