/**
 * What the tile worker runs (tile.worker.ts exposes `createTileApi()`): core's `planTiling`, the same call
 * as `memoria tile`, so the app's tiled peak equals the command line's; and the tiled ONNX export from the
 * model's Blob. The planner runs synchronously (seconds at most on the reference CNNs); a cancel is read
 * between candidates through `isCancelled`.
 */
import type { Result } from '../core/errors.ts'
import { readOnnx } from '../core/onnx/read.ts'
import { planTiling } from '../core/tiling/plan.ts'
import { tiledOnnxParts } from '../core/tiling/tile-export.ts'
import { blobSource } from './blob-source.ts'
import type { ExportPart, TileApi, TileOutcome } from './tile-api.ts'
import { createJobs } from './worker-host.ts'

const now = (): number => performance.now()

export function createTileApi(): TileApi {
  const jobs = createJobs()
  return {
    cancel: (jobId) => jobs.cancel(jobId),
    plan(jobId, graph, req): Promise<Result<TileOutcome>> {
      return jobs.run(jobId, (isCancelled) => planTiling(graph, { memoryModel: req.memoryModel, maxOverhead: req.maxOverhead, now, isCancelled }))
    },
    exportParts(jobId, blob, graph, tiled, order): Promise<Result<ExportPart[]>> {
      return jobs.run(jobId, async () => {
        const source = blobSource(blob)
        const raw = await readOnnx(source)
        return tiledOnnxParts(source, raw, graph, tiled, order)
      })
    },
  }
}
