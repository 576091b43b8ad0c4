/**
 * What crosses the schedule worker's boundary: the request, the progress reports, the outcome. Plain data
 * only (SPEC.md section 3 names the outcome's fields; the app persists outcomes as they are).
 */

export type ScheduleAlgo = 'btsearch' | 'file' | 'bfs' | 'dfs' | 'greedy' | 'random'

export interface ScheduleRequest {
  algo: ScheduleAlgo
  memoryModel: 'simple' | 'inplace'
  timeLimitMs: number
  /** BTSearch's state budget; null = none */
  maxStates: number | null
  seed: number
  samples: number
}

/** random's distribution over its samples (SPEC.md section 3) */
export interface RandomStats {
  min: number
  mean: number
  median: number
  max: number
}

/** SPEC.md section 3's `schedule --json` output, plus the node that forces the lower bound. */
export interface ScheduleOutcome {
  algo: ScheduleAlgo
  memoryModel: 'simple' | 'inplace'
  symbols: Record<string, number>
  peakBytes: number
  weightBytes: number
  order: string[]
  optimal: boolean
  lowerBoundBytes: number
  /** null for algorithms that do not search */
  states: number | null
  elapsedMs: number
  warnings: string[]
  stats?: RandomStats
  /** random: how many orders were drawn */
  samples?: number
  /**
   * The static lower bound (no search needed) and the node whose step forces it (null: the graph inputs at
   * step 0). `lowerBoundBytes` may be higher for BTSearch, whose exhausted segments raise it.
   */
  staticBoundBytes?: number
  boundNode: string | null
}

/** A few times a second while an algorithm runs. */
export interface ScheduleProgress {
  algo: ScheduleAlgo
  states: number
  /** the best peak found so far; null before the first complete order */
  bestPeakBytes: number | null
  lowerBoundBytes: number | null
  elapsedMs: number
  /** the best order so far, sent only when it changed since the last report (so a cancel never loses it) */
  bestOrder?: string[]
}
