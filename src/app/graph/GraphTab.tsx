/**
 * The graph view bound to the open model: what the workspace's Graph tab mounts
 * (`render: () => <GraphTab />` in views/panels.tsx). Any other prop goes through to the view, e.g.
 * `<GraphTab highlight={…} />` for the playback or `nodeColors` for the partition.
 */
import { useEffect } from 'react'
import { prewarmLayoutWorker } from '../../workers/layout-client.ts'
import { selectGraphHighlight } from '../orders/orders-slice.ts'
import { selectTilingShade } from '../orders/tiling-slice.ts'
import { useStore } from '../store/index.ts'
import { selectGraph } from '../store/selectors.ts'
import { GraphView, type GraphViewProps } from './GraphView.tsx'

export function GraphTab(props: Omit<GraphViewProps, 'graph'>) {
  const graph = useStore(selectGraph)
  // the orders panel's playback: the running node and the live tensors light up here
  const playback = useStore(selectGraphHighlight)
  // the tiling offer's region, shaded unless a caller colours the nodes itself (the partition view)
  const tilingShade = useStore(selectTilingShade)
  // the tab mounts with the page: start the layout worker while the first model is still being read
  useEffect(prewarmLayoutWorker, [])
  if (graph === null) return <p className="mg-muted">Open a model to see its graph.</p>
  return <GraphView graph={graph} highlight={playback ?? undefined} nodeColors={tilingShade ?? undefined} {...props} />
}
