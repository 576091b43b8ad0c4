/**
 * The workspace panels, in tab order, one entry each: the graph view (src/app/graph/), the orders and memory
 * chart (src/app/orders/), the devices and plan (src/app/plan/). A panel renders inside a flex container
 * that fills the rest of the window (`.panel`), so a Cytoscape canvas or a chart can size itself to 100%.
 */
import type { ReactNode } from 'react'
import { GraphTab } from '../graph/GraphTab.tsx'
import { OrdersPanel } from '../orders/OrdersPanel.tsx'
import { PlanPanel } from '../plan/PlanPanel.tsx'
import type { PanelId } from '../store/index.ts'

export interface PanelDef {
  id: PanelId
  title: string
  render: () => ReactNode
}


export const PANELS: readonly PanelDef[] = [
  {
    id: 'graph',
    title: 'Graph',
    render: () => <GraphTab />,
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
