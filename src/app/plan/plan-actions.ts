/**
 * The devices-and-plan actions: plain module functions over the partition worker's client and the store.
 *
 * - Cluster edits go through `editCluster`; once a plan exists for the open model, an edit re-plans after
 *   DEBOUNCE_MS (dragging a limit: the running GenEFlow is cancelled between two generations and a new run
 *   starts; partition-client.ts). The minimum-memory search only restarts when something other than the limits
 *   changed (its figures do not depend on them).
 * - A run computes every baseline then GenEFlow in the worker; each plan replaces its algorithm's row as it
 *   arrives (figures from core's evaluate), GenEFlow's generations feed the convergence chart and its best
 *   plan so far replaces its row as generations improve it.
 * - Errors go to the banner with core's message; a cancel (a newer run) is silent.
 */
import type { ErrorInfo } from '../../core/errors.ts'
import { validateCluster, type Cluster } from '../../core/partition/cluster.ts'
import { memoryLowerBound } from '../../core/partition/min-memory.ts'
import type { MemoriaGraph } from '../../core/graph/types.ts'
import { toErrorInfo } from '../../core/errors.ts'
import { PartitionClient } from '../../workers/partition-client.ts'
import type { Algo, PartitionEvent, MinimumEvent } from '../../workers/partition-api.ts'
import { userMessage } from '../error-text.ts'
import { downloadText, fileStem } from '../download.ts'
import { useStore } from '../store/index.ts'
import { clusterJson, memoryFreeKey, parseCluster } from './cluster-edit.ts'
import type { PlanRun, PlanSettings } from './plan-slice.ts'

export const ALL_ALGOS: Algo[] = ['single', 'greedy', 'channel', 'spatial', 'pipeline', 'geneflow']
export const DEBOUNCE_MS = 200
/** GenEFlow's budget per probe of its minimum-memory bisection */
export const MIN_GENERATIONS = 20

const client = new PartitionClient()
let runToken = 0
let minToken = 0
let timer: ReturnType<typeof setTimeout> | undefined

export function modelKeyOf(graph: MemoriaGraph): string {
  return `${graph.name}#${graph.nodes.length}#${JSON.stringify(graph.symbols)}`
}

/** What a set of results belongs to: the model, the memory model and the whole cluster. */
export function resultsKey(graph: MemoriaGraph, memoryModel: string, cluster: Cluster): string {
  return `${modelKeyOf(graph)}|${memoryModel}|${JSON.stringify(cluster)}`
}

export function minimumKey(graph: MemoriaGraph, memoryModel: string, cluster: Cluster, seed: number): string {
  return `${modelKeyOf(graph)}|${memoryModel}|${seed}|${memoryFreeKey(cluster)}`
}

function showError(error: ErrorInfo, context: string): void {
  const message = userMessage(error, context)
  if (message) useStore.setState({ error: message })
}

function patchRun(p: Partial<PlanRun>): void {
  useStore.setState((s) => ({ planRun: { ...s.planRun, ...p } }))
}

export function updatePlanSettings(patch: Partial<PlanSettings>): void {
  useStore.setState((s) => ({ planSettings: { ...s.planSettings, ...patch } }))
}

/** Applies an edit to the cluster; re-plans (debounced) when live and a plan exists for the open model. */
export function editCluster(edit: (c: Cluster) => Cluster): void {
  const s = useStore.getState()
  const next = edit(s.cluster)
  if (next === s.cluster) return
  useStore.setState({ cluster: next })
  const graph = s.model?.graph
  if (!graph || !s.planSettings.live || s.planResults?.modelKey !== modelKeyOf(graph)) return
  if (timer !== undefined) clearTimeout(timer)
  timer = setTimeout(() => {
    timer = undefined
    void runPartition()
  }, DEBOUNCE_MS)
}

export function selectPlan(algo: Algo): void {
  useStore.setState((s) => (s.planResults ? { planResults: { ...s.planResults, selected: algo }, planPlayback: { step: -1, playing: false } } : {}))
}

