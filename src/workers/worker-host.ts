/**
 * The worker-side half of worker-client.ts: runs jobs by id, turns every throw into a `Result`, and answers
 * `cancel(jobId)` by flipping the flag the job's `isCancelled` reads. A long computation must reach an
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
  /** Runs `f` as job `jobId`; a cancel makes `isCancelled()` true, and `f` should then throw CANCELLED. */
  run<T>(jobId: number, f: (isCancelled: () => boolean) => T | Promise<T>): Promise<Result<T>>
}

export function createJobs(): Jobs {
  const active = new Set<number>()
  const cancelled = new Set<number>()
  return {
    cancel(jobId) {
      if (active.has(jobId)) cancelled.add(jobId)
    },
    async run(jobId, f) {
      active.add(jobId)
      try {
        return await capture(() => f(() => cancelled.has(jobId)))
      } finally {
        active.delete(jobId)
        cancelled.delete(jobId)
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
  let last = -Infinity
  return (p, final = false) => {
    if (!onProgress) return
    const now = performance.now()
    if (!final && now - last < intervalMs) return
    last = now
    // The proxy's call returns a promise; a rejected one (main side gone) must not become an unhandled error.
    void Promise.resolve(onProgress(p)).catch(() => {})
  }
}
