/**
 * The "Devices & plan" workspace panel: the devices, Run, whether anything fits, the plans compared,
 * GenEFlow's convergence, and the shown plan (graph, memory per device, timeline).
 */
import { useDeferredValue, useEffect, useState } from 'react'
import { useThrottled } from '../components/useThrottled.ts'
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
 * The plan the view draws while GenEFlow's interim plans arrive. Each redraw of the plan view (its graph's
 * colours and badges, the memory chart, the timeline) costs main thread in proportion to the model: tens of
 * ms on resnet50, 0.5–2 s on densenet121- or swin-scale models even on an idle core, which blocks the page
 * while the worker runs (issue 11). So a small model's view follows the search, at most once per
 * INTERIM_REDRAW_MS; a bigger one keeps what it showed (or nothing) until the final plan, saying so
 * (`behind`) — the results table's row and the convergence chart show every improvement as it comes.
 */
export const INTERIM_REDRAW_MS = 2_000
/** models up to this many nodes redraw the plan view with GenEFlow's interim plans */
export const LIVE_REDRAW_MAX_NODES = 250

/** interim: a GenEFlow plan of a run still going (the final one replaces it) */
const isInterim = (r: AlgoResult | null): boolean => r !== null && r.interim

function useShownPlan(latest: AlgoResult | null, nodes: number): { shown: AlgoResult | null; behind: boolean } {
  // a small model's view: every plan, interim ones throttled (the first one at once)
  const followed = useThrottled(latest, INTERIM_REDRAW_MS, (next, shown) => !isInterim(next) || shown === null)
  // a big model's view: the last plan that is not interim
  const [settled, setSettled] = useState(isInterim(latest) ? null : latest)
  if (!isInterim(latest) && latest !== settled) setSettled(latest)
  if (nodes <= LIVE_REDRAW_MAX_NODES) return { shown: followed, behind: false }
  return { shown: settled, behind: latest !== settled }
}

/** how often the convergence chart redraws while GenEFlow runs */
const CONVERGENCE_REDRAW_MS = 500

/** GenEFlow's convergence: the only part that changes with every progress report */
function Convergence() {
  const run = useStore(selectPlanRun)
  // redrawn twice a second while GenEFlow runs (recharts re-measures its axes on every render); a run's end
  // or a new run's start at once
  const convergence = useThrottled(useStore(selectConvergence), CONVERGENCE_REDRAW_MS,
    (next, shown) => !run.running || next.length < shown.length)
  const graph = useStore(selectGraph)
  const runModel = run.modelKey
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
  const { shown: latest, behind } = useShownPlan(useDeferredValue(useStore(selectShownResult)), graph?.nodes.length ?? 0)
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
      {graph && shown && sameModel && <PlanView graph={graph} result={shown} stale={shown.key !== resultsKey(graph, memoryModel, cluster)} behind={behind} />}
      {graph && !shown && behind && (
        <p className="plan-muted" data-testid="plan-view-behind">
          GenEFlow is searching: its best plan so far is in the table above; the plan view (graph, memory per device,
          timeline) is drawn when the run ends — on a model of this size each redraw would hold up the page.
        </p>
      )}
    </div>
  )
}
