/**
 * Tabs over the workspace panels (views/panels.tsx); the chosen tab survives a reload. A panel mounts the
 * first time it is shown and then stays mounted (hidden when another tab is active), so a graph view or a
 * chart keeps its state across tab switches. A canvas that measured itself while hidden should re-measure
 * when its panel becomes visible (e.g. Cytoscape's `cy.resize()` from a ResizeObserver).
 */
import { useState } from 'react'
import { showPanel } from '../actions/session.ts'
import { useStore, type PanelId } from '../store/index.ts'
import { selectPanel } from '../store/selectors.ts'
import { PANELS } from './panels.tsx'

export function Workspace() {
  const panel = useStore(selectPanel)
  const active = PANELS.find((p) => p.id === panel) ?? PANELS[0]
  const [visited, setVisited] = useState<ReadonlySet<PanelId>>(() => new Set([active.id]))
  if (!visited.has(active.id)) setVisited(new Set([...visited, active.id]))
  return (
    <section className="workspace">
      <nav className="tabs" role="tablist" aria-label="Views">
        {PANELS.map((p) => (
          <button
            key={p.id}
            type="button"
            role="tab"
            id={`tab-${p.id}`}
            aria-selected={p.id === active.id}
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
          {p.render()}
        </div>
      ))}
    </section>
  )
}
