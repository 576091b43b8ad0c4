/**
 * Tabs over the workspace panels (views/panels.tsx); the chosen tab survives a reload. A panel mounts the
 * first time it is shown and then stays mounted (hidden when another tab is active), so a graph view or a
 * chart keeps its state across tab switches and is not re-rendered by them. A canvas that measured itself
 * while hidden should re-measure when its panel becomes visible (e.g. Cytoscape's `cy.resize()` from a
 * ResizeObserver).
 */
import { useMemo, useState, type KeyboardEvent } from 'react'
import { showPanel } from '../actions/session.ts'
import { useStore, type PanelId } from '../store/index.ts'
import { selectPanel } from '../store/selectors.ts'
import { PANELS } from './panels.tsx'

/** Arrow keys, Home and End move between the tabs (WAI-ARIA tabs pattern: the tab list is one Tab stop). */
function onTabKey(e: KeyboardEvent<HTMLElement>, current: PanelId): void {
  const i = PANELS.findIndex((p) => p.id === current)
  const to = e.key === 'ArrowRight' ? (i + 1) % PANELS.length
    : e.key === 'ArrowLeft' ? (i - 1 + PANELS.length) % PANELS.length
      : e.key === 'Home' ? 0 : e.key === 'End' ? PANELS.length - 1 : -1
  if (to < 0) return
  e.preventDefault()
  showPanel(PANELS[to].id)
  document.getElementById(`tab-${PANELS[to].id}`)?.focus()
}

export function Workspace() {
  const panel = useStore(selectPanel)
  const active = PANELS.find((p) => p.id === panel) ?? PANELS[0]
  const [visited, setVisited] = useState<ReadonlySet<PanelId>>(() => new Set([active.id]))
  // each panel's element made once: a tab switch re-renders this component, and a fresh element per panel
  // would re-render every mounted panel with it (hundreds of ms on a 6k-node model); the same element lets
  // React skip them — a panel re-renders only for its own store subscriptions
  const bodies = useMemo(() => new Map(PANELS.map((p) => [p.id, p.render()])), [])
  if (!visited.has(active.id)) setVisited(new Set([...visited, active.id]))
  return (
    <section className="workspace">
      <nav className="tabs" role="tablist" aria-label="Views" onKeyDown={(e) => onTabKey(e, active.id)}>
        {PANELS.map((p) => (
          <button
            key={p.id}
            type="button"
            role="tab"
            id={`tab-${p.id}`}
            aria-selected={p.id === active.id}
            tabIndex={p.id === active.id ? 0 : -1}
            aria-controls={`panel-${p.id}`}
            data-testid={`tab-${p.id}`}
            className="tab"
            onClick={() => showPanel(p.id)}
          >
            {p.title}
          </button>
        ))}
      </nav>
      {PANELS.filter((p) => visited.has(p.id) || p.id === active.id).map((p) => (
        <div
          key={p.id}
          className="panel"
          role="tabpanel"
          id={`panel-${p.id}`}
          aria-labelledby={`tab-${p.id}`}
          data-panel={p.id}
          hidden={p.id !== active.id}
        >
          {bodies.get(p.id)}
        </div>
      ))}
    </section>
  )
}
