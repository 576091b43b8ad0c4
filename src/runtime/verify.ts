/**
 * Checks a planned order in ONNX Runtime: exports the model in that order (pinned for ORT by default,
 * core/onnx/pin-export.ts), fills its missing weights with seeded random values, runs it twice in ORT
 * (sequential, no graph optimisation, one thread) with the profiler on, and reads the profiler back:
 *  - the executed order: the Node events of the first run, by ORT's `node_index` (file position among the
 *    nodes ORT keeps — Constant nodes become initializers), mapped back to the graph; tie nodes dropped;
 *  - the observed peak: ORT's own allocator statistics. ORT 1.30 writes, per node, the arena's
 *    `mem_bytes_requested_in_use` after the node ran and before its inputs were released; the arena also
 *    holds a few allocations of the session itself, a constant we take from the first node (its value minus
 *    the `output_size` it allocated). Observed = max over the first run minus that base. Graph inputs are
 *    the caller's buffers, not the arena's, so predictions leave them out too;
 *  - the memory-pattern block of the second run (ORT plans one block from the first run's trace).
 * Predicted: the chosen memory model along the planned order — `ort` (core/memory/ort-alloc.ts, ORT's
 * allocation plan replayed on ORT's own static shapes, runtime/ort-shapes.ts), `inplace` or `simple` (the
 * walk of docs/spec.md section 2). Cost: two ORT runs and one more session load (the static shapes).
 */
import { MemoriaError } from '../core/errors.ts'
import type { DType, MemoriaGraph } from '../core/graph/types.ts'
import { indexGraph } from '../core/memory/indexed.ts'
import { ortMemory, type OrtShape } from '../core/memory/ort-alloc.ts'
import { walkBytes } from '../core/memory/walk.ts'
import { bytesSource } from '../core/onnx/byte-source.ts'
import { isOrtConstant, type NamedNode } from '../core/onnx/ort-order.ts'
import { pinnedPieces, type Piece } from '../core/onnx/pin-export.ts'
import { pinnedNodes } from '../core/onnx/pin.ts'
import type { RawModel } from '../core/onnx/raw.ts'
import { reorderedRanges } from '../core/onnx/reorder.ts'
import { randomInputs, withFilledModel } from './materialize.ts'
import { ortStaticShapes } from './ort-shapes.ts'
import { runModel, type ProfileEvent } from './run.ts'

export type PredictModel = 'ort' | 'inplace' | 'simple'
export const PREDICT_MODELS: readonly PredictModel[] = ['ort', 'inplace', 'simple']

export interface VerifyOptions {
  /** the planned order: indices into graph.nodes (file order), Constant nodes included or not */
  order: number[]
  memoryModel: PredictModel
  /** seed of the random weights and inputs */
  seed?: number
  /** write the tie nodes that make ORT follow the order (default true); false writes the plain file order */
  pin?: boolean
  /**
   * the `ort-default` target: write the file in this order, plainly (no ties), and expect ORT's walk of it
   * to be `order` (core/onnx/ort-default.ts)
   */
  fileOrder?: number[]
  /** ORT's static shapes (runtime/ort-shapes.ts), when the caller has them already; else read from ORT */
  shapes?: ReadonlyMap<string, OrtShape>
  /** agreement asked of the peaks (default 0.01) */
  tolerance?: number
  /** called with the exported model (pinned or plain, weights as in the file) before it runs */
  onExported?: (bytes: Uint8Array) => void | Promise<void>
}

export interface VerifyResult {
  memoryModel: PredictModel
  predictedPeakBytes: number
  observedPeakBytes: number
  /** observed / predicted */
  ratio: number
  /** where the observed figure comes from */
  observedSource: 'ort-allocator-stats'
  /** ORT's memory-pattern block (second run on) and our prediction of it (`ort` model) */
  patternObservedBytes: number
  patternPredictedBytes: number
  /**
   * the largest difference, over every step of the first run, between ORT's reading and the `ort` model's
   * (bytes; null when ORT ran another order): 0 when the whole curve is predicted, not only its peak
   */
  curveMaxDeviationBytes: number | null
  /**
   * node outputs, and those whose shape ORT does not fully know at load (they never share a buffer); null
   * when ORT could not report its static shapes and the prediction used the graph's resolved shapes
   */
  staticShapes: { values: number; unknown: number } | null
  /** the arena's own peak, which also holds kernels' scratch buffers and its rounding */
  arenaPeakBytes: number
  /** the arena's session-owned bytes subtracted from every reading */
  arenaBaseBytes: number
  orderMatch: boolean
  /** the first step where ORT ran another node than planned (null when the orders agree) */
  firstDivergence: { step: number; planned: string | null; executed: string | null } | null
  executedOrder: string[]
  plannedOrder: string[]
  /** tie nodes the pinned export added */
  ties: number
  pinned: boolean
  runMs: number
  loadMs: number
  /** order matched and the peaks agree within the tolerance */
  ok: boolean
}

