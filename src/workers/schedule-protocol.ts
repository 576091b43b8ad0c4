/**
 * What crosses the schedule worker's boundary: the request, the progress reports, the outcome. Plain data
 * only (docs/spec.md section 3 names the outcome's fields; the app persists outcomes as they are).
 */

import type { MemoryModel } from '../core/memory/ops.ts'
import type { BoundAt, RandomStats, ScheduleAlgo, ScheduleResult } from '../core/memory/schedule.ts'

export type { RandomStats, ScheduleAlgo }

export interface ScheduleRequest {
  algo: ScheduleAlgo
  memoryModel: MemoryModel
  timeLimitMs: number
  /** BTSearch's state budget; null = none */
  maxStates: number | null
  seed: number
  samples: number
}

/**
 * Core's `schedule --json` result (docs/spec.md section 3, built by core for the command line and the worker
 * alike), plus what the page needs. `explanation` is optional: outcomes saved by an earlier version, and the
 * entry rebuilt when an unresponsive worker had to be terminated, lack it.
 */
export interface ScheduleOutcome extends Omit<ScheduleResult, 'explanation' | 'boundAt'> {
  explanation?: string
  /** absent in outcomes saved before it was recorded: `inputs` when boundNode is null, else `node` */
  boundAt?: BoundAt
  /**
   * The static lower bound (no search needed); `boundNode` forces it. `lowerBoundBytes` may be higher for
   * BTSearch, whose cut bounds and exhausted segments raise it.
   */
  staticBoundBytes?: number
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
