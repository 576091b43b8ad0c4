/**
 * The graph view's toolbar: search (passed as children), fit, zoom, expand and collapse every group, fold
 * constants (on by default), colour by activation size or FLOPs, and the drawn view as a PNG or an SVG.
 */
import type { Core } from 'cytoscape'
import type { ReactNode, RefObject } from 'react'
import { downloadBlob, downloadText, fileStem } from '../download.ts'
import { graphSvg } from './graph-svg.ts'
import type { ColorMetric } from './metric-colors.ts'

interface Props {
  cyRef: RefObject<Core | null>
  /** names the downloaded image */
  modelName: string
  busy: boolean
  allExpanded: boolean
  onExpandAll(): void
  onCollapseAll(): void
  /** Constants and other weight-only producers folded into their consumer */
  folded: boolean
  onFold(folded: boolean): void
  colorBy: ColorMetric
  /** null: colour-by is not offered (the view has colours of its own, e.g. devices) */
  onColorBy: ((m: ColorMetric) => void) | null
  children: ReactNode
}

/** the page's background for exported images (dark mode draws on a dark canvas) */
function background(): string {
  const v = getComputedStyle(document.documentElement).getPropertyValue('--mg-canvas').trim()
  return v === '' ? '#ffffff' : v
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
  const png = cy.png({ output: 'blob', full: true, scale: 2, maxWidth: 8192, maxHeight: 8192, bg: background() })
  downloadBlob(png, `${fileStem(modelName, 'graph')}.png`)
}

function downloadSvg(cy: Core | null, modelName: string): void {
  if (cy === null) return
  downloadText(graphSvg(cy, background()), `${fileStem(modelName, 'graph')}.svg`, 'image/svg+xml')
}

export function GraphToolbar({ cyRef, modelName, busy, allExpanded, onExpandAll, onCollapseAll, folded, onFold, colorBy, onColorBy, children }: Props) {
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
      <button type="button" onClick={() => downloadSvg(cyRef.current, modelName)} data-testid="graph-svg" title="Download the drawn graph as an SVG image">
        SVG
      </button>
      <label className="mg-check" title="Draw Constants and other weight-only producers inside the node that reads them">
        <input type="checkbox" checked={folded} onChange={(e) => onFold(e.target.checked)} data-testid="graph-fold" />
        Fold constants
      </label>
      {onColorBy !== null && (
        <label className="mg-check">
          Colour
          <select value={colorBy} onChange={(e) => onColorBy(e.target.value as ColorMetric)} data-testid="graph-color-by">
            <option value="none">by kind</option>
            <option value="activation">by activation size</option>
            <option value="flops">by FLOPs</option>
          </select>
        </label>
      )}
      {busy && <span className="mg-spinner" aria-label="laying out" />}
    </div>
  )
}
