/**
 * Selectors, defined once at module level so components subscribe to stable functions (zustand compares
 * their results with Object.is: return store values or memoised derivations, never fresh objects).
 */
import type { AppState } from './index.ts'

export const selectModel = (s: AppState) => s.model
export const selectGraph = (s: AppState) => s.model?.graph ?? null
export const selectLoading = (s: AppState) => s.loading
export const selectError = (s: AppState) => s.error
export const selectNotice = (s: AppState) => s.notice
export const selectPanel = (s: AppState) => s.panel
export const selectMemoryModel = (s: AppState) => s.memoryModel
export const selectHydrated = (s: AppState) => s.hydrated
export const selectSampleName = (s: AppState) => (s.model?.source.kind === 'sample' ? s.model.source.name : null)
