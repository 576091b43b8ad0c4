/**
 * Saves the store's `PERSISTED` keys to IndexedDB (idb-keyval) and restores them on load, so a reload shows
 * the same model summary, settings and panel without reading the model file again. Writes are debounced and
 * only happen when one of those keys changed (by reference, as the store is immutable).
 */
import { createStore, del, get, set } from 'idb-keyval'
import { PERSISTED, useStore, type AppState } from './store/index.ts'

/** Bump when the shape of saved data changes: an old session is then ignored, not misread. */
const VERSION = 1
const KEY = 'session'
const db = createStore('memoria-app', 'state')

interface Saved {
  version: number
  state: Partial<AppState>
}

function pick(s: AppState): Partial<AppState> {
  const out: Record<string, unknown> = {}
  for (const k of PERSISTED) out[k] = s[k]
  return out as Partial<AppState>
}

/** Restores the saved session into the store; resolves false when there was none (or it was unreadable). */
export async function restoreSession(): Promise<boolean> {
  try {
    const saved = await get<Saved>(KEY, db)
    if (!saved || saved.version !== VERSION) return false
    const state: Record<string, unknown> = {}
    for (const k of PERSISTED) if (k in saved.state) state[k] = saved.state[k]
    useStore.setState(state as Partial<AppState>)
    return true
  } catch {
    return false // IndexedDB unavailable or blocked: start fresh
  }
}

/** Starts saving on change; returns the unsubscribe function. */
export function persistSession(debounceMs = 250): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined
  const save = () => {
    timer = undefined
    const saved: Saved = { version: VERSION, state: pick(useStore.getState()) }
    set(KEY, saved, db).then(
      // a signal for tests (and a curious user): the moment the session last reached the disk
      () => document.documentElement.setAttribute('data-session-saved', String(Date.now())),
      () => {},
    )
  }
  const unsubscribe = useStore.subscribe((s, prev) => {
    if (!PERSISTED.some((k) => s[k] !== prev[k])) return
    if (timer !== undefined) clearTimeout(timer)
    timer = setTimeout(save, debounceMs)
  })
  // Flush a pending write when the page goes away, so a quick reload still finds it.
  const flush = () => {
    if (timer !== undefined) {
      clearTimeout(timer)
      save()
    }
  }
  addEventListener('pagehide', flush)
  return () => {
    unsubscribe()
    removeEventListener('pagehide', flush)
  }
}

export function clearSession(): Promise<void> {
  return del(KEY, db)
}
