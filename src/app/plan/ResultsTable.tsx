/**
 * One row per algorithm (`plan-result`, with `data-algo`, `data-latency-ms`, `data-feasible`, and
 * `data-state`: `final`, `interim` — GenEFlow's best plan so far while it runs — or `stale` — computed for
 * an earlier cluster and being replaced): latency, compute versus transfer time, feasibility, per-device peak, and the
 * minimum uniform memory per device. Every figure is core's evaluate of the plan. A row selects the plan view.
 */
import { PARTITION_LABELS } from '../../core/algorithms.ts'
import type { Algo } from '../../workers/partition-api.ts'
import { formatBytes, formatLatency } from '../format.ts'
import { ALL_ALGOS, modelKeyOf, resultsKey, selectPlan } from './plan-actions.ts'
import { deviceColour } from './plan-colours.ts'
import { usePlanInputs } from './usePlanInputs.ts'

const LABEL = PARTITION_LABELS

export function ResultsTable() {
  const { graph, cluster, memoryModel, results, min } = usePlanInputs()
  if (!graph || !results || results.modelKey !== modelKeyOf(graph) || Object.keys(results.results).length === 0) return null
  const currentKey = resultsKey(graph, memoryModel, cluster)
  const order = ['geneflow', ...ALL_ALGOS.filter((a) => a !== 'geneflow')] as Algo[]
  const feasibleLat = order.map((a) => results.results[a]).filter((r) => r?.detail.plan.feasible).map((r) => r!.detail.plan.latencyMs)
  const bestLat = feasibleLat.length > 0 ? Math.min(...feasibleLat) : null
  const anyStale = order.some((a) => results.results[a] !== undefined && results.results[a]!.key !== currentKey)
  return (
    <table className="plan-table plan-results" aria-label="plans compared" data-stale={String(anyStale)}>
      {anyStale && <caption className="updating" data-testid="plan-updating">Figures in grey were computed for the previous devices — updating…</caption>}
      <thead>
        <tr>
          <th>algorithm</th><th>latency</th><th>compute</th><th>transfer</th><th>fits</th>
          <th title="per device: its peak, as weights (W) + activations at their peak (A)">peak per device (W + A)</th>
          <th title="the smallest limit, the same on every device, at which the algorithm finds a feasible plan (bisection to 1 MiB)">minimum memory</th>
        </tr>
      </thead>
      <tbody>
        {order.map((algo) => {
          const r = results.results[algo]
          if (!r) return null
          const p = r.detail.plan
          const state = r.key !== currentKey ? 'stale' : r.interim ? 'interim' : 'final'
          const m = min?.byAlgo[algo]
          return (
            <tr
              key={algo} data-testid="plan-result" data-algo={algo} data-latency-ms={p.latencyMs} data-feasible={String(p.feasible)}
              data-state={state} className={`${results.selected === algo ? 'selected' : ''} ${state}`}
              onClick={() => selectPlan(algo)} title="show this plan"
            >
              <td>
                <button type="button" className="link" onClick={() => selectPlan(algo)}>{LABEL[algo]}</button>
                {state === 'interim' && <span className="plan-muted"> (generation {p.generations}…)</span>}
                {state === 'stale' && <span className="updating"> updating…</span>}
                {algo === 'geneflow' && r.fromSeed && state === 'final' && <span className="plan-muted" title="no offspring beat this seed"> = {r.fromSeed}</span>}
              </td>
              <td className="num">{formatLatency(p.latencyMs)}{bestLat !== null && p.feasible && p.latencyMs === bestLat ? ' ★' : ''}</td>
              <td className="num">{p.computeMs.toFixed(2)} ms</td>
              <td className="num">{p.commMs.toFixed(2)} ms</td>
              <td className={p.feasible ? 'plan-good' : 'plan-bad'}>{p.feasible ? 'yes' : `no, +${formatBytes(p.violationBytes)}`}</td>
              <td>
                {p.devices.map((d, j) => (
                  <span key={d.name} className="plan-peak" title={`${d.name}: weights ${formatBytes(d.weightBytes)} + activations ${formatBytes(d.activationPeakBytes)}`}>
                    <span className="plan-swatch" style={{ background: deviceColour(j) }} />{formatBytes(d.peakBytes)}
                    <span className="plan-muted"> ({formatBytes(d.weightBytes)} W + {formatBytes(d.activationPeakBytes)} A)</span>
                  </span>
                ))}
              </td>
              <td className="num" data-testid="plan-result-minimum">
                {m === undefined ? (min?.bisecting ? '…' : '—') : m === null ? 'none found' : formatBytes(m)}
              </td>
            </tr>
          )
        })}
      </tbody>
    </table>
  )
}
