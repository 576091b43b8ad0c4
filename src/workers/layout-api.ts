/**
 * The contract between the layout worker and its client: a `LayoutRequest` in (boxes and edges of the
 * visible graph), `LayoutPositions` out (centres in one transferred Float64Array), as a `Result`.
 *
 * A job first reports a draft (the fast layered layout, milliseconds) through `onDraft`, then answers with
 * the final layout: ELK's when the view is small enough for ELK (ELK_MAX_BOXES), else the draft itself.
 */
import type { Result } from '../core/errors.ts'
import type { LayoutPositions, LayoutRequest } from '../core/view/layout-graph.ts'
import type { CancellableApi } from './worker-client.ts'

export interface LayoutApi extends CancellableApi {
  layout(jobId: number, req: LayoutRequest, onDraft?: (draft: LayoutPositions) => void): Promise<Result<LayoutPositions>>
}
