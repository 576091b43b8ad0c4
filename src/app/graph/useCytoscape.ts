/**
 * The Cytoscape instance of one graph view, kept in a ref (never in a store), and the drawing of each laid
 * out visible graph into it with a preset layout. The instance is recreated (rarely) when the graph crosses
 * the size where performance options pay: Cytoscape's renderer reads them only at creation.
 *
 * `drawn` reports when a visible graph is on screen: after Cytoscape's first `render` event following the
 * element swap (its renderer draws on the next animation frame), which is what the bench times. Big views
 * switch on Cytoscape's performance options (no edges or labels while panning, a texture while zooming).
 */
import cytoscape, { type Core } from 'cytoscape'
import { useEffect, useLayoutEffect, useRef, useState, type RefObject } from 'react'
import type { MemoriaGraph } from '../../core/graph/types.ts'
import type { GroupTree } from '../../core/view/groups.ts'
import type { LayoutPositions } from '../../core/view/layout-graph.ts'
import type { VisibleGraph } from '../../core/view/visible.ts'
import { cyStyle } from './cy-style.ts'
import { buildElements, fitLayout } from './elements.ts'

/** above this many elements the view trades detail during pan/zoom for responsiveness */
const BIG_VIEW = 1200

export interface Drawn {
  key: string
  /** which layout is on screen: the fast draft or ELK's */
  engine: 'layered' | 'elk'
  /** the positions drawn (the view is ready when these are the final ones) */
  positions: LayoutPositions
  /** performance.now() of the first frame drawn for this expansion state (draft or final) */
  firstAt: number
  /** performance.now() when the frame was drawn */
  at: number
  /** from the request (graph handed over, expansion clicked) to the frame drawn */
  renderMs: number
  items: number
  nodes: number
  edges: number
}

export interface CyHandlers {
  onTapItem(id: string): void
  onTapBackground(): void
  onHover(id: string | null, label: string, x: number, y: number): void
}

export interface Focus {
  /** fit these items (e.g. the content of a group just expanded), or centre on one at a readable zoom */
  ids: string[]
  mode: 'fit' | 'center'
}

