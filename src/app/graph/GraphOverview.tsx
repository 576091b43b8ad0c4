/**
 * The overview (minimap): every visible item as a dot on a small canvas of its own, and the viewport as a
 * rectangle. Drawing dots from the layout's positions costs O(items) per layout, independent of Cytoscape's
 * renderer (a `cy.png()` snapshot of a big view would take longer than the view itself). Click or drag in
 * it to move the main view there.
 */
import type { Core } from 'cytoscape'
import { useCallback, useEffect, useRef, useState, type PointerEvent as ReactPointerEvent, type RefObject } from 'react'
import type { LayoutPositions } from '../../core/view/layout-graph.ts'

const W = 180
const H = 130

interface Props {
  cyRef: RefObject<Core | null>
  positions: LayoutPositions | null
  /** changes whenever a new visible graph is drawn */
  drawnAt: number
}

interface Frame {
  scale: number
  ox: number
  oy: number
}

function frameOf(pos: LayoutPositions): Frame {
  const w = Math.max(pos.width, 1)
  const h = Math.max(pos.height, 1)
  const scale = Math.min((W - 8) / w, (H - 8) / h)
  return { scale, ox: (W - w * scale) / 2, oy: (H - h * scale) / 2 }
}

export function GraphOverview({ cyRef, positions, drawnAt }: Props) {
  const canvasRef = useRef<HTMLCanvasElement | null>(null)
  const frameRef = useRef<Frame | null>(null)

  const draw = useCallback(() => {
    const canvas = canvasRef.current
    const cy = cyRef.current
    const ctx = canvas?.getContext('2d')
    if (!canvas || !ctx || !positions) return
    const f = frameOf(positions)
    frameRef.current = f
    ctx.clearRect(0, 0, W, H)
    ctx.fillStyle = '#7f93b3'
    const n = positions.ids.length
    const dot = n > 2000 ? 1 : 2
    for (let i = 0; i < n; i++) {
      ctx.fillRect(f.ox + positions.xy[2 * i] * f.scale - dot / 2, f.oy + positions.xy[2 * i + 1] * f.scale - dot / 2, dot, dot)
    }
    if (cy !== null && !cy.destroyed()) {
      const e = cy.extent()
      ctx.strokeStyle = '#1f6feb'
      ctx.lineWidth = 1.5
      ctx.strokeRect(f.ox + e.x1 * f.scale, f.oy + e.y1 * f.scale, e.w * f.scale, e.h * f.scale)
    }
  }, [cyRef, positions])

  useEffect(() => {
    const cy = cyRef.current
    if (cy === null || drawnAt === 0) return
    draw()
    let frame = 0
    const onViewport = (): void => {
      if (frame !== 0) return
      frame = requestAnimationFrame(() => {
        frame = 0
        draw()
      })
    }
    cy.on('viewport resize', onViewport)
    return () => {
      cy.removeListener('viewport resize', onViewport)
      if (frame !== 0) cancelAnimationFrame(frame)
    }
  }, [cyRef, draw, drawnAt])

  const panTo = (ev: ReactPointerEvent<HTMLCanvasElement>): void => {
    const cy = cyRef.current
    const f = frameRef.current
    if (cy === null || f === null) return
    const rect = ev.currentTarget.getBoundingClientRect()
    const x = (ev.clientX - rect.left - f.ox) / f.scale
    const y = (ev.clientY - rect.top - f.oy) / f.scale
    const z = cy.zoom()
    cy.pan({ x: cy.width() / 2 - x * z, y: cy.height() / 2 - y * z })
  }

  // it can be put away (issue 11: the minimap covered nodes); translucent until pointed at
  const [open, setOpen] = useState(true)
  return (
    <div className={open ? 'mg-overview-box' : 'mg-overview-box closed'}>
      <button type="button" className="mg-overview-toggle" onClick={() => setOpen(!open)} data-testid="graph-overview-toggle"
        aria-expanded={open} title={open ? 'Hide the overview' : 'Show the overview'}>
        {open ? '× overview' : 'overview'}
      </button>
      <canvas
        ref={canvasRef}
        className="mg-overview"
        width={W}
        height={H}
        hidden={!open}
        data-testid="graph-overview"
        aria-label="overview of the graph; click to move the view"
        onPointerDown={(e) => {
          e.currentTarget.setPointerCapture(e.pointerId)
          panTo(e)
        }}
        onPointerMove={(e) => {
          if (e.buttons === 1) panTo(e)
        }}
      />
    </div>
  )
}
