/**
 * Positions for the visible graph, from the layout worker: one LayoutClient (one worker) per view, disposed
 * with it. A request yields the fast draft first, then the final (ELK) layout. Newest request wins: a reply
 * or draft for an older expansion state is ignored here by sequence number. A cached state answers without
 * a round trip.
 */
import { useEffect, useRef, useState } from 'react'
import type { ErrorInfo } from '../../core/errors.ts'
import type { MemoriaGraph } from '../../core/graph/types.ts'
import type { GroupTree } from '../../core/view/groups.ts'
import { layeredLayout } from '../../core/view/layered.ts'
import { layoutRequest, type LayoutPositions, type LayoutRequest } from '../../core/view/layout-graph.ts'
import type { VisibleGraph } from '../../core/view/visible.ts'
import { LayoutClient } from '../../workers/layout-client.ts'

export interface LayoutState {
  /** positions for `visible.key`, or null while laying out */
  positions: LayoutPositions | null
  /** the visible graph the positions belong to */
  visible: VisibleGraph | null
  /** the layout worker failed; `positions` then come from the draft layout computed on this thread */
  error: ErrorInfo | null
  /** true until the final layout for the current state has arrived (a draft may be shown meanwhile) */
  busy: boolean
}

/** The draft layout on this thread: what the view falls back to when the worker fails (it stays usable). */
function layoutHere(req: LayoutRequest): LayoutPositions {
  const t0 = performance.now()
  const r = layeredLayout(req)
  return {
    key: req.key, ids: req.boxes.map((b) => b.id), xy: r.xy, width: r.width, height: r.height,
    layoutMs: performance.now() - t0, engine: 'layered',
  }
}

let nextGraphId = 1
const graphIds = new WeakMap<MemoriaGraph, number>()
function graphId(g: MemoriaGraph): number {
  let id = graphIds.get(g)
  if (id === undefined) graphIds.set(g, (id = nextGraphId++))
  return id
}

export function useLayout(graph: MemoriaGraph, tree: GroupTree, visible: VisibleGraph): LayoutState {
  const clientRef = useRef<LayoutClient | null>(null)
  const seqRef = useRef(0)
  const [state, setState] = useState<LayoutState>({ positions: null, visible: null, error: null, busy: true })

  useEffect(() => {
    const client = new LayoutClient()
    clientRef.current = client
    return () => {
      client.dispose()
      if (clientRef.current === client) clientRef.current = null
    }
  }, [])

  useEffect(() => {
    const client = clientRef.current
    if (client === null) return
    const seq = ++seqRef.current
    const cacheKey = `${graphId(graph)}|${visible.key}`
    const hit = client.cached(cacheKey)
    if (hit !== undefined) {
      setState({ positions: hit, visible, error: null, busy: false })
      return
    }
    setState((s) => ({ ...s, busy: true, error: null }))
    const onDraft = (draft: LayoutPositions): void => {
      if (seq === seqRef.current) setState({ positions: draft, visible, error: null, busy: true })
    }
    const req = layoutRequest(graph, tree, visible)
    void client.layout(cacheKey, req, onDraft).then((r) => {
      if (seq !== seqRef.current) return // a newer request was made: this reply is stale
      if (r.ok) setState({ positions: r.value, visible, error: null, busy: false })
      else if (r.error.code !== 'CANCELLED') {
        // the worker failed (crashed, could not start): draw the draft from here, and say so
        setState({ positions: layoutHere(req), visible, error: r.error, busy: false })
      }
    })
  }, [graph, tree, visible])

  return state
}
