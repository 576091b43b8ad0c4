/**
 * The graph view's toolbar: search (passed as children), fit, zoom, expand and collapse every group, and the
 * drawn view as a PNG.
 */
import type { Core } from 'cytoscape'
import type { ReactNode, RefObject } from 'react'
import { downloadBlob, fileStem } from '../download.ts'

interface Props {
  cyRef: RefObject<Core | null>
  /** names the downloaded image */
  modelName: string
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

/**
 * The whole drawn graph (every visible group and node, not just the viewport) at twice the screen's scale,
 * capped so an expanded transformer stays within what a browser canvas can hold.
 */
function downloadPng(cy: Core | null, modelName: string): void {
  if (cy === null) return
  const png = cy.png({ output: 'blob', full: true, scale: 2, maxWidth: 8192, maxHeight: 8192, bg: '#ffffff' })
  downloadBlob(png, `${fileStem(modelName, 'graph')}.png`)
}

export function GraphToolbar({ cyRef, modelName, busy, allExpanded, onExpandAll, onCollapseAll, children }: Props) {
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
      <button type="button" onClick={() => downloadPng(cyRef.current, modelName)} data-testid="graph-png" title="Download the drawn graph as a PNG image">
        PNG
      </button>
      {busy && <span className="mg-spinner" aria-label="laying out" />}
    </div>
  )
}
