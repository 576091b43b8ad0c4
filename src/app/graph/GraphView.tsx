/**
 * The graph view: a `MemoriaGraph` drawn with Cytoscape, nodes grouped by name scope into collapsible
 * groups, laid out by ELK in a worker (only what is visible; layouts cached per expansion state).
 *
 * Mount: `<GraphView graph={graph} />`; optional `highlight` (playback: the running node and the live
 * tensors light up), `nodeColors` / `nodeBadges` (partition view: node name → colour / short text).
 * The container carries `data-testid="graph-view"` and, for tests and the bench, `data-state`
 * (`layout` until the final layout is drawn | `ready`; a failed worker leaves the main thread's draft), `data-render-ms` (from the graph or
 * expansion request to its first frame, draft or final), `data-first-drawn-at` / `data-drawn-at`
 * (performance.now() of the first and the latest frame of this state), `data-engine` (`layered` draft or
 * `elk`), `data-nodes-drawn`, `data-items-drawn`, `data-node-count` and `data-expansion`.
 */
import type { Core } from 'cytoscape'
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react'
import type { MemoriaGraph } from '../../core/graph/types.ts'
import { buildGroupTree, groupsOfNode } from '../../core/view/groups.ts'
import { allGroups, FOLDED_SUFFIX, itemsWithin, parseItemId, visibleGraph } from '../../core/view/visible.ts'
import { formatBytes, formatInt, formatMs } from '../format.ts'
import { useTheme } from '../theme.ts'
import { cyStyle } from './cy-style.ts'
import { metricColors, type ColorMetric } from './metric-colors.ts'
import { GraphOverview } from './GraphOverview.tsx'
import { GraphPanel, type Selection } from './GraphPanel.tsx'
import { GraphSearch } from './GraphSearch.tsx'
import { GraphToolbar } from './GraphToolbar.tsx'
import { useDecorations } from './useDecorations.ts'
import { useCytoscape, type Focus } from './useCytoscape.ts'
import { useLayout } from './useLayout.ts'
import { own } from '../../core/names.ts'
// oxlint-disable-next-line import/no-unassigned-import -- the view's stylesheet, bundled by Vite
import './graph.css'

export interface GraphViewProps {
  graph: MemoriaGraph
  highlight?: { running?: string; live?: string[] }
  nodeColors?: Record<string, string>
  nodeBadges?: Record<string, string>
  /** told when the user selects a node (its name) or clears the selection */
  onSelectNode?: (name: string | null) => void
  /** a node to select and show (by name), e.g. from the URL; null or an unknown name changes nothing */
  selectedNode?: string | null
}

