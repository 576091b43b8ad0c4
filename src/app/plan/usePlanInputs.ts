/**
 * What the plan's status line and results table both read: the open graph, the cluster, the memory model,
 * the settings, the results, and the minimum-memory figures when they belong to this model, memory model,
 * cluster (limits aside) and seed — else null (they were computed for something else).
 */
import { useStore } from '../store/index.ts'
import { selectGraph, selectMemoryModel } from '../store/selectors.ts'
import { minimumKey } from './plan-actions.ts'
import { selectCluster, selectPlanMinimum, selectPlanResults, selectPlanSettings } from './plan-slice.ts'

export function usePlanInputs() {
  const graph = useStore(selectGraph)
  const cluster = useStore(selectCluster)
  const memoryModel = useStore(selectMemoryModel)
  const settings = useStore(selectPlanSettings)
  const results = useStore(selectPlanResults)
  const minimum = useStore(selectPlanMinimum)
  const min = graph && minimum?.key === minimumKey(graph, memoryModel, cluster, settings.seed) ? minimum : null
  return { graph, cluster, memoryModel, settings, results, min }
}
