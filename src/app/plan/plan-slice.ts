/**
 * The devices-and-plan slice of the app's store (src/app/store/index.ts): plain data only.
 *
 * - `cluster`, `planSettings`, `planResults` and `planMinimum` survive a reload (listed in PERSISTED): the
 *   cluster and the last plans, with their timelines, are shown again without running anything;
 * - `planRun` (the run in progress, GenEFlow's convergence) and `planPlayback` do not.
 * Results remember what they were computed for (`key`: the model, the memory model, the cluster); the panel
 * shows them as stale when that changed. The minimum-memory figures do not depend on the memory limits,
 * so dragging a limit keeps them (`planMinimum.key` leaves the limits out).
 */
import type { ErrorInfo } from '../../core/errors.ts'
import type { Cluster } from '../../core/partition/cluster.ts'
import type { Algo, GeneflowProgress, PlanDetail } from '../../workers/partition-api.ts'
import { DEFAULT_CLUSTER } from './cluster-edit.ts'

export interface PlanSettings {
  seed: number
  generations: number
  /** re-plan when the cluster changes (debounced) once a plan exists for the open model */
  live: boolean
}

export interface AlgoResult {
  algo: Algo
  /** the results key (model, memory model, cluster) this plan was computed for */
  key: string
  detail: PlanDetail
  elapsedMs: number
  /** GenEFlow's best plan so far while it runs, replaced as generations improve it and by the final plan */
  interim: boolean
  fromSeed: string | null
}

export interface PlanResults {
  /** model + memory model + cluster the results belong to */
  key: string
  modelKey: string
  cluster: Cluster
  results: Partial<Record<Algo, AlgoResult>>
  /** the plan shown in the plan view */
  selected: Algo
}

export interface PlanMinimum {
  /** model + memory model + cluster without its limits */
  key: string
  lowerBoundBytes: number | null
  byAlgo: Partial<Record<Algo, number | null>>
  /** the same with the old rule (every device following the global order's liveness), for one release */
  oldByAlgo?: Partial<Record<Algo, number | null>>
  /** the bisection is running (it starts after a run) */
  bisecting: boolean
  done: boolean
}

export interface PlanRun {
  /** the model (modelKeyOf) the run and its convergence belong to; '' none */
  modelKey: string
  running: boolean
  /** GenEFlow's generations of the current (or last) run */
  convergence: GeneflowProgress[]
  startedAt: number
  error: ErrorInfo | null
}

export interface PlanPlayback {
  /** index in the shown plan's order, -1: none */
  step: number
  playing: boolean
}

export interface PlanState {
  cluster: Cluster
  planSettings: PlanSettings
  planResults: PlanResults | null
  planMinimum: PlanMinimum | null
  planRun: PlanRun
  planPlayback: PlanPlayback
}

export const initialPlanState: PlanState = {
  cluster: DEFAULT_CLUSTER,
  planSettings: { seed: 1, generations: 300, live: true },
  planResults: null,
  planMinimum: null,
  planRun: { modelKey: '', running: false, convergence: [], startedAt: 0, error: null },
  planPlayback: { step: -1, playing: false },
}

export const PLAN_PERSISTED = ['cluster', 'planSettings', 'planResults', 'planMinimum'] as const

export const selectCluster = (s: PlanState) => s.cluster
export const selectPlanSettings = (s: PlanState) => s.planSettings
export const selectPlanResults = (s: PlanState) => s.planResults
export const selectPlanMinimum = (s: PlanState) => s.planMinimum
export const selectPlanRun = (s: PlanState) => s.planRun
export const selectPlanPlayback = (s: PlanState) => s.planPlayback
export const selectConvergence = (s: PlanState) => s.planRun.convergence
export const selectShownResult = (s: PlanState) => s.planResults?.results[s.planResults.selected] ?? null
