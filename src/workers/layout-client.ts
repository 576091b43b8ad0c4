/**
 * The main-side client of the layout worker, one per graph view: newest request wins, layouts cached per
 * expansion state, stale replies dropped by job id (worker-client.ts).
 *
 * A request reports the fast draft layout through `onDraft`, then settles with the final one (ELK's when the
 * view is small enough). Superseding a job that may be inside ELK — a synchronous computation of up to
 * seconds that cannot read a cancel — terminates the worker; the next job starts a fresh one, whose draft
 * does not wait for ELK to load. Superseding a draft-only job lets it finish (its reply is dropped).
 */
import type { Result } from '../core/errors.ts'
import { elkWorthIt, type LayoutPositions, type LayoutRequest } from '../core/view/layout-graph.ts'
import type { LayoutApi } from './layout-api.ts'
import { WorkerClient } from './worker-client.ts'

export type { LayoutPositions, LayoutRequest } from '../core/view/layout-graph.ts'

const LANE = 'layout'
/** above this many boxes (and up to ELK_MAX_BOXES) a superseded layout is killed rather than awaited */
const KILL_ABOVE_BOXES = 60
const CACHE_ENTRIES = 48
/**
 * ELK's time budget once the draft is on screen: past it the worker is terminated (ELK cannot read a
 * cancel) and the draft becomes the final layout (issue 11: the draft is kept until ELK lands, and ELK
 * never keeps a view "refining" for tens of seconds).
 */
export const ELK_BUDGET_MS = 4_000

const spawn = (): Worker => new Worker(new URL('./layout.worker.ts', import.meta.url), { type: 'module', name: 'layout' })

/**
 * A worker started ahead of need, so the first view does not wait for the worker's script to load. Its
 * `error` event (e.g. the script failed to load) may fire before any client listens: it is remembered, and a
 * failed spare is replaced by a fresh worker whose failure the client will see.
 */
let spare: { worker: Worker; failed: boolean } | null = null

/** Starts a layout worker now; the next client takes it. */
export function prewarmLayoutWorker(): void {
  if (spare !== null) return
  const s = { worker: spawn(), failed: false }
  s.worker.addEventListener('error', () => (s.failed = true), { once: true })
  spare = s
}

function takeWorker(): Worker {
  const s = spare
  spare = null
  if (s !== null && !s.failed) return s.worker
  s?.worker.terminate()
  return spawn()
}

export class LayoutClient {
  private readonly client = new WorkerClient<LayoutApi>(takeWorker, 'layout')
  /** insertion order = recency (re-inserted on hit) */
  private readonly cache = new Map<string, LayoutPositions>()
  /** the running job may be inside ELK */
  private runningElk = false

  /** Cached positions for this key, if any: lets the view draw without a round trip. */
  cached(key: string): LayoutPositions | undefined {
    const hit = this.cache.get(key)
    if (hit !== undefined) {
      this.cache.delete(key)
      this.cache.set(key, hit)
    }
    return hit
  }

  /**
   * Lays out `req`; `cacheKey` must identify the graph and the expansion state (the request's `key` alone
   * is per graph). Settles CANCELLED when a newer request supersedes it. Never rejects.
   */
  async layout(
    cacheKey: string,
    req: LayoutRequest,
    onDraft?: (draft: LayoutPositions) => void,
  ): Promise<Result<LayoutPositions>> {
    // a small or draft-only stale layout may finish (the view ignores it by its own request id)
    if (this.client.busy(LANE) && this.runningElk) this.client.dispose()
    const hit = this.cached(cacheKey)
    if (hit !== undefined) return { ok: true, value: hit }
    this.runningElk = req.boxes.length > KILL_ABOVE_BOXES && elkWorthIt(req)
    let draft: LayoutPositions | null = null
    let timer: ReturnType<typeof setTimeout> | undefined
    const overBudget = new Promise<Result<LayoutPositions> | null>((resolve) => {
      this.onBudget = () => resolve(null)
    })
    const run = this.client.run<LayoutPositions, LayoutPositions>(
      LANE,
      ({ api, jobId, onProgress }) => api.layout(jobId, req, onProgress),
      (d) => {
        draft = d
        // ELK starts now: give it its budget, then keep the draft
        if (this.runningElk) timer = setTimeout(() => this.onBudget(), ELK_BUDGET_MS)
        onDraft?.(d)
      },
    )
    let r = await Promise.race([run, overBudget])
    clearTimeout(timer)
    if (r === null) {
      // over budget: stop ELK (the next job gets a fresh worker) and keep the draft as the final layout
      this.client.dispose()
      this.runningElk = false
      const kept = draft as LayoutPositions | null
      r = kept === null ? { ok: false, error: { code: 'CANCELLED', message: 'layout over its time budget' } } : { ok: true, value: kept }
    }
    if (r.ok && !this.cache.has(cacheKey)) {
      this.cache.set(cacheKey, r.value)
      if (this.cache.size > CACHE_ENTRIES) this.cache.delete(this.cache.keys().next().value as string)
    }
    return r
  }

  private onBudget: () => void = () => {}

  cancel(): void {
    this.client.cancel(LANE, 'layout cancelled')
  }

  dispose(): void {
    this.client.dispose()
    this.cache.clear()
  }
}
