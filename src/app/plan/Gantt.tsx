/**
 * The plan's timeline (SVG): per device, a compute lane (one bar per node share, in the device's colour)
 * and a receive lane (the bytes it downloads, grey), on one time axis from 0 to the plan's latency. The node
 * under the playback cursor is outlined on every device; clicking a bar moves the cursor there.
 * Receive bars: see plan-trace.ts (each ends when the data arrived, as long as its transfer takes).
 */
import { memo, useMemo } from 'react'
import type { Plan } from '../../core/partition/plan.ts'
import type { PlanTrace } from '../../workers/plan-trace.ts'
import { formatBytes } from '../format.ts'
import { deviceColour } from './plan-colours.ts'

interface Props {
  plan: Plan
  trace: PlanTrace
  step: number
  onStep: (step: number) => void
}

const W = 1000
const LANE = 16
const GAP = 8

function GanttImpl({ plan, trace, step, onStep }: Props) {
  const K = plan.devices.length
  const N = plan.order.length
  const end = Math.max(trace.latencyMs, 1e-9)
  const x = (ms: number): number => (ms / end) * W
  const H = K * (2 * LANE + GAP) + 18
  const bars = useMemo(() => {
    const out: { k: number; j: number; s: number; e: number }[] = []
    for (let k = 0; k < N; k++) {
      for (let j = 0; j < K; j++) {
        const e = trace.computeEndMs[k * K + j]
        if (e >= 0) out.push({ k, j, s: trace.computeStartMs[k * K + j], e })
      }
    }
    return out
  }, [trace, N, K])
  const cursorMs = step >= 0 ? Math.min(...bars.filter((b) => b.k === step).map((b) => b.s), Infinity) : null
  const ticks = Array.from({ length: 6 }, (_, i) => (end * i) / 5)
  return (
    <div className="plan-gantt" data-testid="gantt" data-latency-ms={plan.latencyMs} data-bars={bars.length} data-transfers={trace.transfers.length}>
      <div className="plan-gantt-labels" style={{ height: H }}>
        {plan.devices.map((d, j) => (
          <div key={d.name} style={{ height: 2 * LANE + GAP }}>
            <span className="plan-swatch" style={{ background: deviceColour(j) }} />{d.name}
            <div className="plan-muted">compute / receive</div>
          </div>
        ))}
      </div>
      <svg viewBox={`0 0 ${W} ${H}`} preserveAspectRatio="none" width="100%" height={H} role="img"
        aria-label={`timeline of the plan: ${plan.latencyMs.toFixed(2)} ms`}>
        {ticks.map((t) => <line key={t} x1={x(t)} x2={x(t)} y1={0} y2={H - 18} stroke="#e5e7eb" vectorEffect="non-scaling-stroke" />)}
        {bars.map((b) => (
          <rect key={`${b.k}:${b.j}`} x={x(b.s)} width={Math.max(0.6, x(b.e) - x(b.s))} y={b.j * (2 * LANE + GAP)} height={LANE - 2}
            fill={deviceColour(b.j)} opacity={b.k === step ? 1 : 0.75} stroke={b.k === step ? '#111827' : 'none'}
            strokeWidth={2} vectorEffect="non-scaling-stroke" className={b.k === step ? 'running' : undefined}
            onClick={() => onStep(b.k)}>
            <title>{`${plan.order[b.k]} on ${plan.devices[b.j].name}: ${b.s.toFixed(3)}–${b.e.toFixed(3)} ms`}</title>
          </rect>
        ))}
        {trace.transfers.map((t, i) => (
          <rect key={`t${i}`} x={x(t.startMs)} width={Math.max(0.6, x(t.endMs) - x(t.startMs))} y={t.device * (2 * LANE + GAP) + LANE}
            height={LANE - 4} fill="#94a3b8" stroke={t.step === step ? '#111827' : 'none'} strokeWidth={2} vectorEffect="non-scaling-stroke"
            onClick={() => { if (t.step >= 0) onStep(t.step) }}>
            <title>{`${plan.devices[t.device].name} receives ${formatBytes(t.bytes)} for ${t.step >= 0 ? plan.order[t.step] : 'the output at the source'}, until ${t.endMs.toFixed(3)} ms`}</title>
          </rect>
        ))}
        {cursorMs !== null && Number.isFinite(cursorMs) && (
          <line x1={x(cursorMs)} x2={x(cursorMs)} y1={0} y2={H - 18} stroke="#111827" strokeWidth={1.5} vectorEffect="non-scaling-stroke" />
        )}
      </svg>
      <div className="plan-gantt-axis">
        {ticks.map((t) => <span key={t}>{t.toFixed(t < 10 ? 2 : 1)} ms</span>)}
      </div>
    </div>
  )
}

export const Gantt = memo(GanttImpl)
