/**
 * The shown plan: the graph coloured by device (a split node in grey with each device's share as a badge),
 * per-device memory with the limits, and the timeline, with playback in step across the three.
 */
import { memo, useMemo } from 'react'
import type { MemoriaGraph } from '../../core/graph/types.ts'
import { nameTable } from '../../core/names.ts'
import { GraphView } from '../graph/GraphView.tsx'
import { formatLatency } from '../format.ts'
import { useStore } from '../store/index.ts'
import { DeviceMemoryChart } from './DeviceMemoryChart.tsx'
import { Gantt } from './Gantt.tsx'
import { deviceColour, SPLIT_COLOUR } from './plan-colours.ts'
import { selectCluster, selectPlanPlayback, type AlgoResult } from './plan-slice.ts'
import { setPlanStep, togglePlanPlay, usePlanPlayback } from './usePlanPlayback.ts'

function decorations(r: AlgoResult): { colors: Record<string, string>; badges: Record<string, string> } {
  const { plan, trace } = r.detail
  const K = plan.devices.length
  // keyed by node name (`constructor`, `__proto__` are names like any other): no prototype
  const colors = nameTable<string>()
  const badges = nameTable<string>()
  const dims = new Map(plan.assignments.map((a) => [a.node, a.dim]))
  plan.order.forEach((node, k) => {
    const shares = trace.share.slice(k * K, k * K + K)
    const on = shares.map((f, j) => [f, j] as const).filter(([f]) => f > 0)
    if (on.length === 0) return
    if (on.length === 1) {
      colors[node] = deviceColour(on[0][1])
      return
    }
    colors[node] = SPLIT_COLOUR
    const dim = dims.get(node) === 'follow' ? 'follows' : dims.get(node)
    badges[node] = `${dim}: ${on.map(([f, j]) => `${plan.devices[j].name} ${Math.round(f * 100)}%`).join(' · ')}`
  })
  return { colors, badges }
}

function PlanViewImpl({ graph, result, stale = false, behind = false }: { graph: MemoriaGraph; result: AlgoResult; stale?: boolean; behind?: boolean }) {
  const cluster = useStore(selectCluster)
  const playback = useStore(selectPlanPlayback)
  const { plan, trace } = result.detail
  const N = plan.order.length
  usePlanPlayback(N)
  const deco = useMemo(() => decorations(result), [result])
  const limits = useMemo(() => plan.devices.map((d) => cluster.devices.find((c) => c.name === d.name)?.memoryBytes ?? null), [plan, cluster])
  const step = playback.step < N ? playback.step : -1
  const highlight = useMemo(() => (step >= 0 ? { running: plan.order[step] } : undefined), [step, plan])
  return (
    <div className="plan-view" data-testid="plan-view" data-algo={plan.algo} data-stale={String(stale)} data-behind={String(behind)}>
      <div className="plan-toolbar">
        <h3>Plan: {plan.algo}</h3>
        {stale && <span className="updating" data-testid="plan-view-updating">computed for the previous devices — updating…</span>}
        {!stale && behind && (
          <span className="updating" data-testid="plan-view-behind">
            GenEFlow is still searching: its best plan so far is in the table above; this view redraws when the run ends
          </span>
        )}
        <span className={stale ? 'plan-muted is-stale' : 'plan-muted'}>
          {formatLatency(plan.latencyMs)} ({plan.computeMs.toFixed(2)} compute on the critical path, {plan.commMs.toFixed(2)} waiting for transfers)
        </span>
        <span className="plan-spacer" />
        <button type="button" data-testid="plan-play" onClick={() => togglePlanPlay(N - 1)}>{playback.playing ? 'Pause' : 'Play'}</button>
        <input type="range" aria-label="playback step" min={-1} max={N - 1} value={step} onChange={(e) => setPlanStep(Number(e.target.value))} />
        <span className="plan-muted mono plan-step" data-testid="plan-step">{step >= 0 ? `${step + 1}/${N} ${plan.order[step]}` : `${N} nodes`}</span>
      </div>
      <div className="plan-view-body">
        <div className="plan-graph" data-testid="plan-graph">
          <GraphView graph={graph} nodeColors={deco.colors} nodeBadges={deco.badges} highlight={highlight} />
        </div>
        <div className={stale ? 'plan-view-charts is-stale' : 'plan-view-charts'}>
          <div>
            <h4>Memory per device (dashed: its limit)</h4>
            <DeviceMemoryChart plan={plan} trace={trace} limits={limits} step={step} />
          </div>
          <div>
            <h4>Timeline: compute and receives per device</h4>
            <Gantt plan={plan} trace={trace} step={step} onStep={setPlanStep} />
          </div>
        </div>
      </div>
    </div>
  )
}

export const PlanView = memo(PlanViewImpl)
