/**
 * Applies what changes without a relayout: node colours and badges (partition view), the playback
 * highlight (running node, live tensors) and the search matches, as data fields and classes on the drawn
 * elements. Re-applied after every draw (`drawnAt`), in one Cytoscape batch.
 */
import type { Core } from 'cytoscape'
import { useEffect, useMemo, useRef, type RefObject } from 'react'
import type { MemoriaGraph } from '../../core/graph/types.ts'
import type { VisibleGraph } from '../../core/view/visible.ts'
import { decorate, highlightClasses, type Decorations } from './elements.ts'

/**
 * A badge cut to about the width of its node (at least ~22 characters, a little wider than a small box is
 * readable), so a long share list (`channel: pi-a 33% · pi-b 33% · pi-c 33%`) does not run across its
 * neighbours; the tooltip and the property panel give it whole.
 */
export function shortBadge(badge: string, boxWidth: number): string {
  const fit = Math.max(22, Math.floor((Number.isFinite(boxWidth) ? boxWidth : 0) / 5.6))
  return badge.length <= fit ? badge : `${badge.slice(0, fit - 1)}…`
}

export function useDecorations(
  cyRef: RefObject<Core | null>,
  graph: MemoriaGraph,
  visible: VisibleGraph | null,
  drawnAt: number,
  deco: Decorations,
  highlight: { running?: string; live?: string[] } | undefined,
  found: number[],
): void {
  const nodeIndex = useMemo(() => new Map(graph.nodes.map((n, i) => [n.name, i])), [graph])
  const producerOf = useMemo(() => {
    const m = new Map<string, number>()
    graph.nodes.forEach((n, i) => n.outputs.forEach((o) => o !== '' && m.set(o, i)))
    return m
  }, [graph])
  const { nodeColors, nodeBadges } = deco

  useEffect(() => {
    const cy = cyRef.current
    if (cy === null || visible === null || drawnAt === 0) return
    // freshly drawn elements carry no colour or badge: nothing to undo when none are given
    if (nodeColors === undefined && nodeBadges === undefined && !cy.nodes('[color]').nonempty()) return
    const items = decorate(graph, visible, { nodeColors, nodeBadges })
    cy.batch(() => {
      cy.nodes().forEach((el) => {
        const d = items.get(el.id())
        if (d?.color !== undefined) el.data('color', d.color)
        else el.removeData('color')
        el.toggleClass('mixed', d?.mixed === true)
        const base = String(el.data('base'))
        const badge = d?.badge
        el.toggleClass('badged', badge !== undefined)
        el.data('label', badge !== undefined ? `${base}\n${shortBadge(badge, Number(el.data('w')))}` : base)
        // the tooltip gives the whole badge (the label may cut it)
        el.data('full', badge !== undefined ? `${String(el.data('name'))}\n${badge}` : String(el.data('name')))
      })
    })
  }, [cyRef, graph, visible, drawnAt, nodeColors, nodeBadges])

  const running = highlight?.running
  const live = highlight?.live
  /** the running node the view last followed */
  const followed = useRef<string | undefined>(undefined)
  useEffect(() => {
    const cy = cyRef.current
    if (cy === null || visible === null || drawnAt === 0) return
    const h = highlightClasses(visible, nodeIndex, producerOf, running, live)
    cy.batch(() => {
      cy.elements('.running, .live').removeClass('running live')
      if (h.running !== null) cy.getElementById(h.running).addClass('running')
      for (const id of h.liveItems) cy.getElementById(id).addClass('live')
      for (const id of h.liveEdges) cy.getElementById(id).addClass('live')
    })
    // follow the playback: a running node that left the view (a big expanded graph) is brought back into
    // it when the cursor moves — not on a redraw, which has its own focus (a group just expanded)
    const w = cy.width()
    const ht = cy.height()
    if (w === 0 || ht === 0) return // hidden (another tab): follow once shown and the cursor moves
    const moved = followed.current !== running
    followed.current = running
    const el = h.running === null || !moved ? null : cy.getElementById(h.running)
    if (el !== null && el.nonempty()) {
      const p = el.renderedPosition()
      const margin = 30
      if (p.x < margin || p.y < margin || p.x > w - margin || p.y > ht - margin) cy.center(el)
    }
  }, [cyRef, visible, drawnAt, nodeIndex, producerOf, running, live])

  useEffect(() => {
    const cy = cyRef.current
    if (cy === null || visible === null || drawnAt === 0) return
    cy.batch(() => {
      cy.nodes('.found').removeClass('found')
      for (const n of found) cy.getElementById(visible.repOfNode[n]).addClass('found')
    })
  }, [cyRef, visible, drawnAt, found])
}