async function concat(pieces: Piece[], bytes: Uint8Array): Promise<Uint8Array> {
  const parts = pieces.map((p) => (p instanceof Uint8Array ? p : bytes.subarray(p.offset, p.offset + p.length)))
  const out = new Uint8Array(parts.reduce((s, p) => s + p.length, 0))
  let at = 0
  for (const p of parts) { out.set(p, at); at += p.length }
  return out
}

/** The full order: Constant nodes the caller left out go first (ORT never runs them). */
function completeOrder(graph: MemoriaGraph, order: number[]): number[] {
  const seen = new Set(order)
  const constants = graph.nodes.map((_, i) => i).filter((i) => !seen.has(i) && isOrtConstant(graph.nodes[i]))
  return [...constants, ...order]
}

/** Node events of each run, in time order (a run's events fall inside its `model_run` span). */
export function runsOf(profile: ProfileEvent[]): ProfileEvent[][] {
  const spans = profile.filter((e) => e.name === 'model_run').sort((a, b) => a.ts - b.ts)
  const nodes = profile.filter((e) => e.cat === 'Node' && e.name.endsWith('_kernel_time')).sort((a, b) => a.ts - b.ts)
  return spans.map((s) => nodes.filter((e) => e.ts >= s.ts && e.ts <= s.ts + s.dur))
}

const num = (e: ProfileEvent, key: string): number => {
  const v = Number(e.args?.[key])
  if (!Number.isFinite(v)) {
    throw new MemoriaError('INTERNAL', `ONNX Runtime's profiler event '${e.name}' has no ${key}; onnxruntime-node 1.30 or later is needed`)
  }
  return v
}

/**
 * Peak along `order` under inplace/simple, graph inputs left out (ORT does not hold them): what verify
 * compares. Constants the order leaves out (an ORT walk never lists them) run first.
 */
export function walkPeakWithoutInputs(graph: MemoriaGraph, order: number[], model: 'inplace' | 'simple'): number {
  const ig = indexGraph(graph)
  const steps = Int32Array.from(completeOrder(graph, order))
  const w = walkBytes(ig, steps, model)
  // each graph input is live from step 0 through the step of its last consumer
  const last = new Map<number, number>()
  steps.forEach((v, k) => {
    for (let j = ig.inStart[v]; j < ig.inStart[v + 1]; j++) if (ig.isInput[ig.inList[j]]) last.set(ig.inList[j], k + 1)
  })
  let peak = 0
  for (let s = 1; s < w.duringBytes.length; s++) {
    let inputs = 0
    for (const t of ig.inputTensors) if ((last.get(t) ?? 0) >= s) inputs += ig.bytes[t]
    peak = Math.max(peak, w.duringBytes[s] - inputs)
  }
  return peak
}

/** The graph's node outputs that ORT runs (not Constants), and how many of them have a shape ORT does not fully know. */
function staticShapeCounts(graph: MemoriaGraph, shapes: ReadonlyMap<string, OrtShape>): { values: number; unknown: number } {
  let values = 0, unknown = 0
  for (const n of graph.nodes) {
    if (isOrtConstant(n)) continue
    for (const o of n.outputs) {
      if (o === '') continue
      values++
      const s = shapes.get(o) ?? null
      if (s === null || s.includes(null)) unknown++
    }
  }
  return { values, unknown }
}

