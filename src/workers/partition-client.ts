/**
 * The main-side client of the partition worker. Two workers, each on the app's generic WorkerClient:
 *
 * - `run` (the baselines and GenEFlow): GenEFlow runs as one synchronous call, so the worker cannot read a
 *   cancel while it searches. A new run therefore does not queue behind the old one: the old worker is
 *   terminated at once (its job settles as CANCELLED) and the new run starts on a fresh worker — what makes
 *   dragging a memory limit re-plan live.
 * - `minimum` (the bound and the minimum-memory bisection) in a second worker, so the bound arrives at once
 *   even while GenEFlow runs; superseded the same way.
 */
import type { Result } from '../core/errors.ts'
import type { MinimumEvent, MinimumRequest, PartitionApi, PartitionEvent, PartitionRequest } from './partition-api.ts'
import { WorkerClient } from './worker-client.ts'

const LANE = 'partition'

export class PartitionClient {
  private readonly runs = new WorkerClient<PartitionApi>(
    () => new Worker(new URL('./partition.worker.ts', import.meta.url), { type: 'module', name: 'partition' }),
    'partition',
    300,
  )
  private readonly minimums = new WorkerClient<PartitionApi>(
    () => new Worker(new URL('./partition.worker.ts', import.meta.url), { type: 'module', name: 'partition-minimum' }),
    'minimum-memory',
    300,
  )

  /** Runs the algorithms; a run in progress is ended at once (its worker terminated). */
  run(req: PartitionRequest, onEvent: (e: PartitionEvent) => void): Promise<Result<number>> {
    if (this.runs.busy(LANE)) this.runs.dispose()
    return this.runs.run<number, PartitionEvent>(LANE, (call) => call.api.run(call.jobId, req, call.onProgress), onEvent)
  }

  minimum(req: MinimumRequest, onEvent: (e: MinimumEvent) => void): Promise<Result<number>> {
    if (this.minimums.busy(LANE)) this.minimums.dispose()
    return this.minimums.run<number, MinimumEvent>(LANE, (call) => call.api.minimum(call.jobId, req, call.onProgress), onEvent)
  }

  /** Ends the run (not the minimum search); its job settles as CANCELLED. */
  cancelRun(): void {
    if (this.runs.busy(LANE)) this.runs.dispose()
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
