/**
 * The keyboard shortcuts (issue 11): `?` opens this list anywhere outside a text field, Esc closes it.
 * The handlers themselves live where they act (the tabs, the graph view); this lists them in one place.
 */
import { useEffect, useRef, useState } from 'react'

const SHORTCUTS: [string, string][] = [
  ['?', 'show this list'],
  ['Esc', 'close this list, a search, or clear the graph selection'],
  ['← → Home End', 'move between the tabs (when a tab has the focus)'],
  ['Tab / Shift+Tab', 'move through controls; in the property panel, from node to node'],
  ['Enter / Space', 'press the focused button (Run, expand a group, choose a neighbour)'],
  ['Ctrl+F', 'search the graph (name or operator)'],
]

const typing = (t: EventTarget | null): boolean =>
  t instanceof HTMLElement && (t.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(t.tagName))

export function Shortcuts() {
  const [open, setOpen] = useState(false)
  const closeRef = useRef<HTMLButtonElement | null>(null)
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === '?' && !typing(e.target) && !e.ctrlKey && !e.metaKey && !e.altKey) {
        e.preventDefault()
        setOpen((o) => !o)
      } else if (e.key === 'Escape') {
        setOpen(false)
      }
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [])
  useEffect(() => {
    if (open) closeRef.current?.focus()
  }, [open])
  if (!open) return null
  return (
    <div className="shortcuts-backdrop" onClick={() => setOpen(false)}>
      <div className="shortcuts" role="dialog" aria-modal="true" aria-label="Keyboard shortcuts" data-testid="shortcuts"
        onClick={(e) => e.stopPropagation()}>
        <h2>Keyboard shortcuts</h2>
        <dl>
          {SHORTCUTS.map(([k, what]) => (
            <div key={k}><dt><kbd>{k}</kbd></dt><dd>{what}</dd></div>
          ))}
        </dl>
        <button ref={closeRef} type="button" onClick={() => setOpen(false)}>Close</button>
      </div>
    </div>
  )
}
