/**
 * The contract between the parse worker and its client: plain data only (a File/Blob crosses by reference,
 * the graph by structured clone).
 */
import type { Result } from '../core/errors.ts'
import type { MemoriaGraph } from '../core/graph/types.ts'
import type { CancellableApi } from './worker-client.ts'

export interface ParseOptions {
  /**
   * symbol bindings (`seq` → 128); an unbound symbol is 1. Bindings for symbols the model does not have are
   * dropped (they are page-wide settings), and a memoria-graph JSON opens as written.
   */
  dims: Record<string, number>
  /** shapes for tensors the model leaves unknown */
  shapes?: Record<string, number[]>
  /**
   * The files opened with the model (name → size in bytes): where its external weights are looked for (by
   * the location's file name). Absent: a sample or a restored model, with no folder to look in.
   */
  dataFiles?: Record<string, number>
}

export interface ParseProgress {
  /** `reading`: bytes of the file; `inferring`: shape inference after the last byte */
  phase: 'reading' | 'inferring'
  bytesRead: number
  totalBytes: number
}

export interface ParsedModel {
  graph: MemoriaGraph
  /** the key the worker keeps the RawModel under (see `rebind`) */
  key: string
  fileName: string
  fileBytes: number
  parseMs: number
  /** true when the worker can rebind symbols without the file (an ONNX model, not a memoria-graph JSON) */
  rebindable: boolean
}

export interface ParseApi extends CancellableApi {
  /** Reads `blob` in slices and builds the graph; keeps the RawModel under `key` for later rebinding. */
  open(
    jobId: number,
    blob: Blob,
    fileName: string,
    key: string,
    opts: ParseOptions,
    onProgress?: (p: ParseProgress) => void,
  ): Promise<Result<ParsedModel>>
  /**
   * Re-runs shape inference on the RawModel kept under `key` with new bindings, without the file. `null`
   * when the worker no longer has that model (restarted, another model opened since, a JSON graph): the
   * caller reads the file again.
   */
  rebind(jobId: number, key: string, opts: ParseOptions): Promise<Result<ParsedModel | null>>
}
