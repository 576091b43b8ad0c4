/**
 * The contract between the layout worker and its client: a `LayoutRequest` in (boxes and edges of the
 * visible graph), `LayoutPositions` out (centres in one transferred Float64Array), as a `Result`.
 */
import type { Result } from '../core/errors.ts'
import type { LayoutPositions, LayoutRequest } from '../core/view/layout-graph.ts'
import type { CancellableApi } from './worker-client.ts'

export interface LayoutApi extends CancellableApi {
  layout(jobId: number, req: LayoutRequest): Promise<Result<LayoutPositions>>
}
