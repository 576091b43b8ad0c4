/**
 * What the schedule worker runs (schedule.worker.ts exposes `createScheduleApi()`; schedule-api.ts is the
 * contract): BTSearch and the baselines, off the main thread.
 *
 * BTSearch is driven in slices of a few thousand states, with a macrotask between slices so `stop` and
 * `cancel` messages are read within milliseconds; progress goes out at most every 200 ms, and carries the
 * best order whenever its peak improved, so the page keeps it even if this worker has to be terminated.
 * `stop` ends the search where it is and returns its best order (marked stopped); `cancel` discards it.
 * The baselines run through core's `schedule` (the same code path as the command line), so every figure
 * equals `schedule --json` for the same graph and settings.
 */
import { fail, type Result } from '../core/errors.ts'
import type { MemoriaGraph } from '../core/graph/types.ts'
import { BtSearch } from '../core/memory/btsearch.ts'
import { indexGraph, type IndexedGraph } from '../core/memory/indexed.ts'
import { btsearchOutcome, runInSlices, scheduleInSlices } from '../core/memory/schedule.ts'
import { readOnnx } from '../core/onnx/read.ts'
import { reorderedRanges } from '../core/onnx/reorder.ts'
import { pinnedPieces } from '../core/onnx/pin-export.ts'
import { blobSource } from './blob-source.ts'
import type { ByteRange, ScheduleApi, ScheduleEvent, ScheduleRunSummary } from './schedule-api.ts'
import type { ScheduleOutcome, ScheduleProgress, ScheduleRequest } from './schedule-protocol.ts'
import { checkCancelled, createJobs, emitter, throttleProgress, yieldToMessages, type Emit as EmitOf } from './worker-host.ts'

const SLICE_STATES = 4096
const PROGRESS_MS = 200

const now = (): number => performance.now()
/** a result event is awaited (the page has handled it when the promise settles), so none arrives after the job settled */
type Emit = EmitOf<ScheduleEvent>

async function runBtSearch(
  graph: MemoriaGraph, ig: IndexedGraph, req: ScheduleRequest, emit: Emit,
  isStopped: () => boolean, isCancelled: () => boolean,
): Promise<{ outcome: ScheduleOutcome; stopped: boolean }> {
  const search = new BtSearch(ig, req.memoryModel, {
    timeLimitMs: req.timeLimitMs,
    maxStates: req.maxStates ?? undefined,
    now,
  })
  const progress = throttleProgress<ScheduleProgress>((p) => void emit({ kind: 'progress', progress: p }), PROGRESS_MS)
  let sentPeak = Infinity
  const report = (done: boolean): void => {
    const p = search.progress()
    const improved = p.bestPeakBytes < sentPeak
    const r: ScheduleProgress = {
      algo: 'btsearch', states: p.states, bestPeakBytes: p.bestPeakBytes, lowerBoundBytes: p.lowerBoundBytes,
      elapsedMs: p.elapsedMs,
    }
    if (improved) {
      sentPeak = p.bestPeakBytes
      r.bestOrder = Array.from(search.result().order, (v) => ig.nodeNames[v])
    }
    progress(r, improved || done)
  }
  const stopped = await runInSlices(search, yieldToMessages, () => {
    checkCancelled(isCancelled, 'the search')
    return isStopped()
  }, SLICE_STATES, report)
  const r = search.result()
  // core builds the outcome (warnings, explanation) exactly as `schedule --json` does
  const result = btsearchOutcome(ig, req.memoryModel, r, r.elapsedMs, stopped)
  return {
    stopped: stopped && !r.optimal,
    outcome: { ...result, symbols: graph.symbols, staticBoundBytes: r.staticLowerBoundBytes },
  }
}

/** random's samples are drawn in batches with a macrotask between them, so a stop is read at once */
async function runBaseline(graph: MemoriaGraph, req: ScheduleRequest, isCancelled: () => boolean): Promise<ScheduleOutcome> {
  const r = await scheduleInSlices(graph, {
    algo: req.algo, memoryModel: req.memoryModel, seed: req.seed, samples: req.samples, now, isCancelled, pause: yieldToMessages,
  })
  return {
    ...r,
    // a baseline's bound is the static one: when the peak meets it, it equals the peak (bound ≤ optimum ≤ peak)
    staticBoundBytes: r.lowerBoundBytes,
  }
}

/** The worker's API, as an object (schedule.worker.ts exposes it; the unit tests call it in-thread). */
export function createScheduleApi(): ScheduleApi {
  const jobs = createJobs()
  return {
    cancel: (jobId) => jobs.cancel(jobId),
    stop: (jobId) => jobs.stop(jobId),
    run(jobId, graph, requests, onEvent): Promise<Result<ScheduleRunSummary>> {
      const emit: Emit = emitter(onEvent)
      return jobs.run(jobId, async (isCancelled, isStopped) => {
        const ig = indexGraph(graph)
        let completed = 0
        for (const req of requests) {
          checkCancelled(isCancelled, 'the schedule')
          if (isStopped()) return { completed, stopped: true }
          void emit({ kind: 'progress', progress: { algo: req.algo, states: 0, bestPeakBytes: null, lowerBoundBytes: null, elapsedMs: 0 } })
          if (req.algo === 'btsearch') {
            const r = await runBtSearch(graph, ig, req, emit, isStopped, isCancelled)
            await emit({ kind: 'result', outcome: r.outcome, stopped: r.stopped })
            completed++
            if (r.stopped) return { completed, stopped: true }
          } else {
            const outcome = await runBaseline(graph, req, () => isCancelled() || isStopped())
            await emit({ kind: 'result', outcome, stopped: false })
            completed++
            await yieldToMessages()
          }
        }
        return { completed, stopped: false }
      })
    },
    reorderedRanges(jobId, blob, order): Promise<Result<ByteRange[]>> {
      return jobs.run(jobId, async () => {
        const source = blobSource(blob)
        const raw = await readOnnx(source)
        if (raw.nodes.length !== order.length) {
          fail('ARG_INVALID', `the file has ${raw.nodes.length} nodes but the order has ${order.length}; open the model again`)
        }
        return reorderedRanges(source, raw, order)
      })
    },
    pinnedPieces(jobId, blob, order) {
      return jobs.run(jobId, async () => {
        const source = blobSource(blob)
        const raw = await readOnnx(source)
        if (raw.nodes.length !== order.length) {
          fail('ARG_INVALID', `the file has ${raw.nodes.length} nodes but the order has ${order.length}; open the model again`)
        }
        const { pieces, plan } = await pinnedPieces(source, raw, order)
        return { pieces, ties: plan.ties.length }
      })
    },
  }
}
