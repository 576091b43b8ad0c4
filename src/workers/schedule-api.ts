/**
 * The schedule worker's API (schedule.worker.ts implements it, schedule-client.ts calls it).
 */
import type { Result } from '../core/errors.ts'
import type { MemoriaGraph } from '../core/graph/types.ts'
import type { ByteRange } from '../core/onnx/reorder.ts'
import type { Piece } from '../core/onnx/pin-export.ts'
import type { ScheduleOutcome, ScheduleProgress, ScheduleRequest } from './schedule-protocol.ts'
import type { CancellableApi } from './worker-client.ts'

/** What the worker reports while a run goes on, through the job's progress callback. */
export type ScheduleEvent =
  | { kind: 'progress'; progress: ScheduleProgress }
  /** one request finished; `stopped`: the user stopped it and `order` is the best found until then */
  | { kind: 'result'; outcome: ScheduleOutcome; stopped: boolean }

export type { ByteRange }

export interface ScheduleRunSummary {
  /** how many requests produced an order */
  completed: number
  /** the user stopped the run; requests after the stopped one were skipped */
  stopped: boolean
}

export interface ScheduleApi extends CancellableApi {
  run(
    jobId: number,
    graph: MemoriaGraph,
    requests: ScheduleRequest[],
    onEvent?: (e: ScheduleEvent) => void,
  ): Promise<Result<ScheduleRunSummary>>
  /** stop the run where it is and return the best order found (unlike `cancel`, which discards it) */
  stop(jobId: number): void
  /**
   * The byte ranges of `blob` (an ONNX file) whose concatenation is the model with its nodes in `order`
   * (node indices in file order): the reader's writeReorderedOnnx plan; weights are never read.
   */
  reorderedRanges(jobId: number, blob: Blob, order: number[]): Promise<Result<ByteRange[]>>
  /** the ORT-pinned model (core/onnx/pin-export.ts, as the CLI writes it): slices of `blob` and new bytes, and its tie count */
  pinnedPieces(jobId: number, blob: Blob, order: number[]): Promise<Result<{ pieces: Piece[]; ties: number }>>
}