/** Runs every algorithm on the open model and the current cluster. */
export async function runPartition(): Promise<void> {
  if (timer !== undefined) { clearTimeout(timer); timer = undefined }
  const s = useStore.getState()
  const graph = s.model?.graph
  if (!graph) return
  let cluster: Cluster
  try {
    cluster = validateCluster(s.cluster)
  } catch (e) {
    showError(toErrorInfo(e), 'The devices cannot be planned for.')
    return
  }
  const { memoryModel, planSettings } = s
  const token = ++runToken
  const modelKey = modelKeyOf(graph)
  const key = resultsKey(graph, memoryModel, cluster)
  const prev = s.planResults
  // keep the previous plans of this model on screen (marked out of date) until the new ones arrive
  const sameDevices = prev?.modelKey === modelKey && prev.cluster.devices.map((d) => d.name).join('\n') === cluster.devices.map((d) => d.name).join('\n')
  useStore.setState({
    planResults: { key, modelKey, cluster, results: sameDevices && prev ? prev.results : {}, selected: prev?.selected ?? 'geneflow' },
    planRun: { modelKey, running: true, convergence: [], startedAt: Date.now(), error: null },
  })
  // core's bound at once; the bisection after the run (two searching workers would leave the page no core)
  startMinimum(graph, cluster, memoryModel, planSettings.seed, false)
  const r = await client.run(
    { graph, cluster, memoryModel, seed: planSettings.seed, generations: planSettings.generations, algos: ALL_ALGOS },
    (e: PartitionEvent) => {
      if (token !== runToken) return
      if (e.kind === 'progress') {
        useStore.setState((st) => st.planRun.modelKey !== modelKey ? {} : { planRun: { ...st.planRun, convergence: [...st.planRun.convergence, ...e.generations] } })
        return
      }
      useStore.setState((st) => st.planResults?.key !== key ? {} : {
        planResults: {
          ...st.planResults,
          results: { ...st.planResults.results, [e.algo]: { algo: e.algo, key, detail: e.detail, elapsedMs: e.elapsedMs, interim: e.interim, fromSeed: e.fromSeed } },
        },
      })
    },
  )
  if (token !== runToken) return
  patchRun({ running: false, error: r.ok ? null : r.error })
  if (!r.ok) showError(r.error, 'The partition did not finish.')
  startMinimum(graph, cluster, memoryModel, planSettings.seed, true)
}

/**
 * The minimum-memory figures for this model and cluster (not its limits): `bisect` false computes only
 * core's bound (milliseconds), true the bisection of every algorithm too. Nothing is redone that is done
 * or running.
 */
let minBisecting = false
let boundMemo: { graph: MemoriaGraph; key: string; bytes: number } | null = null
/** core's bound, on the page's thread (linear in the graph: milliseconds, even for gpt2), memoised */
function lowerBound(graph: MemoriaGraph, cluster: Cluster): number {
  const key = memoryFreeKey(cluster)
  if (boundMemo?.graph !== graph || boundMemo.key !== key) boundMemo = { graph, key, bytes: memoryLowerBound(graph, cluster) }
  return boundMemo.bytes
}

function startMinimum(graph: MemoriaGraph, cluster: Cluster, memoryModel: 'simple' | 'inplace', seed: number, bisect: boolean): void {
  const key = minimumKey(graph, memoryModel, cluster, seed)
  const cur = useStore.getState().planMinimum
  if (!bisect) {
    // the bound is said at once: computed here, not behind a worker that may be starting or bisecting
    if (cur?.key === key && cur.lowerBoundBytes !== null) return
    const lowerBoundBytes = lowerBound(graph, cluster)
    if (cur?.key === key) {
      useStore.setState({ planMinimum: { ...cur, lowerBoundBytes } })
      return
    }
    // another model or devices: a bisection still running for them is of no use
    minToken++
    client.cancelMinimum()
    useStore.setState({ planMinimum: { key, lowerBoundBytes, byAlgo: {}, bisecting: false, done: false } })
    return
  }
  if (cur?.key === key && (cur.done || (client.minimumBusy() && minBisecting))) return
  const token = ++minToken
  minBisecting = bisect
  useStore.setState({ planMinimum: cur?.key === key ? { ...cur, bisecting: true } : { key, lowerBoundBytes: lowerBound(graph, cluster), byAlgo: {}, bisecting: true, done: false } })
  void client.minimum(
    { graph, cluster, memoryModel, seed, algos: ALL_ALGOS, geneflowGenerations: MIN_GENERATIONS },
    (e: MinimumEvent) => {
      if (token !== minToken) return
      useStore.setState((st) => {
        const m = st.planMinimum
        if (!m || m.key !== key) return {}
        return e.kind === 'bound'
          ? { planMinimum: { ...m, lowerBoundBytes: e.lowerBoundBytes } }
          : { planMinimum: { ...m, byAlgo: { ...m.byAlgo, [e.algo]: e.scaleBytes }, ...(e.oldScaleBytes !== undefined ? { oldByAlgo: { ...m.oldByAlgo, [e.algo]: e.oldScaleBytes } } : {}) } }
      })
    },
  ).then((r) => {
    if (token !== minToken) return
    useStore.setState((st) => (st.planMinimum?.key === key ? { planMinimum: { ...st.planMinimum, bisecting: false, done: r.ok } } : {}))
    if (!r.ok) showError(r.error, 'The minimum-memory search did not finish.')
  })
}