export function useCytoscape(
  cyRef: RefObject<Core | null>,
  containerRef: RefObject<HTMLDivElement | null>,
  /** performance.now() of the request being served (graph handed over or expansion clicked) */
  requestAt: RefObject<number>,
  graph: MemoriaGraph,
  tree: GroupTree,
  visible: VisibleGraph | null,
  positions: LayoutPositions | null,
  handlers: CyHandlers,
  focusRef: RefObject<Focus | null>,
): Drawn | null {
  const handlersRef = useRef(handlers)
  useLayoutEffect(() => {
    handlersRef.current = handlers
  })
  const [drawn, setDrawn] = useState<Drawn | null>(null)
  const fittedGraph = useRef<MemoriaGraph | null>(null)
  /** the visible graph whose elements are in Cytoscape now, and the focus last applied to it */
  const shown = useRef<{ visible: VisibleGraph; focus: Focus | null; firstAt: number } | null>(null)
  /** set when the user pans or zooms: a refined layout then keeps their viewport instead of refitting */
  const userMoved = useRef(false)
  /** the positions on screen, for a fit when a hidden view first gets a size */
  const lastPositions = useRef<LayoutPositions | null>(null)
  /** a viewport change came while the view had no size (a hidden tab): fit once it is shown */
  const fitWhenShown = useRef(false)
  const [cyVersion, setCyVersion] = useState(0)
  const big = graph.nodes.length > BIG_VIEW

  useEffect(() => {
    const container = containerRef.current
    if (container === null) return
    const cy = cytoscape({
      container,
      // the theme when created; GraphView restyles on a theme change
      style: cyStyle(document.documentElement.dataset.theme === 'dark' ? 'dark' : 'light'),
      layout: { name: 'preset' },
      minZoom: 0.002,
      maxZoom: 3,
      boxSelectionEnabled: false,
      autoungrabify: true,
      pixelRatio: 1,
      hideEdgesOnViewport: big,
      hideLabelsOnViewport: big,
      textureOnViewport: big,
    })
    cy.on('tap', 'node', (ev) => handlersRef.current.onTapItem(ev.target.id()))
    cy.on('tap', (ev) => {
      if (ev.target === cy) handlersRef.current.onTapBackground()
    })
    cy.on('mouseover', 'node, edge', (ev) => {
      const p = ev.renderedPosition ?? (ev.target.isNode() ? ev.target.renderedPosition() : ev.target.renderedMidpoint())
      handlersRef.current.onHover(ev.target.id(), String(ev.target.data('full')), p.x, p.y)
    })
    cy.on('mouseout', 'node, edge', () => handlersRef.current.onHover(null, '', 0, 0))
    cy.on('dragpan scrollzoom pinchzoom', () => {
      userMoved.current = true
    })
    cyRef.current = cy
    fittedGraph.current = null
    setCyVersion((v) => v + 1)
    // a view drawn while hidden (another tab) measured 0×0: re-measure, and fit if it never had a size or
    // if a layout arrived while it was hidden (a fit computed then would have used a 0×0 viewport)
    if (container.clientWidth === 0 || container.clientHeight === 0) fitWhenShown.current = true
    const resize = new ResizeObserver(() => {
      if (cy.destroyed() || container.clientWidth === 0 || container.clientHeight === 0) return
      cy.resize()
      const pos = lastPositions.current
      if (fitWhenShown.current && pos !== null) {
        cy.viewport(fitLayout({ width: cy.width(), height: cy.height() }, pos, 24, 1.5))
        fitWhenShown.current = false
      }
    })
    resize.observe(container)
    return () => {
      resize.disconnect()
      cy.destroy()
      if (cyRef.current === cy) cyRef.current = null
    }
  }, [cyRef, containerRef, big])

  useEffect(() => {
    const cy = cyRef.current
    if (cyVersion === 0 || cy === null || visible === null || positions === null || positions.key !== visible.key) return
    lastPositions.current = positions
    const refine = shown.current?.visible === visible
    let focus: Focus | null
    if (refine) {
      // the final layout of what is already drawn: move the nodes, keep the elements and the selection
      focus = shown.current!.focus
      const at = new Map(positions.ids.map((id, i) => [id, i]))
      cy.batch(() => {
        cy.nodes().forEach((n) => {
          const i = at.get(n.id())
          if (i !== undefined) n.position({ x: positions.xy[2 * i], y: positions.xy[2 * i + 1] })
        })
      })
    } else {
      focus = focusRef.current
      focusRef.current = null
      const elements = buildElements(graph, tree, visible, positions, visible.items.length + visible.edges.length > BIG_VIEW)
      cy.batch(() => {
        cy.elements().remove()
        cy.add(elements)
      })
      shown.current = { visible, focus, firstAt: 0 }
      userMoved.current = false
    }
    const container = containerRef.current
    const hidden = container === null || container.clientWidth === 0 || container.clientHeight === 0
    if (refine && userMoved.current) {
      // keep the user's viewport
    } else if (hidden) {
      // no size to fit into (a hidden tab): the ResizeObserver fits when the view is shown
      fitWhenShown.current = true
      fittedGraph.current = graph
    } else if (fittedGraph.current !== graph || focus === null) {
      cy.viewport(fitLayout({ width: cy.width(), height: cy.height() }, positions, 24, 1.5))
      fittedGraph.current = graph
    } else {
      const ids = new Set(focus.ids)
      const target = cy.nodes().filter((n) => ids.has(n.id()))
      if (target.nonempty() && focus.mode === 'fit') {
        cy.fit(target, 40)
        if (cy.zoom() > 1.2) {
          cy.zoom(1.2)
          cy.center(target)
        }
      } else if (target.nonempty()) {
        cy.zoom(Math.max(cy.zoom(), 0.9))
        cy.center(target)
        cy.elements(':selected').unselect()
        target.select()
      }
    }
    const nodes = visible.nodesShown
    const key = visible.key
    const engine = positions.engine
    let done = false
    const report = (): void => {
      if (done) return
      done = true
      const at = performance.now()
      const current = shown.current
      if (current !== null && current.visible === visible && current.firstAt === 0) current.firstAt = at
      const firstAt = current?.visible === visible ? current.firstAt : at
      setDrawn({ key, engine, positions, at, firstAt, renderMs: Math.max(0, firstAt - requestAt.current), items: visible.items.length, nodes, edges: visible.edges.length })
    }
    cy.one('render', report)
    // an empty or off-screen canvas may never fire `render`: fall back to the second frame
    requestAnimationFrame(() => requestAnimationFrame(report))
  }, [cyRef, containerRef, requestAt, graph, tree, visible, positions, focusRef, cyVersion])

  return drawn
}
