/**
 * The data types of the orders panel: settings, the orders computed (one entry per algorithm run), the
 * progress of a running search. The memory model is the app's (settings slice), shared with every view. Plain data only: it is persisted to IndexedDB and mirrors what crosses the schedule
 * worker's boundary (src/workers/schedule-protocol.ts).
 */
import type {
  ScheduleAlgo,
  ScheduleOutcome,
  ScheduleProgress,
} from '../../workers/schedule-protocol.ts'
import { SCHEDULE_ALGOS, SCHEDULE_BASELINES, SCHEDULE_LABELS } from '../../core/algorithms.ts'

/** What the Run control offers: one algorithm, every baseline, or everything. */
export type AlgoChoice = ScheduleAlgo | 'baselines' | 'all'

/** core's catalogue (core/algorithms.ts): the baselines, every scheduler (BTSearch first, as the menu lists them), labels */
export const BASELINES: readonly ScheduleAlgo[] = SCHEDULE_BASELINES
export const ALL_ALGOS: readonly ScheduleAlgo[] = SCHEDULE_ALGOS
export const ALGO_LABELS: Readonly<Record<ScheduleAlgo, string>> = SCHEDULE_LABELS

export function algosOf(choice: AlgoChoice): ScheduleAlgo[] {
  if (choice === 'all') return [...ALL_ALGOS]
  if (choice === 'baselines') return [...BASELINES]
  return [choice]
}

export interface OrdersSettings {
  algo: AlgoChoice
  /** BTSearch's time budget */
  timeLimitS: number
  /** BTSearch's state budget; null = no budget but the time */
  maxStates: number | null
  seed: number
  /** random's sample count (its mean is the reference of every reduction) */
  samples: number
  /** an optional device limit drawn on the chart */
  deviceLimitBytes: number | null
  /** the algorithms of the last run: rerun when the memory model or the symbol bindings change */
  lastAlgos: ScheduleAlgo[]
}

export const DEFAULT_SETTINGS: OrdersSettings = {
  algo: 'all',
  timeLimitS: 10,
  maxStates: null,
  seed: 1,
  samples: 100,
  deviceLimitBytes: null,
  lastAlgos: [],
}

/** Which graph an order belongs to: the model's name and its symbol bindings (they change every size). */
export function modelKeyOf(name: string, symbols: Record<string, number>): string {
  const syms = Object.keys(symbols)
    .sort()
    .map((k) => `${k}=${symbols[k]}`)
    .join(',')
  return syms ? `${name}?${syms}` : name
}

export interface OrderEntry extends ScheduleOutcome {
  /** unique within the panel, e.g. `btsearch-inplace-3` */
  id: string
  modelKey: string
  /** the search was stopped by the user: `order` is the best found until then */
  stopped: boolean
  /** ms since epoch when it finished */
  finishedAt: number
}

export type RunStatus = 'idle' | 'running'

export interface RunState {
  status: RunStatus
  /** what this run computes, and which of them is running */
  algos: ScheduleAlgo[]
  current: ScheduleAlgo | null
  progress: ScheduleProgress | null
  startedAt: number
}

export const IDLE_RUN: RunState = { status: 'idle', algos: [], current: null, progress: null, startedAt: 0 }
