/**
 * The "Devices & plan" workspace panel: the devices, Run, whether anything fits, the plans compared,
 * GenEFlow's convergence, and the shown plan (graph, memory per device, timeline).
 */
import { useDeferredValue, useEffect, useRef, useState } from 'react'
import { useStore } from '../store/index.ts'
import { selectGraph, selectMemoryModel } from '../store/selectors.ts'
import type { AppState } from '../store/index.ts'
import { ConvergenceChart } from './ConvergenceChart.tsx'
import { DevicesPanel } from './DevicesPanel.tsx'
import { ensureBound, modelKeyOf, resultsKey } from './plan-actions.ts'
import { selectCluster, selectConvergence, selectPlanResults, selectPlanRun, selectShownResult, type AlgoResult } from './plan-slice.ts'
import { PlanStatus } from './PlanStatus.tsx'
import { PlanView } from './PlanView.tsx'
import { ResultsTable } from './ResultsTable.tsx'
import { RunBar } from './RunBar.tsx'
// oxlint-disable-next-line import/no-unassigned-import -- the panel's stylesheet, bundled by Vite
import './plan.css'

const selectPanelIsPlan = (s: AppState) => s.panel === 'devices'

/**
 * GenEFlow's interim plans redraw the plan view (its graph's colours and badges, the memory chart, the
 * timeline: Cytoscape restyles every node) at most once per INTERIM_REDRAW_MS; a final plan at once. On 2
 * shared cores each redraw of densenet121's plan view took up to seconds of main thread (issue 11), and the
 * table's row already shows every improvement as it comes.
 */
export const INTERIM_REDRAW_MS = 2_000

function useInterimThrottle(latest: AlgoResult | null): AlgoResult | null {
  const [shown, setShown] = useState(latest)
  const lastAt = useRef(0)
  useEffect(() => {
    if (latest === shown) return
    const wait = latest !== null && latest.interim && shown !== null ? lastAt.current + INTERIM_REDRAW_MS - performance.now() : 0
    const h = setTimeout(() => {
      lastAt.current = performance.now()
      setShown(latest)
    }, Math.max(0, wait))
    return () => clearTimeout(h)
  }, [latest, shown])
  return shown
}

/** GenEFlow's convergence: the only part that changes with every progress report */
function Convergence() {
  const convergence = useStore(selectConvergence)
  const graph = useStore(selectGraph)
  const runModel = useStore(selectPlanRun).modelKey
  // the convergence of a run for another model is never shown (the run is cancelled and cleared on a change)
  if (convergence.length === 0 || graph === null || runModel !== modelKeyOf(graph)) return null
  return (
    <div className="plan-convergence">
      <h4>GenEFlow convergence</h4>
      <ConvergenceChart data={convergence} />
    </div>
  )
}

export function PlanPanel() {
  const graph = useStore(selectGraph)
  // the plan view is heavy (graph, charts, timeline): render a new plan in an interruptible background pass,
  // so a click during a run is answered first
  const latest = useInterimThrottle(useDeferredValue(useStore(selectShownResult)))
  // while another tab is shown, a plan arriving does not redraw the hidden view (it does when shown again)
  const visible = useStore(selectPanelIsPlan)
  const [shown, setShown] = useState(latest)
  if (visible && shown !== latest) setShown(latest)
  // core's bound as soon as the model or the devices change (not their limits: it does not depend on them)
  const cluster = useStore(selectCluster)
  const memoryModel = useStore(selectMemoryModel)
  useEffect(() => {
    if (visible) ensureBound(graph, cluster, memoryModel)
  }, [visible, graph, cluster, memoryModel])
  const resultsModel = useStore(selectPlanResults)?.modelKey
  const sameModel = graph !== null && shown !== null && resultsModel === modelKeyOf(graph) &&
    shown.detail.plan.order.length === graph.nodes.length
  return (
    <div className="plan-panel" data-testid="plan-panel">
      <DevicesPanel />
      <RunBar />
      <PlanStatus />
      <div className="plan-compare">
        <ResultsTable />
        <Convergence />
      </div>
      {graph && shown && sameModel && <PlanView graph={graph} result={shown} stale={shown.key !== resultsKey(graph, memoryModel, cluster)} />}
    </div>
  )
}
