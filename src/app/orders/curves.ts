/**
 * The memory curve of an order for the chart, playback and compare views: core's `memoryCurve` and
 * `liveSpansAt` (core/memory/curve.ts, the same walk every reported peak comes from, so the chart and the
 * result list can never disagree), memoised here for the views.
 *
 * A curve has `order.length + 1` steps: step 0 holds the graph inputs, step k is while `order[k-1]` runs.
 * Indexing a graph is O(nodes + edges) and done once per graph object (WeakMap); a curve is O(n) and cached
 * per (graph, order array, model). The live tensors at one step replay the walk up to that step: O(n) per
 * hover, cheap enough for thousands of nodes.
 */
import { toErrorInfo, type Result } from '../../core/errors.ts'
import type { MemoriaGraph } from '../../core/graph/types.ts'
import { indexGraph, orderFromNames, type IndexedGraph } from '../../core/memory/indexed.ts'
import type { MemoryModel } from '../../core/memory/ops.ts'
import { liveSpansAt, memoryCurve, stepsOf } from '../../core/memory/curve.ts'
import { createWalker, type Walker } from '../../core/memory/walk.ts'

export interface Curve {
  /** bytes while each step runs (index 0: the graph inputs): core's `duringBytes` */
  during: readonly number[]
  after: readonly number[]
  peakBytes: number
  peakStep: number
  /** node ids of the order (positions in graph.nodes) */
  ids: Int32Array
}

export interface LiveTensor {
  name: string
  bytes: number
  /** other tensors sharing its buffer (inplace: views and element-wise results) */
  shared: string[]
  /** steps during which the buffer is live, inclusive */
  fromStep: number
  toStep: number
}

interface Indexed {
  ig: IndexedGraph
  walker: Walker
}

const indexed = new WeakMap<MemoriaGraph, Result<Indexed>>()
const curves = new WeakMap<MemoriaGraph, WeakMap<readonly string[], Map<MemoryModel, Result<Curve>>>>()

/** `capture` without the promise: the walk is synchronous and cheap. */
function syncCapture<T>(f: () => T): Result<T> {
  try {
    return { ok: true, value: f() }
  } catch (e) {
    return { ok: false, error: toErrorInfo(e) }
  }
}

export function indexedOf(graph: MemoriaGraph): Result<Indexed> {
  let r = indexed.get(graph)
  if (!r) {
    r = syncCapture(() => {
      const ig = indexGraph(graph)
      return { ig, walker: createWalker(ig) }
    })
    indexed.set(graph, r)
  }
  return r
}

export function curveOf(graph: MemoriaGraph, order: readonly string[], model: MemoryModel): Result<Curve> {
  let perGraph = curves.get(graph)
  if (!perGraph) curves.set(graph, (perGraph = new WeakMap()))
  let perOrder = perGraph.get(order)
  if (!perOrder) perGraph.set(order, (perOrder = new Map()))
  let r = perOrder.get(model)
  if (!r) {
    const ix = indexedOf(graph)
    r = ix.ok
      ? syncCapture(() => {
          const ids = orderFromNames(ix.value.ig, order)
          const c = memoryCurve(ix.value.ig, ids, model, ix.value.walker)
          return { during: c.duringBytes, after: c.afterBytes, peakBytes: c.peakBytes, peakStep: c.peakStep, ids }
        })
      : ix
    perOrder.set(model, r)
  }
  return r
}

const steps = new WeakMap<Int32Array, Int32Array>()

/** The step at which each node of the order runs (1-based), by node id; cached per order (playback asks often). */
function stepOfNode(ig: IndexedGraph, ids: Int32Array): Int32Array {
  let step = steps.get(ids)
  if (!step) steps.set(ids, (step = stepsOf(ig, ids)))
  return step
}

/** the last answer per curve: the list, the tooltip and the graph highlight ask for the same step */
const lastLive = new WeakMap<Curve, { model: MemoryModel; k: number; live: LiveTensor[] }>()

/** The live buffers while step `k` runs, largest first, each with its lifetime. */
export function liveTensorsAt(graph: MemoriaGraph, curve: Curve, model: MemoryModel, k: number): LiveTensor[] {
  const last = lastLive.get(curve)
  if (last && last.model === model && last.k === k) return last.live
  const live = computeLive(graph, curve, model, k)
  lastLive.set(curve, { model, k, live })
  return live
}

function computeLive(graph: MemoriaGraph, curve: Curve, model: MemoryModel, k: number): LiveTensor[] {
  const ix = indexedOf(graph)
  if (!ix.ok) return []
  const { ig, walker } = ix.value
  return liveSpansAt(ig, curve.ids, model, k, walker, stepOfNode(ig, curve.ids)).map((b) => ({
    name: b.tensor, bytes: b.bytes, shared: b.tensors.slice(1), fromStep: b.fromStep, toStep: b.toStep,
  }))
}

/** The node running at step k (null at step 0). */
export function nodeAt(graph: MemoriaGraph, curve: Curve, k: number): string | null {
  return k >= 1 && k <= curve.ids.length ? graph.nodes[curve.ids[k - 1]].name : null
}
