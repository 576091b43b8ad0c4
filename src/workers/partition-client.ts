/**
 * The main-side client of the partition worker. Two workers, each on the app's generic WorkerClient:
 *
 * - `run` (the baselines and GenEFlow): the worker drives GenEFlow in slices and reads its messages between
 *   them (partition.worker.ts), so a new run ends the old one cooperatively: the old job settles as CANCELLED
 *   at once, the worker is asked to cancel it, and the new run starts once the worker has answered (within a
 *   slice and a generation). Only a worker that does not answer within GRACE_MS (a long synchronous
 *   baseline) is terminated — the WorkerClient's fallback — and the new run starts on a fresh one.
 *   Of several runs asked for while one winds down, only the newest starts.
 * - `stopRun` (the Cancel button) asks GenEFlow to stop and keep its best plan so far: the job then ends
 *   normally with that plan as its final result. A worker that does not answer is terminated after GRACE_MS.
 * - `minimum` (the bound and the minimum-memory bisection) in a second worker, so the bound arrives at once
 *   even while GenEFlow runs; superseded by terminating it (its searches are short synchronous runs).
 */
import { type Result } from '../core/errors.ts'
import type { MinimumEvent, MinimumRequest, PartitionApi, PartitionEvent, PartitionRequest } from './partition-api.ts'
import { WorkerClient } from './worker-client.ts'

const LANE = 'partition'
/** how long a cancelled or stopped run may take to answer before its worker is terminated */
const GRACE_MS = 1500

export class PartitionClient {
  private readonly runs = new WorkerClient<PartitionApi>(
    () => new Worker(new URL('./partition.worker.ts', import.meta.url), { type: 'module', name: 'partition' }),
    'partition',
    GRACE_MS,
  )
  private readonly minimums = new WorkerClient<PartitionApi>(
    () => new Worker(new URL('./partition.worker.ts', import.meta.url), { type: 'module', name: 'partition-minimum' }),
    'minimum-memory',
    300,
  )

  /** Runs the algorithms; a run in progress is cancelled first (cooperatively; terminated as a fallback). */
  run(req: PartitionRequest, onEvent: (e: PartitionEvent) => void): Promise<Result<number>> {
    return this.runs.run<number, PartitionEvent>(
      LANE,
      (call) => call.api.run(call.jobId, req, call.onProgress),
      onEvent,
      { afterPrevious: true },
    )
  }

  minimum(req: MinimumRequest, onEvent: (e: MinimumEvent) => void): Promise<Result<number>> {
    if (this.minimums.busy(LANE)) this.minimums.dispose()
    return this.minimums.run<number, MinimumEvent>(LANE, (call) => call.api.minimum(call.jobId, req, call.onProgress), onEvent)
  }

  /**
   * Stops the run: GenEFlow ends at its next generation and its best plan so far arrives as the final plan.
   * If the worker has not answered within GRACE_MS, the job is cancelled (and its worker terminated).
   */
  stopRun(): void {
    this.runs.stop(LANE)
  }

  /**
   * Ends the run at once (the model it was for is no longer open): the job settles as CANCELLED, the worker is
   * asked to cancel it (terminated if it does not answer within GRACE_MS), and a run still waiting for the
   * worker does not start. Its late events are dropped by the WorkerClient.
   */
  cancelRun(): void {
    this.runs.cancel(LANE, 'the model changed')
  }

  cancelMinimum(): void {
    if (this.minimums.busy(LANE)) this.minimums.dispose()
  }

  minimumBusy(): boolean {
    return this.minimums.busy(LANE)
  }

  busy(): boolean {
    return this.runs.busy(LANE)
  }

  dispose(): void {
    this.runs.dispose()
    this.minimums.dispose()
  }
}