export function GraphView({ graph, highlight, nodeColors, nodeBadges, onSelectNode, selectedNode }: GraphViewProps) {
  const viewRef = useRef<HTMLDivElement | null>(null)
  const cyContainerRef = useRef<HTMLDivElement | null>(null)
  const focusRef = useRef<Focus | null>(null)
  const cyRef = useRef<Core | null>(null)
  /** when the request now being served was made (graph handed over, or an expansion clicked) */
  const requestAt = useRef(0)

  const tree = useMemo(() => buildGroupTree(graph), [graph])
  const tensors = useMemo(() => new Map(graph.tensors.map((t) => [t.name, t])), [graph])
  const [expanded, setExpanded] = useState<ReadonlySet<number>>(() => new Set())
  const [selection, setSelection] = useState<Selection | null>(null)
  const [hover, setHover] = useState<{ label: string; x: number; y: number } | null>(null)
  const [found, setFound] = useState<number[]>([])
  const [folded, setFolded] = useState(true)
  const [colorBy, setColorBy] = useState<ColorMetric>('none')

  // a new graph starts collapsed, with nothing selected (state adjusted during render, not in an effect)
  const [shownGraph, setShownGraph] = useState(graph)
  if (shownGraph !== graph) {
    setShownGraph(graph)
    setExpanded(new Set())
    setSelection(null)
    setFound([])
  }
  useLayoutEffect(() => {
    // the request clock for data-render-ms starts when the graph is committed (the bench keeps its own t0)
    requestAt.current = performance.now()
    performance.mark('memoria:graph:received', { detail: { nodes: graph.nodes.length } })
  }, [graph])

  const visible = useMemo(() => visibleGraph(graph, tree, expanded, folded ? tree.fold : null), [graph, tree, expanded, folded])
  /** the node drawn for `node`: itself, or the one it is folded into */
  const drawnNode = useCallback((node: number) => (folded && tree.fold[node] >= 0 ? tree.fold[node] : node), [folded, tree])
  const layout = useLayout(graph, tree, visible)

  const changeExpansion = useCallback((next: ReadonlySet<number>, focus: Focus | null) => {
    requestAt.current = performance.now()
    focusRef.current = focus
    setExpanded(next)
  }, [])

  const toggleGroup = useCallback((g: number) => {
    const next = new Set(expanded)
    if (next.has(g)) {
      next.delete(g)
      changeExpansion(next, { ids: [`g${g}`], mode: 'center' })
      setSelection({ kind: 'group', index: g })
    } else {
      next.add(g)
      const members = [...tree.groups[g].childGroups.map((c) => `g${c}`), ...tree.groups[g].leafNodes.map((n) => `n${n}`)]
      changeExpansion(next, { ids: members, mode: 'fit' })
    }
  }, [expanded, tree, changeExpansion])

  const selectNode = useCallback((picked: number) => {
    // a folded node is shown in the panel; the view centres the node it is folded into
    const node = drawnNode(picked)
    const chain = groupsOfNode(tree, node)
    setSelection({ kind: 'node', index: picked })
    onSelectNode?.(graph.nodes[picked].name)
    if (chain.every((g) => expanded.has(g))) {
      // already drawn: centre it now (no redraw will come to apply a focus)
      const cy = cyRef.current
      const el = cy?.getElementById(`n${node}`)
      if (cy && el && el.nonempty()) {
        cy.elements(':selected').unselect()
        el.select()
        cy.zoom(Math.max(cy.zoom(), 0.9))
        cy.center(el)
      }
      return
    }
    changeExpansion(new Set([...expanded, ...chain]), { ids: [`n${node}`], mode: 'center' })
  }, [tree, expanded, graph, onSelectNode, changeExpansion, drawnNode])

  // a node named from outside (the URL): selected and shown once per graph and name
  const nodeIndex = useMemo(() => new Map(graph.nodes.map((n, i) => [n.name, i])), [graph])
  const appliedNode = useRef<{ graph: MemoriaGraph; name: string } | null>(null)
  useEffect(() => {
    if (selectedNode === null || selectedNode === undefined) return
    if (appliedNode.current?.graph === graph && appliedNode.current.name === selectedNode) return
    const i = nodeIndex.get(selectedNode)
    if (i === undefined || (selection?.kind === 'node' && selection.index === i)) {
      appliedNode.current = { graph, name: selectedNode }
      return
    }
    // in the next frame: the view has its tree and drawn state for this graph by then
    const name = selectedNode
    const h = requestAnimationFrame(() => {
      appliedNode.current = { graph, name }
      selectNode(i)
    })
    return () => cancelAnimationFrame(h)
  }, [graph, selectedNode, nodeIndex, selection, selectNode])

  // Esc clears the selection (when this view is on screen and the key is not for a text field)
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Escape' || viewRef.current === null || viewRef.current.offsetParent === null) return
      const t = e.target
      if (t instanceof HTMLElement && ['INPUT', 'TEXTAREA', 'SELECT'].includes(t.tagName)) return
      setSelection(null)
      cyRef.current?.elements(':selected').unselect()
      onSelectNode?.(null)
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [onSelectNode])

  /** Selects a group (outline, breadcrumb) and shows it: centred when drawn collapsed, its content fitted. */
  const showGroup = useCallback((g: number) => {
    setSelection({ kind: 'group', index: g })
    const cy = cyRef.current
    const shownVisible = layout.visible
    if (cy === null || shownVisible === null) return
    const ids = new Set(itemsWithin(tree, shownVisible, g))
    const target = cy.nodes().filter((n) => ids.has(n.id()))
    if (target.empty()) return
    cy.elements(':selected').unselect()
    if (target.length === 1) {
      cy.zoom(Math.max(cy.zoom(), 0.9))
      cy.center(target)
      target.select()
    } else {
      cy.fit(target, 40)
      if (cy.zoom() > 1.2) cy.zoom(1.2)
      cy.center(target)
    }
  }, [tree, layout.visible])

  const drawn = useCytoscape(cyRef, cyContainerRef, requestAt, graph, tree, layout.visible, layout.positions, {
    onTapItem: (id) => {
      const item = parseItemId(id)
      if (item === null) return
      if (item.kind === 'group') {
        setSelection({ kind: 'group', index: item.index })
        toggleGroup(item.index)
      } else {
        setSelection({ kind: 'node', index: item.index })
        onSelectNode?.(graph.nodes[item.index].name)
      }
    },
    onTapBackground: () => {
      setSelection(null)
      onSelectNode?.(null)
    },
    onHover: (id, label, x, y) => setHover(id === null ? null : { label, x, y }),
  }, focusRef)

  useDecorations(cyRef, graph, layout.visible, drawn?.at ?? 0, { nodeColors, nodeBadges }, highlight, found)

  const { theme } = useTheme()
  const styledTheme = useRef(theme)
  useEffect(() => {
    const cy = cyRef.current
    if (cy === null || styledTheme.current === theme) return
    styledTheme.current = theme
    cy.style(cyStyle(theme))
  }, [theme])

  // colour by activation size or FLOPs (only where the view has no colours of its own)
  const metric = nodeColors === undefined ? colorBy : 'none'
  const shownVisible = layout.visible
  const coloured = useMemo(() => (shownVisible === null ? null : metricColors(graph, tree, shownVisible, metric)), [graph, tree, shownVisible, metric])
  const drawnAt = drawn?.at ?? 0
  useEffect(() => {
    const cy = cyRef.current
    if (cy === null || coloured === null || drawnAt === 0 || nodeColors !== undefined) return
    if (coloured.colors.size === 0 && !cy.nodes('[color]').nonempty()) return
    cy.batch(() => {
      cy.nodes().forEach((el) => {
        const c = coloured.colors.get(el.id())
        if (c !== undefined) el.data('color', c)
        else el.removeData('color')
      })
    })
  }, [coloured, drawnAt, nodeColors])

  // keep the selected item selected on the canvas across redraws (the elements are rebuilt per state)
  useEffect(() => {
    const cy = cyRef.current
    if (cy === null || drawn === null) return
    const id = selection === null ? null : selection.kind === 'node' ? `n${drawnNode(selection.index)}` : `g${selection.index}`
    const el = id === null ? null : cy.getElementById(id)
    if (el !== null && el.nonempty() && !el.selected()) {
      cy.elements(':selected').unselect()
      el.select()
    }
  }, [drawn, selection, drawnNode])

  const renderMs = drawn?.renderMs ?? null
  useEffect(() => {
    if (drawn !== null) performance.mark('memoria:graph:drawn', { detail: { key: drawn.key, nodes: drawn.nodes } })
  }, [drawn])

  // a worker failure is not fatal: the draft drawn from the main thread is the final layout then
  const state = layout.busy || drawn === null || drawn.positions !== layout.positions ? 'layout' : 'ready'
  const total = graph.nodes.length
  return (
    <div
      ref={viewRef}
      className="mg-graph"
      data-testid="graph-view"
      data-state={state}
      data-layout-error={layout.error?.code}
      data-render-ms={renderMs === null ? undefined : renderMs.toFixed(1)}
      data-drawn-at={drawn === null ? undefined : drawn.at.toFixed(1)}
      data-first-drawn-at={drawn === null ? undefined : drawn.firstAt.toFixed(1)}
      data-engine={drawn?.engine}
      data-layout-ms={layout.positions === null ? undefined : layout.positions.layoutMs.toFixed(1)}
      data-nodes-drawn={drawn?.nodes ?? 0}
      data-nodes-folded={layout.visible?.nodesFolded ?? 0}
      data-folded={String(folded)}
      data-color-by={metric}
      data-items-drawn={drawn?.items ?? 0}
      data-node-count={total}
      data-expansion={(drawn?.key ?? '').replace(FOLDED_SUFFIX, '')}
    >
      <GraphToolbar
        cyRef={cyRef}
        modelName={graph.name}
        busy={state === 'layout'}
        allExpanded={visible.nodesShown + visible.nodesFolded === total}
        folded={folded}
        onFold={(f) => { requestAt.current = performance.now(); setFolded(f) }}
        colorBy={colorBy}
        onColorBy={nodeColors === undefined ? setColorBy : null}
        onExpandAll={() => changeExpansion(allGroups(tree), null)}
        onCollapseAll={() => changeExpansion(new Set(), null)}
      >
        <GraphSearch graph={graph} viewRef={viewRef} onPick={selectNode} onResults={setFound} />
      </GraphToolbar>
      <div className="mg-body">
        <div className="mg-canvas-wrap">
          <div ref={cyContainerRef} className="mg-canvas" data-testid="graph-canvas" />
          {hover !== null && (
            <div className="mg-tooltip" style={{ left: hover.x + 12, top: hover.y + 12 }} role="tooltip">{hover.label}</div>
          )}
          <GraphOverview cyRef={cyRef} positions={layout.positions} drawnAt={drawn?.at ?? 0} />
          <div className="mg-status" data-testid="graph-status">
            {layout.error !== null && state === 'ready'
              ? `${formatInt(drawn?.nodes ?? 0)} of ${formatInt(total)} nodes shown · simple layout (the layout worker failed: ${layout.error.message})`
              : state === 'layout' && drawn?.key !== visible.key
                ? `Laying out ${formatInt(visible.items.length)} items…`
                : state === 'layout'
                ? `${formatInt(drawn?.nodes ?? 0)} of ${formatInt(total)} nodes shown · refining the layout…`
                : `${formatInt(drawn?.nodes ?? 0)} of ${formatInt(total)} nodes shown · ${formatInt(drawn?.items ?? 0)} items` +
                  (folded && (layout.visible?.nodesFolded ?? 0) > 0 ? ` · ${formatInt(layout.visible?.nodesFolded ?? 0)} constants folded` : '') +
                  (renderMs !== null ? ` · ${formatMs(renderMs)}` : '') +
                  (coloured !== null && coloured.colors.size > 0
                    ? ` · colour: ${metric === 'flops' ? `${formatInt(coloured.min)} → ${formatInt(coloured.max)} FLOPs` : `${formatBytes(coloured.min)} → ${formatBytes(coloured.max)}`} (light → dark)`
                    : '')}
          </div>
        </div>
        <GraphPanel
          graph={graph}
          tree={tree}
          tensors={tensors}
          selection={selection}
          expanded={expanded}
          onToggleGroup={toggleGroup}
          onSelectGroup={showGroup}
          badge={selection?.kind === 'node' ? own(nodeBadges, graph.nodes[selection.index].name) : undefined}
          onSelectNode={selectNode}
        />
      </div>
    </div>
  )
}
