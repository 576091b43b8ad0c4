/**
 * The tiling offer's actions: plan a tiling in the tile worker (never on the main thread) and write the
 * tiled ONNX from the model's bytes (held, or the sample fetched again). Plain module functions over one
 * worker client, as orders-actions.ts does for the schedule worker; the offer keeps its result in its own
 * component state (it is recomputed on demand, not persisted).
 */
import type { Result } from '../../core/errors.ts'
import type { MemoriaGraph } from '../../core/graph/types.ts'
import type { MemoryModel } from '../../core/memory/ops.ts'
import type { TiledGraph } from '../../core/tiling/tiled-graph.ts'
import type { TileOutcome } from '../../workers/tile-api.ts'
import { TileClient } from '../../workers/tile-client.ts'
import { modelBytes } from '../actions/model.ts'
import { sampleUrl } from '../samples.ts'
import { useStore } from '../store/index.ts'

let client: TileClient | null = null
const tileClient = (): TileClient => (client ??= new TileClient())

export function planTilingInWorker(graph: MemoriaGraph, memoryModel: MemoryModel, maxOverhead: number): Promise<Result<TileOutcome>> {
  return tileClient().plan(graph, { memoryModel, maxOverhead })
}

/** The model's bytes: the file held since it was opened, or the sample fetched again; null when neither. */
async function bytesOfModel(): Promise<Blob | null> {
  const held = modelBytes()
  if (held) return held
  const model = useStore.getState().model
  if (model?.source.kind !== 'sample') return null
  const res = await fetch(sampleUrl(model.source.name))
  return res.ok ? res.blob() : null
}

export async function tiledOnnx(graph: MemoriaGraph, tiled: TiledGraph, order: string[]): Promise<Result<Blob> | null> {
  const blob = await bytesOfModel()
  if (blob === null) return null
  return tileClient().tiledOnnx(blob, graph, tiled, order)
}
