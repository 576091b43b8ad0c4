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
import { layoutRequest, type LayoutPositions } from '../../core/view/layout-graph.ts'
import type { VisibleGraph } from '../../core/view/visible.ts'
import { LayoutClient } from '../../workers/layout-client.ts'

export interface LayoutState {
  /** positions for `visible.key`, or null while laying out */
  positions: LayoutPositions | null
  /** the visible graph the positions belong to */
  visible: VisibleGraph | null
  error: ErrorInfo | null
  /** true until the final layout for the current state has arrived (a draft may be shown meanwhile) */
  busy: boolean
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
    void client.layout(cacheKey, layoutRequest(graph, tree, visible), onDraft).then((r) => {
      if (seq !== seqRef.current) return // a newer request was made: this reply is stale
      if (r.ok) setState({ positions: r.value, visible, error: null, busy: false })
      else if (r.error.code !== 'CANCELLED') setState((s) => ({ ...s, error: r.error, busy: false }))
    })
  }, [graph, tree, visible])

  return state
}
