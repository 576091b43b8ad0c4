/** Run (every baseline and GenEFlow), its settings, live re-planning, GenEFlow's progress, and Cancel. */
import { formatLatency } from '../format.ts'
import { useStore } from '../store/index.ts'
import { selectGraph, selectMemoryModel } from '../store/selectors.ts'
import { NumberField } from './NumberField.tsx'
import { cancelPartition, exportPlan, resultsKey, runPartition, updatePlanSettings } from './plan-actions.ts'
import { selectCluster, selectPlanResults, selectPlanRun, selectPlanSettings } from './plan-slice.ts'

export function RunBar() {
  const graph = useStore(selectGraph)
  const settings = useStore(selectPlanSettings)
  const run = useStore(selectPlanRun)
  const results = useStore(selectPlanResults)
  const last = run.convergence[run.convergence.length - 1]
  const cluster = useStore(selectCluster)
  const memoryModel = useStore(selectMemoryModel)
  // a plan computed for other devices or limits would not check against this cluster: re-plan first
  const shown = results?.results[results.selected]
  const canExport = graph !== null && shown !== undefined && shown.key === resultsKey(graph, memoryModel, cluster)
  return (
    <div className="plan-toolbar plan-run">
      <button type="button" className="primary" data-testid="run-partition" disabled={!graph} onClick={() => void runPartition()}>
        Run
      </button>
      <span className="plan-muted">GenEFlow and every baseline</span>
      <label>seed <NumberField label="seed" value={settings.seed} step={1} onCommit={(v) => updatePlanSettings({ seed: Math.round(v) })} /></label>
      <label>generations <NumberField label="generations" value={settings.generations} step={1} exclusiveMin onCommit={(v) => updatePlanSettings({ generations: Math.round(v) })} /></label>
      <label className="plan-check">
        <input type="checkbox" checked={settings.live} onChange={(e) => updatePlanSettings({ live: e.target.checked })} />
        re-plan on every change
      </label>
      {run.running && (
        <span className="plan-progress" data-testid="plan-progress" data-generation={last?.generation ?? 0}>
          <progress max={settings.generations} value={last?.generation ?? 0} />
          {last ? `generation ${last.generation}, best ${formatLatency(last.bestLatencyMs)}` : 'baselines…'}
          <button type="button" onClick={cancelPartition}>Cancel</button>
        </span>
      )}
      <span className="plan-spacer" />
      <button type="button" data-testid="export-plan" disabled={!canExport} onClick={exportPlan}
        title={canExport ? 'the shown plan as JSON (docs/spec.md section 4); check it with memoria evaluate and Export cluster' : 'the shown plan was made for other devices or limits: run first'}>
        Export plan
      </button>
    </div>
  )
}
