/**
 * The main-side client of the tile worker, on the app's generic WorkerClient (one lane per kind of job:
 * a new plan supersedes the previous one; a crash settles it with `INTERNAL`).
 */
import type { Result } from '../core/errors.ts'
import type { MemoriaGraph } from '../core/graph/types.ts'
import type { TiledGraph } from '../core/tiling/tiled-graph.ts'
import type { ExportPart, TileApi, TileOutcome, TileRequest } from './tile-api.ts'
import { WorkerClient } from './worker-client.ts'

export class TileClient {
  private readonly client: WorkerClient<TileApi>

  constructor() {
    this.client = new WorkerClient<TileApi>(
      () => new Worker(new URL('./tile.worker.ts', import.meta.url), { type: 'module' }),
      'tile',
    )
  }

  plan(graph: MemoriaGraph, req: TileRequest): Promise<Result<TileOutcome>> {
    return this.client.run<TileOutcome>('plan', (call) => call.api.plan(call.jobId, graph, req))
  }

  /** The tiled ONNX file as a Blob: slices of `blob` (no weight is copied into memory) and the new messages. */
  async tiledOnnx(blob: Blob, graph: MemoriaGraph, tiled: TiledGraph, order: string[]): Promise<Result<Blob>> {
    const r = await this.client.run<ExportPart[]>('export', (call) => call.api.exportParts(call.jobId, blob, graph, tiled, order))
    if (!r.ok) return r
    const parts = r.value.map((p) => (p instanceof Uint8Array ? p : blob.slice(p.offset, p.offset + p.length)))
    return { ok: true, value: new Blob(parts as BlobPart[], { type: 'application/octet-stream' }) }
  }

  dispose(): void {
    this.client.dispose()
  }
}
