/**
 * The main-side client of the layout worker, one per graph view: newest request wins, layouts cached per
 * expansion state, stale replies dropped by job id (worker-client.ts).
 *
 * Superseding a small layout lets it finish in the worker (its reply is ignored; restarting ELK costs more
 * than waiting). Superseding a big one — where ELK takes seconds and cannot be interrupted — terminates the
 * worker and starts a fresh one for the new request.
 */
import type { Result } from '../core/errors.ts'
import type { LayoutPositions, LayoutRequest } from '../core/view/layout-graph.ts'
import type { LayoutApi } from './layout-api.ts'
import { WorkerClient } from './worker-client.ts'

export type { LayoutPositions, LayoutRequest } from '../core/view/layout-graph.ts'

const LANE = 'layout'
/** above this many boxes a superseded layout is killed rather than awaited (ELK ≈ 0.3 s at 300 here) */
const KILL_ABOVE_BOXES = 300
const CACHE_ENTRIES = 48

export class LayoutClient {
  private readonly client = new WorkerClient<LayoutApi>(
    () => new Worker(new URL('./layout.worker.ts', import.meta.url), { type: 'module', name: 'layout' }),
    'layout',
  )
  /** insertion order = recency (re-inserted on hit) */
  private readonly cache = new Map<string, LayoutPositions>()
  private runningBoxes = 0

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
  async layout(cacheKey: string, req: LayoutRequest): Promise<Result<LayoutPositions>> {
    // a small stale layout may finish (it lands in the cache; the view ignores it by its own request id)
    if (this.client.busy(LANE) && this.runningBoxes > KILL_ABOVE_BOXES) this.client.dispose()
    const hit = this.cached(cacheKey)
    if (hit !== undefined) return { ok: true, value: hit }
    this.runningBoxes = req.boxes.length
    const r = await this.client.run<LayoutPositions>(LANE, ({ api, jobId }) => api.layout(jobId, req))
    if (r.ok && !this.cache.has(cacheKey)) {
      this.cache.set(cacheKey, r.value)
      if (this.cache.size > CACHE_ENTRIES) this.cache.delete(this.cache.keys().next().value as string)
    }
    return r
  }

  cancel(): void {
    this.client.cancel(LANE, 'layout cancelled')
  }

  dispose(): void {
    this.client.dispose()
    this.cache.clear()
  }
}
