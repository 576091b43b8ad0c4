/**
 * The one store of the app (zustand). Each slice is plain data with its initial state in its own file;
 * changes go through actions (src/app/actions/*.ts, plain module functions calling `useStore.setState`).
 *
 * Adding a slice (e.g. the orders of issue 5 or the cluster and plan of issue 6):
 *   1. write `src/app/store/<name>.ts` exporting `<Name>State` and `initial<Name>State` (plain data only:
 *      no Cytoscape instance, no Worker, no Blob);
 *   2. add it to `AppState` and to `initialState` below;
 *   3. list the keys that should survive a reload in `PERSISTED` (persist.ts restores them).
 */
import { create } from 'zustand'
import { initialModelState, type ModelState } from './model.ts'
import { initialSettingsState, type SettingsState } from './settings.ts'
import { initialUiState, type UiState } from './ui.ts'
import { initialOrdersState, ORDERS_PERSISTED, type OrdersState } from '../orders/orders-slice.ts'
import { initialPlanState, PLAN_PERSISTED, type PlanState } from '../plan/plan-slice.ts'
import { initialTilingState, type TilingState } from '../orders/tiling-slice.ts'

export type AppState = ModelState & SettingsState & UiState & OrdersState & PlanState & TilingState

export const initialState: AppState = {
  ...initialModelState,
  ...initialSettingsState,
  ...initialUiState,
  ...initialOrdersState,
  ...initialPlanState,
  ...initialTilingState,
}

export const useStore = create<AppState>()(() => ({ ...initialState }))

/** State keys saved to IndexedDB and restored on reload (persist.ts). Only plain, structured-cloneable data. */
export const PERSISTED: readonly (keyof AppState)[] = ['model', 'bindings', 'memoryModel', 'panel', ...ORDERS_PERSISTED, ...PLAN_PERSISTED]

export type { LoadState, ModelSource, OpenModel } from './model.ts'
export type { MemoryModelName } from './settings.ts'
export type { PanelId } from './ui.ts'
