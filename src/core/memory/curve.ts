/**
 * The memory curve as the app and the command line show it: names instead of ids, the peak step, the
 * buffers live at the peak (largest first) and the weights beside it (docs/spec.md section 2).
 *
 * One walk for the curve plus one partial replay for the live set at the peak or any other step:
 * O(nodes + edges + tensors). Every figure equals `Walker.run` on the same order. The app's chart, playback,
 * compare view and CSV export read their curves from here (app/orders/curves.ts only memoises), so the chart
 * and the reported peak are one figure. `liveSpansAt` adds each live buffer's lifetime: live from the step its
 * first tensor is produced until every consumer of every tensor in it has run, to the end for a graph output.
 */
import type { IndexedGraph } from './indexed.ts'
import type { MemoryModel } from './ops.ts'
import { createWalker, type LiveBuffer, type Walker } from './walk.ts'

export interface LiveBufferInfo {
  /** the tensor that allocated the buffer */
  tensor: string
  bytes: number
  /** the tensors sharing it (views, in-place outputs); the allocating one first */
  tensors: string[]
  /** the node that produced the allocating tensor; null for a graph input */
  producer: string | null
}

export interface MemoryCurve {
  model: MemoryModel
  /** node run at step k+1 (step 0 holds the graph inputs) */
  nodes: string[]
  /** bytes while each step runs: the curve; index 0 is the graph inputs */
  duringBytes: number[]
  /** bytes after each step, once its dead buffers are freed */
  afterBytes: number[]
  peakBytes: number
  /** first step reaching the peak */
  peakStep: number
  /** node running at the peak; null when the peak is the graph inputs at step 0 */
  peakNode: string | null
  /** buffers live while the peak step runs, largest first */
  peakLive: LiveBufferInfo[]
  /** weights (initializers, Constant outputs): reported beside the peak, never in it */
  weightBytes: number
}

function describe(ig: IndexedGraph, live: LiveBuffer[]): LiveBufferInfo[] {
  return live.map((b) => ({
    tensor: ig.tensorNames[b.root],
    bytes: b.bytes,
    tensors: b.tensors.map((t) => ig.tensorNames[t]),
    producer: ig.producer[b.root] >= 0 ? ig.nodeNames[ig.producer[b.root]] : null,
  }))
}

export function memoryCurve(ig: IndexedGraph, order: ArrayLike<number>, model: MemoryModel,
  walker: Walker = createWalker(ig)): MemoryCurve {
  const during = new Float64Array(order.length + 1)
  const after = new Float64Array(order.length + 1)
  const peakBytes = walker.run(order, model, undefined, during, after)
  const peakStep = during.indexOf(peakBytes)
  return {
    model,
    nodes: Array.from(order, (v) => ig.nodeNames[v]),
    duringBytes: Array.from(during),
    afterBytes: Array.from(after),
    peakBytes,
    peakStep,
    peakNode: peakStep > 0 ? ig.nodeNames[order[peakStep - 1]] : null,
    peakLive: describe(ig, walker.liveAt(order, model, peakStep)),
    weightBytes: ig.weightBytes,
  }
}

/** A buffer live at some step, with the steps during which it is live (inclusive). */
export interface LiveSpan extends LiveBufferInfo {
  fromStep: number
  toStep: number
}

/** The step (1-based) at which each node of `order` runs, by node id; 0 for none. O(nodes). */
export function stepsOf(ig: IndexedGraph, order: ArrayLike<number>): Int32Array {
  const step = new Int32Array(ig.nNodes)
  for (let k = 0; k < order.length; k++) step[order[k]] = k + 1
  return step
}

/** Last step at which tensor t is still needed: its last consumer's step, the end for a graph output. */
function lastUse(ig: IndexedGraph, step: Int32Array, t: number, end: number): number {
  if (ig.isOutput[t]) return end
  let last = ig.producer[t] >= 0 ? step[ig.producer[t]] : 0
  for (let j = ig.consStart[t]; j < ig.consStart[t + 1]; j++) last = Math.max(last, step[ig.consList[j]])
  return last
}

/**
 * The buffers live while step `k` runs, largest first, each with its lifetime. `step` is `stepsOf(ig, order)`
 * (callers that ask for many steps of one order compute it once). O(nodes + edges + tensors).
 */
export function liveSpansAt(ig: IndexedGraph, order: ArrayLike<number>, model: MemoryModel, k: number,
  walker: Walker = createWalker(ig), step: Int32Array = stepsOf(ig, order)): LiveSpan[] {
  const live = walker.liveAt(order, model, k)
  const infos = describe(ig, live)
  return live.map((b, i) => {
    const fromStep = ig.producer[b.root] >= 0 ? step[ig.producer[b.root]] : 0
    let toStep = fromStep
    for (const t of b.tensors) toStep = Math.max(toStep, lastUse(ig, step, t, order.length))
    return { ...infos[i], fromStep, toStep }
  })
}
