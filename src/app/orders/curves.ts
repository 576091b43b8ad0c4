/**
 * The memory curve of an order for the chart, playback and compare views, computed with core's walk (the
 * same walk every reported peak comes from, so the chart and the result list can never disagree).
 *
 * A curve has `order.length + 1` steps: step 0 holds the graph inputs, step k is while `order[k-1]` runs.
 * Indexing a graph is O(nodes + edges) and done once per graph object (WeakMap); a curve is O(n) and cached
 * per (graph, order array, model). The live tensors at one step (`liveAt`) replay the walk up to that step:
 * O(n) per hover, cheap enough for thousands of nodes. Buffer lifetimes follow the walk's rule: a buffer is
 * live from the step its first tensor is produced until every consumer of every tensor in it has run, and
 * to the end when it holds a graph output.
 */
import { toErrorInfo, type Result } from '../../core/errors.ts'
import type { MemoriaGraph } from '../../core/graph/types.ts'
import { indexGraph, orderFromNames, type IndexedGraph } from '../../core/memory/indexed.ts'
import type { MemoryModel } from '../../core/memory/ops.ts'
import { createWalker, walkBytes, type Walker } from '../../core/memory/walk.ts'

export interface Curve {
  /** bytes while each step runs (index 0: the graph inputs) */
  during: Float64Array
  after: Float64Array
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
          const w = walkBytes(ix.value.ig, ids, model, undefined, ix.value.walker)
          return { during: w.duringBytes, after: w.afterBytes, peakBytes: w.peakBytes, peakStep: w.peakStep, ids }
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
  if (!step) {
    step = new Int32Array(ig.nNodes)
    for (let k = 0; k < ids.length; k++) step[ids[k]] = k + 1
    steps.set(ids, step)
  }
  return step
}

/** Last step at which tensor t is still needed: its last consumer's step, the end for a graph output. */
function lastUse(ig: IndexedGraph, step: Int32Array, t: number, end: number): number {
  if (ig.isOutput[t]) return end
  let last = ig.producer[t] >= 0 ? step[ig.producer[t]] : 0
  for (let j = ig.consStart[t]; j < ig.consStart[t + 1]; j++) last = Math.max(last, step[ig.consList[j]])
  return last
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
  const step = stepOfNode(ig, curve.ids)
  const end = curve.ids.length
  return walker.liveAt(curve.ids, model, k).map((b) => {
    const names = b.tensors.map((t) => ig.tensorNames[t])
    const fromStep = ig.producer[b.root] >= 0 ? step[ig.producer[b.root]] : 0
    let toStep = fromStep
    for (const t of b.tensors) toStep = Math.max(toStep, lastUse(ig, step, t, end))
    return { name: names[0], bytes: b.bytes, shared: names.slice(1), fromStep, toStep }
  })
}

/** The node running at step k (null at step 0). */
export function nodeAt(graph: MemoriaGraph, curve: Curve, k: number): string | null {
  return k >= 1 && k <= curve.ids.length ? graph.nodes[curve.ids[k - 1]].name : null
}
