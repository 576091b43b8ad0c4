/**
 * The settings slice: what the user chose that applies across models. Persisted (persist.ts).
 */

import { DEFAULT_MEMORY_MODEL, type MemoryModel } from '../../core/algorithms.ts'

/** core's MemoryModel (core/algorithms.ts is the catalogue); the name the store has always used */
export type MemoryModelName = MemoryModel

export interface SettingsState {
  /** symbol → value (`seq` → 128), applied to every model that has that symbol; unbound symbols are 1 */
  bindings: Record<string, number>
  /** the memory model of docs/spec.md section 2; `inplace` is the default of the app and the CLI */
  memoryModel: MemoryModelName
}

export const initialSettingsState: SettingsState = { bindings: {}, memoryModel: DEFAULT_MEMORY_MODEL }
