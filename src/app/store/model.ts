/**
 * The model slice: the model that is open (its graph is the source of every figure), and the load in
 * progress. Plain data only; the File/Blob being read lives in actions/model.ts, not here.
 */
import type { MemoriaGraph } from '../../core/graph/types.ts'

export type ModelSource =
  | { kind: 'sample'; name: string }
  | { kind: 'file'; name: string; size: number; lastModified: number }

export interface OpenModel {
  graph: MemoriaGraph
  source: ModelSource
  fileName: string
  fileBytes: number
  /** the key the parse worker keeps this model's RawModel under (rebinding without the file) */
  key: string
  /** shapes the user gave for tensors the model leaves unknown (applied with the bindings) */
  shapes: Record<string, number[]>
  /** false for a memoria-graph JSON: rebinding reads the file again */
  rebindable: boolean
  parseMs: number
}

export interface LoadState {
  fileName: string
  phase: 'fetching' | 'reading' | 'inferring' | 'rebinding'
  bytesRead: number
  totalBytes: number
}

export interface ModelState {
  model: OpenModel | null
  loading: LoadState | null
}

export const initialModelState: ModelState = { model: null, loading: null }