/** Core's bound for the open model and the current cluster, if not known yet (the panel asks when shown). */
export function ensureBound(graph: MemoriaGraph | null, cluster: Cluster, memoryModel: 'simple' | 'inplace'): void {
  const s = useStore.getState()
  if (!graph) return
  // a bisection saved as running before a reload is not running now
  if (s.planMinimum?.bisecting && !client.minimumBusy()) useStore.setState({ planMinimum: { ...s.planMinimum, bisecting: false } })
  try {
    startMinimum(graph, validateCluster(cluster), memoryModel, s.planSettings.seed, false)
  } catch {
    // an invalid cluster has no bound; Run says what is wrong
  }
}

/**
 * The open model changed (another file or sample, a rebind): the plans, the run and GenEFlow's convergence
 * belong to the model they were made for. The running job is cancelled (its late replies are dropped: the
 * run token moves on), a pending re-plan is dropped, and the run's state is cleared; the results stay in the
 * store under their `modelKey` (shown only for that model, e.g. when it is opened again or after a reload).
 */
export function modelChanged(modelKey: string | null): void {
  if (timer !== undefined) { clearTimeout(timer); timer = undefined }
  const s = useStore.getState()
  if (s.planRun.modelKey === modelKey) return
  runToken++
  client.cancelRun()
  // a minimum-memory bisection for the previous model is of no use either
  const m = s.planMinimum
  if (m?.bisecting && (modelKey === null || !m.key.startsWith(`${modelKey}|`))) {
    minToken++
    client.cancelMinimum()
    useStore.setState({ planMinimum: { ...m, bisecting: false } })
  }
  useStore.setState({
    planRun: { modelKey: modelKey ?? '', running: false, convergence: [], startedAt: 0, error: null },
    planPlayback: { step: -1, playing: false },
  })
}

let lastModelKey: string | null | undefined
useStore.subscribe((s) => {
  const graph = s.model?.graph ?? null
  const key = graph ? modelKeyOf(graph) : null
  if (key === lastModelKey) return
  lastModelKey = key
  modelChanged(key)
})

/**
 * Stops the run: the plans that arrived stay, and GenEFlow's best plan so far arrives as its final plan (with
 * a warning that it was cancelled); the run then ends as usual.
 */
export function cancelPartition(): void {
  if (timer !== undefined) { clearTimeout(timer); timer = undefined }
  client.stopRun()
}

export function exportCluster(): void {
  downloadText(clusterJson(useStore.getState().cluster), 'cluster.json', 'application/json')
}

/** Reads a cluster file; a bad one leaves the cluster as it was and says why in the banner. */
export async function importCluster(file: File): Promise<boolean> {
  try {
    const cluster = parseCluster(await file.text(), file.name)
    editCluster(() => cluster)
    useStore.setState({ error: null })
    return true
  } catch (e) {
    showError(toErrorInfo(e), `Could not import ${file.name}.`)
    return false
  }
}

/** Downloads the shown plan as SPEC.md section 4 JSON (the figures core's evaluate gave). */
export function exportPlan(): void {
  const r = useStore.getState().planResults
  const res = r?.results[r.selected]
  if (!r || !res) return
  const plan = res.detail.plan
  downloadText(`${JSON.stringify(plan, null, 2)}\n`, `${fileStem(plan.model, plan.algo, plan.memoryModel)}-plan.json`, 'application/json')
}
