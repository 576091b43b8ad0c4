/**
 * The orders panel's actions: plain module functions over the schedule worker's client and the store.
 *
 * A run computes the chosen algorithms one after another in the worker: the baselines first (fast; random's
 * mean is the reference of every reduction, so random always runs when it has no result yet), BTSearch last.
 * Each finished order replaces the entry of the same algorithm for the same graph and memory model.
 * Stopping keeps the best order found (the worker returns it, or — if the worker had to be terminated — the
 * last improving progress report carried it) and says so in a notice, never in the error banner.
 */
import { SCHEDULE_RUN_ORDER } from '../../core/algorithms.ts'
import { stoppedSearchOutcome } from '../../core/memory/schedule.ts'
import type { ErrorInfo, Result } from '../../core/errors.ts'
import { modelIdentity } from '../../core/graph/identity.ts'
import type { MemoriaGraph } from '../../core/graph/types.ts'
import { ScheduleClient } from '../../workers/schedule-client.ts'
import type { ScheduleEvent } from '../../workers/schedule-api.ts'
import type { ScheduleAlgo, ScheduleOutcome, ScheduleRequest } from '../../workers/schedule-protocol.ts'
import { userMessage } from '../error-text.ts'
import { FrameBatch } from '../frame-batch.ts'
import { formatBytes, formatInt, formatMs } from '../format.ts'
import { useStore } from '../store/index.ts'
import { ALGO_LABELS, algosOf, DEFAULT_SETTINGS, modelKeyOf, type OrderEntry, type OrdersSettings } from './orders-types.ts'

const client = new ScheduleClient()
/** entries kept across models and settings (oldest dropped first) */
const MAX_ENTRIES = 80

/**
 * The run in progress (a newer run replaces it; a superseded run's reply changes nothing) and the best order
 * its search reported, for a stop that had to terminate the worker.
 */
interface OrderRunJob {
  lastBest: { algo: ScheduleAlgo; order: string[]; progressStates: number; elapsedMs: number } | null
}
const jobs: { current: OrderRunJob | null } = { current: null }

/** Which graph an order belongs to: the model's content hash (core's `modelIdentity`) and its bindings. */
export function graphKey(graph: MemoriaGraph): string {
  return modelKeyOf(modelIdentity(graph), graph.symbols)
}

function patchRun(patch: Partial<ReturnType<typeof useStore.getState>['orderRun']>): void {
  useStore.setState((s) => ({ orderRun: { ...s.orderRun, ...patch } }))
}

export function updateOrderSettings(patch: Partial<OrdersSettings>): void {
  useStore.setState((s) => ({ orderSettings: { ...s.orderSettings, ...patch } }))
}

function entryId(algo: ScheduleAlgo, memoryModel: string, key: string): string {
  return `${algo}:${memoryModel}:${key}`
}

function addEntry(graph: MemoriaGraph, outcome: ScheduleOutcome, stopped: boolean): void {
  const modelKey = graphKey(graph)
  const entry: OrderEntry = {
    ...outcome,
    id: entryId(outcome.algo, outcome.memoryModel, modelKey),
    modelKey,
    stopped,
    finishedAt: Date.now(),
  }
  useStore.setState((s) => {
    const orders = [...s.orders.filter((e) => e.id !== entry.id), entry].slice(-MAX_ENTRIES)
    const view = s.orderView
    const selectedId = view.selectedId && orders.some((e) => e.id === view.selectedId) && entry.algo !== 'btsearch'
      ? view.selectedId
      : entry.id
    return { orders, orderView: { ...view, selectedId } }
  })
}

/** Requests for `algos` under the current settings, baselines first and random added when missing. */
export function planRequests(algos: ScheduleAlgo[], haveRandom: boolean): ScheduleRequest[] {
  const { orderSettings, memoryModel } = useStore.getState()
  // settings saved by an older version may lack a field: the defaults fill it
  const s = { ...DEFAULT_SETTINGS, ...orderSettings }
  const wanted = new Set(algos)
  if (!haveRandom) wanted.add('random')
  return SCHEDULE_RUN_ORDER
    .filter((a) => wanted.has(a))
    .map((algo) => ({
      algo,
      memoryModel,
      timeLimitMs: Math.round(s.timeLimitS * 1000),
      maxStates: s.maxStates,
      seed: s.seed,
      samples: s.samples,
    }))
}

/** Progress reports: only the newest of a frame reaches the store (issue 11: one update per frame). */
let progressBatch: FrameBatch<Extract<ScheduleEvent, { kind: 'progress' }>> | null = null

function onEvent(job: OrderRunJob, graph: MemoriaGraph) {
  // a superseded run's events never arrive: the WorkerClient silences a settled job's progress
  progressBatch?.cancel()
  const batch = new FrameBatch<Extract<ScheduleEvent, { kind: 'progress' }>>((events) => {
    if (jobs.current !== job) return
    const p = events[events.length - 1].progress
    patchRun({ current: p.algo, progress: { ...p, bestOrder: undefined } })
  })
  progressBatch = batch
  return (e: ScheduleEvent) => {
    if (e.kind === 'result') {
      batch.cancel()
      addEntry(graph, e.outcome, e.stopped)
      return
    }
    const p = e.progress
    // the best order is kept at once (a stop that terminates the worker needs it), the figures per frame
    if (p.bestOrder) job.lastBest = { algo: p.algo, order: p.bestOrder, progressStates: p.states, elapsedMs: p.elapsedMs }
    batch.push(e as Extract<ScheduleEvent, { kind: 'progress' }>)
  }
}

