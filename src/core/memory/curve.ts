/**
 * The memory curve as the app and the command line show it: names instead of ids, the peak step, the
 * buffers live at the peak (largest first) and the weights beside it (SPEC.md section 2).
 *
 * One walk for the curve plus one partial replay for the live set at the peak or any other step:
 * O(nodes + edges + tensors). Every figure equals `Walker.run` on the same order.
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
