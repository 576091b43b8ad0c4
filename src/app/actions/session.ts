/**
 * Start-up and page-level settings: restore the saved session, keep saving it, and open the default sample
 * on a first visit.
 */
import { persistSession, restoreSession } from '../persist.ts'
import { DEFAULT_SAMPLE } from '../samples.ts'
import { urlModel } from '../views/url-state.ts'
import { useStore, type MemoryModelName, type PanelId } from '../store/index.ts'
import { watchOpenModel } from '../plan/plan-actions.ts'
import { openSample } from './model.ts'

let started = false

export async function startApp(): Promise<void> {
  if (started) return // React's StrictMode mounts twice in development
  started = true
  // the plan's run belongs to the open model: installed before the restore, which opens the saved one
  watchOpenModel()
  await restoreSession()
  useStore.setState({ hydrated: true })
  persistSession()
  // a shared link's sample (views/url-state.ts) rather than the default one
  if (!useStore.getState().model) await openSample(urlModel() ?? DEFAULT_SAMPLE)
}

export function showPanel(panel: PanelId): void {
  useStore.setState({ panel })
}

export function setMemoryModel(memoryModel: MemoryModelName): void {
  useStore.setState({ memoryModel })
}
