/**
 * The workspace panels, in tab order. Each later feature mounts here by replacing its placeholder with its
 * own component (one line): the graph view (issue 5, src/app/graph/), the orders and memory chart (issue 5,
 * src/app/orders/), the devices and plan (issue 6, src/app/plan/). A panel renders inside a flex container
 * that fills the rest of the window (`.panel`), so a Cytoscape canvas or a chart can size itself to 100%.
 */
import type { ReactNode } from 'react'
import { OrdersPanel } from '../orders/OrdersPanel.tsx'
import { PlanPanel } from '../plan/PlanPanel.tsx'
import type { PanelId } from '../store/index.ts'

export interface PanelDef {
  id: PanelId
  title: string
  render: () => ReactNode
}

function Placeholder({ what, where }: { what: string; where: string }) {
  return (
    <div className="placeholder">
      <p>{what}</p>
      <p className="muted mono">{where}</p>
    </div>
  )
}

export const PANELS: readonly PanelDef[] = [
  {
    id: 'graph',
    title: 'Graph',
    render: () => <Placeholder what="The graph view of the model will appear here." where="src/app/graph/" />,
  },
  {
    id: 'orders',
    title: 'Orders & memory',
    render: () => <OrdersPanel />,
  },
  {
    id: 'devices',
    title: 'Devices & plan',
    render: () => <PlanPanel />,
  },
]
