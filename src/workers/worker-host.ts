/**
 * The worker-side half of worker-client.ts: runs jobs by id, turns every throw into a `Result`, and answers
 * `cancel(jobId)` by flipping the flag the job's `isCancelled` reads, and `stop(jobId)` ("stop, keep the
 * best") by flipping the flag its `isStopped` reads: a stopped job returns its best result so far, normally,
 * where a cancelled one throws CANCELLED. A long computation must reach an
 * `await` now and then (a slice of a file, a batch of search states) for the cancel message to be read;
 * otherwise the client terminates the worker after its grace period.
 *
 * Usage in a worker:
 *   const jobs = createJobs()
 *   const api = { cancel: jobs.cancel, schedule: (jobId, graph, onProgress) => jobs.run(jobId, (isCancelled) => …) }
 *   Comlink.expose(api)
 */
import { capture, fail, type Result } from '../core/errors.ts'

export interface Jobs {
  cancel(jobId: number): void
  /** asks job `jobId` to end early with its best result (its `isStopped()` turns true) */
  stop(jobId: number): void
  /**
   * Runs `f` as job `jobId`; a cancel makes `isCancelled()` true, and `f` should then throw CANCELLED; a stop
   * makes `isStopped()` true, and `f` should then return what it has.
   */
  run<T>(jobId: number, f: (isCancelled: () => boolean, isStopped: () => boolean) => T | Promise<T>): Promise<Result<T>>
}

export function createJobs(): Jobs {
  const active = new Set<number>()
  const cancelled = new Set<number>()
  const stopped = new Set<number>()
  return {
    cancel(jobId) {
      if (active.has(jobId)) cancelled.add(jobId)
    },
    stop(jobId) {
      if (active.has(jobId)) stopped.add(jobId)
    },
    async run(jobId, f) {
      active.add(jobId)
      try {
        return await capture(() => f(() => cancelled.has(jobId), () => stopped.has(jobId)))
      } finally {
        active.delete(jobId)
        cancelled.delete(jobId)
        stopped.delete(jobId)
      }
    },
  }
}

/** Throws CANCELLED when the job was cancelled: call it at the await points of a long job. */
export function checkCancelled(isCancelled: () => boolean, what: string): void {
  if (isCancelled()) fail('CANCELLED', `${what} was cancelled`)
}

/**
 * Forwards progress at most every `intervalMs` (the first and any `final` report always go through), so a
 * job reporting per slice does not flood the main thread with messages.
 */
export function throttleProgress<P>(
  onProgress: ((p: P) => void) | undefined,
  intervalMs = 50,
): (p: P, final?: boolean) => void {
  const send = emitter(onProgress)
  let last = -Infinity
  return (p, final = false) => {
    if (!onProgress) return
    const now = performance.now()
    if (!final && now - last < intervalMs) return
    last = now
    void send(p)
  }
}

/** A macrotask: lets the worker's message queue (stop, cancel) run between two slices of a long job. */
export const yieldToMessages = (): Promise<void> => new Promise((r) => setTimeout(r, 0))

/**
 * Sends an event through a job's progress proxy. The proxy has its own message port, so nothing orders its
 * messages before the job's reply: a caller awaits the events that must reach the page before the job settles
 * (results). A rejected proxy call (the page went away) must not become an unhandled error here.
 */
export type Emit<E> = (e: E) => Promise<void>
export function emitter<E>(onEvent: ((e: E) => void) | undefined): Emit<E> {
  return (e) => (onEvent ? Promise.resolve(onEvent(e)).catch(() => {}) : Promise.resolve())
}
