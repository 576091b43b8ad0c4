/**
 * Saves the store's `PERSISTED` keys to IndexedDB (idb-keyval) and restores them on load, so a reload shows
 * the same model summary, settings, panel and results without reading the model file again.
 *
 * One IndexedDB entry per key, written only when that key changed (by reference: the store is immutable),
 * debounced: switching a tab rewrites the tab, not the whole graph of the open model. While a worker job
 * runs (GenEFlow, a schedule run) nothing is written: IndexedDB clones each value on the main thread, and a
 * big model's plan results with their timelines cost 0.1–0.2 s per write, every improvement; the changes
 * are written once the job ends (or when the page goes away).
 */
import { clear, createStore, getMany, setMany } from 'idb-keyval'
import { checkSession } from './session-check.ts'
import { PERSISTED, useStore, type AppState } from './store/index.ts'

/** Bump when the shape of saved data changes: an older session is then ignored, not misread. */
const VERSION = 3 // 3: results keyed by the model's content hash (core/graph/identity.ts)
const VERSION_KEY = '$version'
const db = createStore('memoria-app', 'state')

/**
 * Restores the saved session into the store, through the one restore step (session-check.ts): what fails its
 * check is left at its initial state, and the page says so in a notice. Resolves false when there was no
 * session (or it was unreadable).
 */
export async function restoreSession(): Promise<boolean> {
  let values: unknown[]
  try {
    const [version, ...rest] = await getMany([VERSION_KEY, ...PERSISTED], db)
    if (version !== VERSION) return false
    values = rest
  } catch {
    return false // IndexedDB unavailable or blocked: start fresh
  }
  const saved: Partial<Record<keyof AppState, unknown>> = {}
  PERSISTED.forEach((k, i) => {
    if (values[i] !== undefined) saved[k] = values[i]
  })
  const { state, dropped } = checkSession(saved)
  useStore.setState(state)
  if (dropped.length > 0) {
    useStore.setState({ notice: `Part of the saved session could not be read and was reset (${dropped.slice(0, 3).join('; ')}${dropped.length > 3 ? `; and ${dropped.length - 3} more` : ''}).` })
  }
  return true
}

/** Forgets the saved session (the error boundary's way out of a session that keeps the page from drawing). */
export async function clearSession(): Promise<void> {
  try {
    await clear(db)
  } catch {
    // IndexedDB unavailable: nothing was saved
  }
}

/** A worker job whose results arrive as it runs: writes wait for its end. */
function jobRunning(s: AppState): boolean {
  return s.planRun.running || s.orderRun.status === 'running'
}

/** Starts saving on change; returns the unsubscribe function. */
export function persistSession(debounceMs = 200): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined
  const dirty = new Set<keyof AppState>()
  const save = () => {
    timer = undefined
    const s = useStore.getState()
    const entries: [IDBValidKey, unknown][] = [[VERSION_KEY, VERSION], ...[...dirty].map((k) => [k, s[k]] as [IDBValidKey, unknown])]
    dirty.clear()
    setMany(entries, db).then(
      // a signal for tests (and a curious user): the moment the disk caught up with every change. Not set
      // while a later change waits for its own write — else a test that waits for "saved after my change"
      // could be answered by an earlier write that was still in flight, and reload before its change is saved.
      () => {
        if (timer === undefined && dirty.size === 0) document.documentElement.setAttribute('data-session-saved', String(Date.now()))
      },
      () => {},
    )
  }
  const unsubscribe = useStore.subscribe((s, prev) => {
    for (const k of PERSISTED) if (s[k] !== prev[k]) dirty.add(k)
    if (dirty.size === 0) return
    if (timer !== undefined) clearTimeout(timer)
    timer = undefined
    // the job's end is itself a change (its run state), so what waited is written then
    if (!jobRunning(s)) timer = setTimeout(save, debounceMs)
  })
  // Flush a pending write when the page goes away, so a quick reload still finds it.
  const flush = () => {
    if (timer !== undefined) clearTimeout(timer)
    if (timer !== undefined || dirty.size > 0) save()
  }
  addEventListener('pagehide', flush)
  return () => {
    unsubscribe()
    removeEventListener('pagehide', flush)
  }
}
