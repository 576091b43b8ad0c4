/** The graph view's toolbar: search (passed as children), fit, zoom, expand and collapse every group. */
import type { Core } from 'cytoscape'
import type { ReactNode, RefObject } from 'react'

interface Props {
  cyRef: RefObject<Core | null>
  busy: boolean
  allExpanded: boolean
  onExpandAll(): void
  onCollapseAll(): void
  children: ReactNode
}

function zoomBy(cy: Core | null, factor: number): void {
  if (cy === null) return
  cy.zoom({ level: cy.zoom() * factor, renderedPosition: { x: cy.width() / 2, y: cy.height() / 2 } })
}

export function GraphToolbar({ cyRef, busy, allExpanded, onExpandAll, onCollapseAll, children }: Props) {
  return (
    <div className="mg-toolbar" role="toolbar" aria-label="graph tools">
      {children}
      <button type="button" onClick={() => cyRef.current?.fit(undefined, 24)} data-testid="graph-fit" title="Fit the whole graph">
        Fit
      </button>
      <button type="button" onClick={() => zoomBy(cyRef.current, 1.25)} data-testid="graph-zoom-in" title="Zoom in" aria-label="Zoom in">
        +
      </button>
      <button type="button" onClick={() => zoomBy(cyRef.current, 0.8)} data-testid="graph-zoom-out" title="Zoom out" aria-label="Zoom out">
        −
      </button>
      <button type="button" onClick={onExpandAll} disabled={allExpanded} data-testid="graph-expand-all" title="Draw every node">
        Expand all
      </button>
      <button type="button" onClick={onCollapseAll} data-testid="graph-collapse-all" title="Back to the top-level groups">
        Collapse all
      </button>
      {busy && <span className="mg-spinner" aria-label="laying out" />}
    </div>
  )
}