export async function verifyOrder(fileBytes: Uint8Array, raw: RawModel, graph: MemoriaGraph, opts: VerifyOptions): Promise<VerifyResult> {
  if (graph.nodes.length !== raw.nodes.length) {
    throw new MemoriaError('ARG_INVALID', 'verify needs the graph read from this ONNX file (the node lists differ)')
  }
  const order = completeOrder(graph, opts.order)
  const fileOrder = opts.fileOrder === undefined ? order : completeOrder(graph, opts.fileOrder)
  const pin = opts.fileOrder === undefined && (opts.pin ?? true)
  const source = bytesSource(fileBytes)
  let exported: Uint8Array
  let fileNodes: { nodes: NamedNode[]; origin: number[] }
  let ties = 0
  const seed = opts.seed ?? 1
  // ORT's static shapes of the model as given: they decide its buffer reuse. A tie's output declares its
  // input's (pin-export.ts), so the pinned file has the same shapes and ORT plans the same reuse for it
  const shapes = opts.shapes ?? await withFilledModel(fileBytes, { seed }, (_, filled, dir) => ortStaticShapes(filled, dir)) ?? undefined
  if (pin) {
    const dtypes = new Map(graph.tensors.map((t) => [t.name, t.dtype]))
    const shapeOf = (t: string): { dtype: DType | null; shape: OrtShape } | undefined => {
      const shape = shapes?.get(t)
      return shape === undefined || shape === null ? undefined : { dtype: dtypes.get(t) ?? null, shape }
    }
    const { pieces, plan } = await pinnedPieces(source, raw, order, { shapeOf })
    exported = await concat(pieces, fileBytes)
    ties = plan.ties.length
    fileNodes = pinnedNodes(raw.nodes, order, plan.ties, raw.opset[''] ?? raw.opset['ai.onnx'] ?? 1)
  } else {
    exported = await concat(await reorderedRanges(source, raw, fileOrder), fileBytes)
    fileNodes = { nodes: fileOrder.map((v) => raw.nodes[v]), origin: fileOrder }
  }
  await opts.onExported?.(exported)
  // ORT's node_index: position among the nodes it keeps
  const keptOrigin: number[] = []
  fileNodes.nodes.forEach((n, i) => { if (!isOrtConstant(n)) keptOrigin.push(fileNodes.origin[i]) })

  const r = await withFilledModel(exported, { seed }, (model, filled) =>
    runModel(model, randomInputs(filled, seed, graph.symbols), { profile: true, runs: 2 }))
  const [run1, run2] = runsOf(r.profile ?? [])
  if (run1 === undefined || run1.length === 0 || run2 === undefined) {
    throw new MemoriaError('INTERNAL', 'ONNX Runtime\'s profiler recorded no node of the run')
  }
  const executed = run1.map((e) => keptOrigin[num(e, 'node_index')]).filter((v) => v !== undefined && v >= 0)
  const planned = order.filter((v) => !isOrtConstant(graph.nodes[v]))
  let step = 0
  while (step < planned.length && executed[step] === planned[step]) step++
  const orderMatch = step === planned.length && executed.length === planned.length
  const name = (v: number | undefined): string | null => (v === undefined ? null : graph.nodes[v].name)

  const first = run1[0]
  const firstAliases = ['Reshape', 'Flatten', 'Squeeze', 'Unsqueeze', 'Identity'].includes(String(first.args?.op_name))
  const base = num(first, 'mem_bytes_requested_in_use') - (firstAliases ? 0 : num(first, 'output_size'))
  const observed = Math.max(...run1.map((e) => num(e, 'mem_bytes_requested_in_use'))) - base
  const patternObserved = num(run2[0], 'mem_bytes_requested_in_use') - base
  const arenaPeak = Math.max(...run1.map((e) => num(e, 'mem_in_use_peak')))

  const ortPlan = ortMemory(graph, planned, { shapes })
  // the whole first-run curve against the `ort` model's, step by step (tie nodes left out)
  let curveMaxDeviation: number | null = null
  if (orderMatch) {
    const readings = run1.filter((e) => (keptOrigin[num(e, 'node_index')] ?? -1) >= 0).map((e) => num(e, 'mem_bytes_requested_in_use') - base)
    curveMaxDeviation = readings.reduce((m, x, k) => Math.max(m, Math.abs(x - ortPlan.during[k])), 0)
  }
  const predicted = opts.memoryModel === 'ort' ? ortPlan.peakBytes : walkPeakWithoutInputs(graph, order, opts.memoryModel)
  const ratio = predicted === 0 ? (observed === 0 ? 1 : Infinity) : observed / predicted
  const tolerance = opts.tolerance ?? 0.01
  return {
    memoryModel: opts.memoryModel,
    predictedPeakBytes: predicted,
    observedPeakBytes: observed,
    ratio,
    observedSource: 'ort-allocator-stats',
    patternObservedBytes: patternObserved,
    patternPredictedBytes: ortPlan.patternBytes,
    curveMaxDeviationBytes: curveMaxDeviation,
    staticShapes: shapes === undefined ? null : staticShapeCounts(graph, shapes),
    arenaPeakBytes: arenaPeak,
    arenaBaseBytes: base,
    orderMatch,
    firstDivergence: orderMatch ? null : { step, planned: name(planned[step]), executed: name(executed[step]) },
    executedOrder: executed.map((v) => graph.nodes[v].name),
    plannedOrder: planned.map((v) => graph.nodes[v].name),
    ties,
    pinned: pin,
    runMs: r.runMs,
    loadMs: r.loadMs,
    ok: orderMatch && Math.abs(ratio - 1) <= tolerance,
  }
}
