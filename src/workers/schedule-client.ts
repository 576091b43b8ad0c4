/**
 * The main-side client of the schedule worker, on the app's generic WorkerClient (one lane: a new run
 * supersedes the previous one; a crash settles the run with `INTERNAL`).
 *
 * Two ways to end a run early:
 * - `stop()` asks the worker to stop where it is and *return* its best order (the job settles normally,
 *   the outcome marked `stopped`). The worker reads that message between search slices.
 * - If the worker does not answer within `stopGraceMs` (stuck in a long synchronous slice), the run is
 *   cancelled through the client (the worker is terminated). The best order is not lost even then: every
 *   progress report that improves the best peak carries the order, and the caller keeps the last one.
 */
import type { Result } from '../core/errors.ts'
import type { MemoriaGraph } from '../core/graph/types.ts'
import type { ByteRange, ScheduleApi, ScheduleEvent, ScheduleRunSummary } from './schedule-api.ts'
import type { Piece } from '../core/onnx/pin-export.ts'
import type { ScheduleRequest } from './schedule-protocol.ts'
import { WorkerClient } from './worker-client.ts'

const LANE = 'schedule'

export class ScheduleClient {
  private readonly client: WorkerClient<ScheduleApi>

  constructor(stopGraceMs = 1500) {
    this.client = new WorkerClient<ScheduleApi>(
      () => new Worker(new URL('./schedule.worker.ts', import.meta.url), { type: 'module' }),
      'schedule',
      300,
      stopGraceMs,
    )
  }

  /** Runs the requests one after another in the worker; events report progress and each finished order. */
  run(graph: MemoriaGraph, requests: ScheduleRequest[], onEvent: (e: ScheduleEvent) => void): Promise<Result<ScheduleRunSummary>> {
    return this.client.run<ScheduleRunSummary, ScheduleEvent>(
      LANE,
      (call) => call.api.run(call.jobId, graph, requests, call.onProgress),
      onEvent,
    )
  }

  /**
   * Asks the running search to stop and return its best order; falls back to cancelling (terminating the
   * worker) when it does not answer in time (the WorkerClient's `stop`). Returns false when nothing was running.
   */
  stop(): boolean {
    return this.client.stop(LANE, 'the search was stopped')
  }

  /**
   * The reordered ONNX file as a Blob composed of slices of `blob` (no weight is copied into memory);
   * `order` holds node indices in file order.
   */
  async reorderedOnnx(blob: Blob, order: number[]): Promise<Result<Blob>> {
    const r = await this.client.run<ByteRange[]>('export', (call) => call.api.reorderedRanges(call.jobId, blob, order))
    if (!r.ok) return r
    const parts = r.value.map((x) => blob.slice(x.offset, x.offset + x.length))
    return { ok: true, value: new Blob(parts, { type: 'application/octet-stream' }) }
  }

  /** The ORT-pinned model (pin-export.ts): the worker plans it, the page joins `blob` slices and the new bytes. */
  async pinnedOnnx(blob: Blob, order: number[]): Promise<Result<{ blob: Blob; ties: number }>> {
    const r = await this.client.run<{ pieces: Piece[]; ties: number }>('export', (call) => call.api.pinnedPieces(call.jobId, blob, order))
    if (!r.ok) return r
    const parts = r.value.pieces.map((x) => x instanceof Uint8Array ? x as Uint8Array<ArrayBuffer> : blob.slice(x.offset, x.offset + x.length))
    return { ok: true, value: { blob: new Blob(parts, { type: 'application/octet-stream' }), ties: r.value.ties } }
  }

  busy(): boolean {
    return this.client.busy(LANE)
  }

  dispose(): void {
    this.client.dispose()
  }
}
