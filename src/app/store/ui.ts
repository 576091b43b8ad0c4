/**
 * The UI slice: which panel is shown, and the banners. Errors hold the user-facing text already mapped from
 * the code (error-text.ts); a cancel never lands here.
 */
import type { UserMessage } from '../error-text.ts'

/** The workspace panels (views/panels.tsx registers what each renders). */
export type PanelId = 'graph' | 'orders' | 'devices'

export interface UiState {
  panel: PanelId
  error: UserMessage | null
  /** a non-error message, e.g. that the model file must be opened again for a rebind */
  notice: string | null
  /** true once the saved session (if any) has been restored: the page then decides what to open */
  hydrated: boolean
  /** the node selected in the Graph tab (by name), for the URL (views/url-state.ts); not persisted */
  graphNode: string | null
}

export const initialUiState: UiState = { panel: 'graph', error: null, notice: null, hydrated: false, graphNode: null }
