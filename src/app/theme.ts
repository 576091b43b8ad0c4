/**
 * Light or dark (issue 11): the page follows the system setting (`prefers-color-scheme`) unless the user
 * chose one with the header's toggle; the choice is kept in localStorage (a display preference, not part
 * of the saved session). The resolved theme is `data-theme` on <html>, which the stylesheets key on;
 * canvases that draw their own colours (Cytoscape) read `useTheme()`.
 */
import { useSyncExternalStore } from 'react'

export type ThemeChoice = 'system' | 'light' | 'dark'
export type Theme = 'light' | 'dark'

const KEY = 'memoria-theme'
const listeners = new Set<() => void>()
let choice: ThemeChoice = 'system'
let resolved: Theme = 'light'
let snapshot: { choice: ThemeChoice; theme: Theme } = { choice, theme: resolved }

const media = typeof matchMedia === 'function' ? matchMedia('(prefers-color-scheme: dark)') : null

function apply(): void {
  resolved = choice === 'system' ? (media?.matches ? 'dark' : 'light') : choice
  snapshot = { choice, theme: resolved }
  if (typeof document !== 'undefined') {
    document.documentElement.dataset.theme = resolved
    document.documentElement.dataset.themeChoice = choice
  }
  for (const l of listeners) l()
}

export function initTheme(): void {
  try {
    const saved = localStorage.getItem(KEY)
    if (saved === 'light' || saved === 'dark' || saved === 'system') choice = saved
  } catch {
    // storage refused (a private window): the system setting it is
  }
  media?.addEventListener('change', apply)
  apply()
}

export function setTheme(next: ThemeChoice): void {
  choice = next
  try {
    localStorage.setItem(KEY, next)
  } catch {
    // not kept across reloads then
  }
  apply()
}

/** The toggle: from the system setting to the opposite of what is shown; from a choice back to the system. */
export function nextTheme(c: ThemeChoice, shown: Theme): ThemeChoice {
  return c === 'system' ? (shown === 'dark' ? 'light' : 'dark') : 'system'
}

export function useTheme(): { choice: ThemeChoice; theme: Theme } {
  return useSyncExternalStore(
    (l) => { listeners.add(l); return () => listeners.delete(l) },
    () => snapshot,
    () => snapshot,
  )
}
