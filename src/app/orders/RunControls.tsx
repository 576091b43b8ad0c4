/**
 * The Run control: which algorithms (BTSearch, one baseline, every baseline, or all), BTSearch's time and
 * state budgets, the memory model (the app's setting: switching it recomputes every order), a device limit
 * for the chart; then Run, and while a search runs its progress (states, best peak, bound, elapsed) and
 * Cancel, which stops the search and keeps its best order.
 */
import { useId } from 'react'
import { setMemoryModel } from '../actions/session.ts'
import { formatBytes, formatInt, formatMs } from '../format.ts'
import { useStore } from '../store/index.ts'
import { selectMemoryModel } from '../store/selectors.ts'
import { runSchedules, stopSchedules, updateOrderSettings } from './orders-actions.ts'
import { selectOrderRun } from './orders-slice.ts'
import { MEMORY_MODELS } from '../../core/algorithms.ts'
import { ALGO_LABELS, ALL_ALGOS, type AlgoChoice, type OrdersSettings } from './orders-types.ts'

const CHOICES: { value: AlgoChoice; label: string }[] = [
  { value: 'all', label: 'All (BTSearch + baselines)' },
  { value: 'btsearch', label: 'BTSearch' },
  { value: 'baselines', label: 'All baselines' },
  ...ALL_ALGOS.filter((a) => a !== 'btsearch').map((a) => ({ value: a as AlgoChoice, label: ALGO_LABELS[a] })),
]

function numberOr<T>(v: string, fallback: T): number | T {
  const n = Number(v)
  return v.trim() !== '' && Number.isFinite(n) && n >= 0 ? n : fallback
}

function RunProgress() {
  const run = useStore(selectOrderRun)
  const timeLimitS = useStore((s) => s.orderSettings.timeLimitS)
  if (run.status !== 'running') return null
  const p = run.progress
  const index = run.current ? run.algos.indexOf(run.current) : 0
  const fraction = p && run.current === 'btsearch' && timeLimitS > 0 ? Math.min(1, p.elapsedMs / (timeLimitS * 1000)) : null
  return (
    <div className="schedule-progress" data-testid="schedule-progress" role="status" aria-live="polite"
      data-algo={run.current ?? ''} data-states={p?.states ?? 0}>
      <progress max={1} value={fraction ?? undefined} aria-label="Search progress" />
      <span className="small">
        {run.current ? ALGO_LABELS[run.current] : 'Starting'} ({index + 1} of {run.algos.length})
        {p && (
          <>
            {' · '}{formatInt(p.states)} states · best peak{' '}
            <b data-testid="progress-best">{p.bestPeakBytes === null ? '—' : formatBytes(p.bestPeakBytes)}</b>
            {' · bound '}{p.lowerBoundBytes === null ? '—' : formatBytes(p.lowerBoundBytes)}
            {' · '}{formatMs(p.elapsedMs)}
          </>
        )}
      </span>
    </div>
  )
}

export function RunControls({ settings, disabled }: { settings: OrdersSettings; disabled: boolean }) {
  const id = useId()
  const memoryModel = useStore(selectMemoryModel)
  const running = useStore((s) => s.orderRun.status === 'running')
  const startedAt = useStore((s) => s.orderRun.startedAt)
  const set = (patch: Partial<OrdersSettings>) => updateOrderSettings(patch)
  return (
    // data-run-started / data-running: tests wait for *their* run to start and end (a fast run swaps the buttons
    // back before a test could see Cancel)
    <div className="run-controls" data-testid="run-controls" data-run-started={startedAt} data-running={running}>
      <div className="run-row">
        <label htmlFor={`${id}-algo`}>Algorithm</label>
        <select id={`${id}-algo`} data-testid="algo-select" value={settings.algo}
          onChange={(e) => set({ algo: e.target.value as AlgoChoice })}>
          {CHOICES.map((c) => (
            <option key={c.value} value={c.value}>{c.label}</option>
          ))}
        </select>
        <label htmlFor={`${id}-time`}>time limit (s)</label>
        <input id={`${id}-time`} type="number" min={0.1} step={0.5} className="narrow" data-testid="time-limit"
          value={settings.timeLimitS} onChange={(e) => set({ timeLimitS: numberOr(e.target.value, settings.timeLimitS) })} />
        <label htmlFor={`${id}-states`}>max states</label>
        <input id={`${id}-states`} type="number" min={1} step={1000} className="narrow" data-testid="max-states"
          placeholder="no limit" value={settings.maxStates ?? ''}
          onChange={(e) => set({ maxStates: e.target.value.trim() === '' ? null : Math.max(1, Math.round(numberOr(e.target.value, 1))) })} />
        <fieldset className="segmented" aria-label="Memory model">
          {MEMORY_MODELS.map((m) => (
            <label key={m} className={memoryModel === m ? 'on' : ''}>
              <input type="radio" name={`${id}-model`} value={m} checked={memoryModel === m} data-testid={`memory-model-${m}`}
                onChange={() => setMemoryModel(m)} />
              {m}
            </label>
          ))}
        </fieldset>
        {running ? (
          <button type="button" className="button small danger" data-testid="cancel" onClick={stopSchedules}>
            Cancel
          </button>
        ) : (
          <button type="button" className="button primary small" data-testid="run-schedule" disabled={disabled}
            onClick={() => void runSchedules()}>
            Run
          </button>
        )}
      </div>
      <div className="run-row small">
        <label htmlFor={`${id}-limit`}>device limit (MiB, chart only)</label>
        <input id={`${id}-limit`} type="number" min={0} step={0.5} className="narrow" data-testid="device-limit"
          placeholder="none" value={settings.deviceLimitBytes === null ? '' : +(settings.deviceLimitBytes / 2 ** 20).toFixed(3)}
          onChange={(e) => {
            const v = e.target.value.trim()
            set({ deviceLimitBytes: v === '' ? null : Math.round(numberOr(v, 0) * 2 ** 20) || null })
          }} />
        <label htmlFor={`${id}-samples`}>random samples</label>
        <input id={`${id}-samples`} type="number" min={1} step={10} className="narrow" value={settings.samples}
          onChange={(e) => set({ samples: Math.max(1, Math.round(numberOr(e.target.value, settings.samples))) })} />
        <label htmlFor={`${id}-seed`}>seed</label>
        <input id={`${id}-seed`} type="number" min={0} step={1} className="narrow" value={settings.seed}
          onChange={(e) => set({ seed: Math.round(numberOr(e.target.value, settings.seed)) })} />
      </div>
      <RunProgress />
    </div>
  )
}
