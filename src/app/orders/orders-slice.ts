/**
 * The orders slice of the app's store (src/app/store/index.ts): plain data only.
 *
 * - `orderSettings`, `orders` and `orderView` survive a reload (listed in the store's PERSISTED);
 * - `orderRun` (the search in progress) and `playback` (cursor, play state, the graph highlight) do not:
 *   a reload never resumes a search nor playback.
 * The memory model and the symbol bindings are the app's own settings; entries remember the ones they were
 * computed under, and the panel recomputes when those change (actions/orders.ts).
 */
import type { ErrorInfo } from '../../core/errors.ts'
import { DEFAULT_SETTINGS, IDLE_RUN, type OrderEntry, type OrdersSettings, type RunState } from './orders-types.ts'

export interface OrderView {
  /** the order shown on the chart and played back */
  selectedId: string | null
  /** orders overlaid in compare mode; compare shows when two or more are ticked */
  compareIds: string[]
}

export interface OrderRun extends RunState {
  /** a plain-language note on the last run (e.g. the search was stopped by the user): never an error */
  notice: string | null
  error: ErrorInfo | null
}

/** What the graph view lights up during playback (its `highlight` prop). */
export interface GraphHighlight {
  running?: string
  live?: string[]
}

export interface Playback {
  /** the step under the cursor: 0 = the graph inputs, k = while the k-th node of the order runs */
  step: number
  playing: boolean
  /** steps per second */
  speed: number
  highlight: GraphHighlight | null
}

export interface OrdersState {
  orderSettings: OrdersSettings
  orders: OrderEntry[]
  orderView: OrderView
  orderRun: OrderRun
  playback: Playback
}

export const initialOrdersState: OrdersState = {
  orderSettings: DEFAULT_SETTINGS,
  orders: [],
  orderView: { selectedId: null, compareIds: [] },
  orderRun: { ...IDLE_RUN, notice: null, error: null },
  playback: { step: 0, playing: false, speed: 8, highlight: null },
}

/** The keys of this slice that the app persists. */
export const ORDERS_PERSISTED = ['orderSettings', 'orders', 'orderView'] as const

export const selectOrderSettings = (s: OrdersState) => s.orderSettings
export const selectOrders = (s: OrdersState) => s.orders
export const selectOrderView = (s: OrdersState) => s.orderView
export const selectOrderRun = (s: OrdersState) => s.orderRun
export const selectGraphHighlight = (s: OrdersState) => s.playback.highlight
