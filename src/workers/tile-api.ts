/**
 * The tile worker's API (tile.worker.ts implements it through tile-runner.ts, tile-client.ts calls it):
 * the tiling planner of core/tiling and the tiled ONNX export, off the main thread.
 */
import type { Result } from '../core/errors.ts'
import type { MemoriaGraph } from '../core/graph/types.ts'
import type { MemoryModel } from '../core/memory/ops.ts'
import type { TilePlan } from '../core/tiling/plan.ts'
import type { ExportPart } from '../core/tiling/tile-export.ts'
import type { TiledGraph } from '../core/tiling/tiled-graph.ts'
import type { CancellableApi } from './worker-client.ts'

export interface TileRequest {
  memoryModel: MemoryModel
  /** extra FLOPs allowed, a fraction of the model's (0.15 = 15 %) */
  maxOverhead: number
}

/** The plan, and the tiled graph (null when tiling does not lower the peak) for its curve and the export. */
export interface TileOutcome {
  plan: TilePlan
  tiled: TiledGraph | null
}

export type { ExportPart }

export interface TileApi extends CancellableApi {
  plan(jobId: number, graph: MemoriaGraph, req: TileRequest): Promise<Result<TileOutcome>>
  /** the parts (slices of `blob`, new bytes) whose concatenation is the tiled model; weights are never read */
  exportParts(jobId: number, blob: Blob, graph: MemoriaGraph, tiled: TiledGraph, order: string[]): Promise<Result<ExportPart[]>>
}