/** Runs the chosen algorithms (or `algos`) on the open model. Resolves when the run has ended. */
export async function runSchedules(algos?: ScheduleAlgo[]): Promise<void> {
  const st = useStore.getState()
  const graph = st.model?.graph
  if (!graph) return
  const key = graphKey(graph)
  const chosen = algos ?? algosOf(st.orderSettings.algo ?? DEFAULT_SETTINGS.algo)
  const haveRandom = st.orders.some((e) => e.modelKey === key && e.memoryModel === st.memoryModel && e.algo === 'random')
  const requests = planRequests(chosen, haveRandom)
  const job: OrderRunJob = { lastBest: null }
  jobs.current = job
  useStore.setState((s) => ({
    orderRun: {
      status: 'running', algos: requests.map((r) => r.algo), current: requests[0]?.algo ?? null, progress: null,
      startedAt: Date.now(), notice: null, error: null,
    },
    orderSettings: { ...s.orderSettings, lastAlgos: chosen },
  }))
  const r = await client.run(graph, requests, onEvent(job, graph))
  if (progressBatch !== null && jobs.current === job) progressBatch.cancel()
  if (jobs.current !== job) return
  jobs.current = null
  let notice: string | null = null
  let error: ErrorInfo | null = null
  if (r.ok) {
    if (r.value.stopped) notice = stoppedNotice(graph)
  } else if (r.error.code === 'CANCELLED') {
    notice = keepBestAfterKill(graph, job.lastBest)
  } else {
    error = r.error
    const message = userMessage(r.error)
    if (message) useStore.setState({ error: message })
  }
  useStore.setState((s) => ({
    orderRun: { ...s.orderRun, status: 'idle', current: null, progress: null, notice, error },
  }))
}

function stoppedNotice(graph: MemoriaGraph): string {
  const { orders, memoryModel, orderRun } = useStore.getState()
  const key = graphKey(graph)
  const mine = orders.filter((o) => o.modelKey === key && o.memoryModel === memoryModel && o.finishedAt >= orderRun.startedAt)
  const e = mine.find((o) => o.stopped)
  if (e) return describeStop(e.algo, e.peakBytes, e.states ?? 0, e.elapsedMs)
  const skipped = orderRun.algos.filter((a) => !mine.some((o) => o.algo === a)).map((a) => ALGO_LABELS[a])
  return `Stopped before ${skipped.join(', ') || 'the rest'} ran; the orders computed so far are kept.`
}

function describeStop(algo: ScheduleAlgo, peakBytes: number, states: number, elapsedMs: number): string {
  return `${ALGO_LABELS[algo]} stopped after ${formatInt(states)} states and ${formatMs(elapsedMs)}. ` +
    `The best order found so far is kept (peak ${formatBytes(peakBytes)}); it is not proven optimal.`
}

/** The worker was terminated: core rebuilds the stopped search's outcome from its last best order. */
function keepBestAfterKill(graph: MemoriaGraph, best: OrderRunJob['lastBest']): string | null {
  const { memoryModel, orderRun } = useStore.getState()
  if (!best) return 'The search stopped before it found a complete order; the other results are kept.'
  const seen = {
    order: best.order,
    states: orderRun.progress?.states ?? best.progressStates,
    elapsedMs: orderRun.progress?.elapsedMs ?? best.elapsedMs,
    lowerBoundBytes: orderRun.progress?.lowerBoundBytes ?? null,
  }
  let outcome: ScheduleOutcome
  try {
    outcome = stoppedSearchOutcome(graph, memoryModel, seen, 'the worker did not answer the stop in time and was restarted')
  } catch {
    return null // an order that no longer fits the graph: nothing to keep
  }
  addEntry(graph, outcome, true)
  return describeStop(best.algo, outcome.peakBytes, seen.states, seen.elapsedMs)
}

/** The Cancel button: stop the search and keep its best order. */
export function stopSchedules(): void {
  if (client.stop()) patchRun({ notice: 'Stopping the search…' })
}

export function selectOrder(id: string): void {
  useStore.setState((s) => ({ orderView: { ...s.orderView, selectedId: id }, playback: { ...s.playback, step: 0, playing: false } }))
}

export function toggleCompare(id: string): void {
  useStore.setState((s) => {
    const ids = s.orderView.compareIds
    const compareIds = ids.includes(id) ? ids.filter((x) => x !== id) : [...ids, id]
    return { orderView: { ...s.orderView, compareIds } }
  })
}

/** Forgets every order of the open model (under every memory model and binding) and the last run's choice. */
export function clearOrders(): void {
  const graph = useStore.getState().model?.graph
  if (!graph) return
  const name = modelIdentity(graph)
  useStore.setState((s) => ({
    orders: s.orders.filter((e) => !isOfModel(e.modelKey, name)),
    orderView: { selectedId: null, compareIds: [] },
    orderRun: { ...s.orderRun, notice: null, error: null },
    orderSettings: { ...s.orderSettings, lastAlgos: [] },
  }))
}

/** Whether an entry's key (`m-1a2b…?seq=128`) belongs to the model `m-1a2b…`, whatever its bindings. */
export function isOfModel(modelKey: string, name: string): boolean {
  return modelKey === name || modelKey.startsWith(`${name}?`)
}

/** The ONNX model pinned so ORT's sequential executor runs this order (core/onnx/pin-export.ts, as the CLI), built in the schedule worker. */
export function pinnedOnnx(blob: Blob, order: number[]): Promise<Result<{ blob: Blob; ties: number }>> {
  return client.pinnedOnnx(blob, order)
}
