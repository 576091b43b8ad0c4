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
 *
 * The only state here is `planJobs` (the worker client, the pending re-plan, the run in progress); the watch
 * of the open model is installed by `watchOpenModel` at start-up (actions/session.ts), not on import.
 */
import { PARTITION_RUN_ORDER } from '../../core/algorithms.ts'
import type { ErrorInfo } from '../../core/errors.ts'
import { toErrorInfo } from '../../core/errors.ts'
import { validateCluster, type Cluster } from '../../core/partition/cluster.ts'
import type { MemoriaGraph } from '../../core/graph/types.ts'
import type { MemoryModel } from '../../core/memory/ops.ts'
import { PartitionClient } from '../../workers/partition-client.ts'
import type { Algo, PartitionEvent } from '../../workers/partition-api.ts'
import { userMessage } from '../error-text.ts'
import { downloadText, fileStem } from '../download.ts'
import { useStore } from '../store/index.ts'
import { clusterJson, parseCluster } from './cluster-edit.ts'
import { MinimumFigures } from './plan-minimum.ts'
import { modelKeyOf, resultsKey } from './plan-keys.ts'
import type { PlanRun, PlanSettings } from './plan-slice.ts'

export { minimumKey, modelKeyOf, resultsKey } from './plan-keys.ts'
export { MIN_GENERATIONS } from './plan-minimum.ts'

/** every partitioner in run order (core's catalogue): the baselines, then GenEFlow */
export const ALL_ALGOS: readonly Algo[] = PARTITION_RUN_ORDER
export const DEBOUNCE_MS = 200

function showError(error: ErrorInfo, context: string): void {
  const message = userMessage(error, context)
  if (message) useStore.setState({ error: message })
}

/** The partition jobs of the page: one worker client, one pending re-plan, one run in progress. */
class PlanJobs {
  readonly client = new PartitionClient()
  readonly minimum = new MinimumFigures(this.client, ALL_ALGOS, showError)
  private replan: ReturnType<typeof setTimeout> | undefined
  /** the run whose reply may still change the store (a newer run or a model change replaces it) */
  current: object | null = null

  scheduleReplan(): void {
    this.dropReplan()
    this.replan = setTimeout(() => {
      this.replan = undefined
      void runPartition()
    }, DEBOUNCE_MS)
  }

  dropReplan(): void {
    if (this.replan !== undefined) clearTimeout(this.replan)
    this.replan = undefined
  }
}

const planJobs = new PlanJobs()

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
  planJobs.scheduleReplan()
}

export function selectPlan(algo: Algo): void {
  useStore.setState((s) => (s.planResults ? { planResults: { ...s.planResults, selected: algo }, planPlayback: { step: -1, playing: false } } : {}))
}

/** Runs every algorithm on the open model and the current cluster. */
export async function runPartition(): Promise<void> {
  planJobs.dropReplan()
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
  const me = {}
  planJobs.current = me
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
  planJobs.minimum.start(graph, cluster, memoryModel, planSettings.seed, false)
  // a superseded run's events never arrive: the WorkerClient silences a settled job's progress
  const r = await planJobs.client.run(
    { graph, cluster, memoryModel, seed: planSettings.seed, generations: planSettings.generations, algos: [...ALL_ALGOS] },
    (e: PartitionEvent) => {
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
  if (planJobs.current !== me) return
  planJobs.current = null
  patchRun({ running: false, error: r.ok ? null : r.error })
  if (!r.ok) showError(r.error, 'The partition did not finish.')
  planJobs.minimum.start(graph, cluster, memoryModel, planSettings.seed, true)
}

/** Core's bound for the open model and the current cluster, if not known yet (the panel asks when shown). */
export function ensureBound(graph: MemoriaGraph | null, cluster: Cluster, memoryModel: MemoryModel): void {
  planJobs.minimum.ensure(graph, cluster, memoryModel)
}

/**
 * The open model changed (another file or sample, a rebind): the plans, the run and GenEFlow's convergence
 * belong to the model they were made for. The running job is cancelled (its late replies are dropped), a
 * pending re-plan is dropped, and the run's state is cleared; the results stay in the store under their
 * `modelKey` (shown only for that model, e.g. when it is opened again or after a reload).
 */
export function modelChanged(modelKey: string | null): void {
  planJobs.dropReplan()
  const s = useStore.getState()
  if (s.planRun.modelKey === modelKey) return
  planJobs.current = null
  planJobs.client.cancelRun()
  planJobs.minimum.modelChanged(modelKey)
  useStore.setState({
    planRun: { modelKey: modelKey ?? '', running: false, convergence: [], startedAt: 0, error: null },
    planPlayback: { step: -1, playing: false },
  })
}

/** Calls `modelChanged` whenever the open model's key changes (and once now); returns the unsubscribe. */
export function watchOpenModel(): () => void {
  let last: string | null | undefined
  const check = (graph: MemoriaGraph | null): void => {
    const key = graph ? modelKeyOf(graph) : null
    if (key === last) return
    last = key
    modelChanged(key)
  }
  check(useStore.getState().model?.graph ?? null)
  return useStore.subscribe((s) => check(s.model?.graph ?? null))
}

/**
 * Stops the run: the plans that arrived stay, and GenEFlow's best plan so far arrives as its final plan (with
 * a warning that it was cancelled); the run then ends as usual.
 */
export function cancelPartition(): void {
  planJobs.dropReplan()
  planJobs.client.stopRun()
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

/** Downloads the shown plan as docs/spec.md section 4 JSON (the figures core's evaluate gave). */
export function exportPlan(): void {
  const r = useStore.getState().planResults
  const res = r?.results[r.selected]
  if (!r || !res) return
  const plan = res.detail.plan
  downloadText(`${JSON.stringify(plan, null, 2)}\n`, `${fileStem(plan.model, plan.algo, plan.memoryModel)}-plan.json`, 'application/json')
}
