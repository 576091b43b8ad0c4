/**
 * The plan's timeline (SVG): per device, a compute lane (one bar per node share, in the device's colour)
 * and a receive lane (the bytes it downloads, grey), on one time axis from 0 to the plan's latency. The node
 * under the playback cursor is outlined on every device; clicking a bar moves the cursor there.
 * Receive bars: one per message, from when it started down the device's link to its arrival, as core's
 * simulation timed it (plan-trace.ts). On a shared medium (network "shared") one more row, the medium: every
 * hop's airtime (uploads dark, the router's sends light), which never overlap. Bars that touch within half a
 * pixel are drawn as one (mergedBars, mergedSpans); the cursor's node is outlined on top.
 */
import { memo, useMemo } from 'react'
import type { Plan } from '../../core/partition/plan.ts'
import type { PlanTrace } from '../../workers/plan-trace.ts'
import { formatBytes, formatLatency } from '../format.ts'
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

interface Bar { k: number; last: number; j: number; s: number; e: number }

/** bars closer than this (in units of the W-wide axis, about a pixel each) are drawn as one: the gap is invisible */
const MERGE_GAP = 0.5

/**
 * Compute bars per device in time order, consecutive ones merged while they touch within MERGE_GAP
 * of the 1000-unit axis (thousands of nodes would otherwise be thousands of invisible slivers); a merged
 * bar keeps its first node (a click goes there) and says how many it holds.
 */
function mergedBars(trace: PlanTrace, N: number, K: number, end: number): Bar[] {
  const eps = (end / W) * MERGE_GAP
  const out: Bar[] = []
  for (let j = 0; j < K; j++) {
    let cur: Bar | null = null
    for (let k = 0; k < N; k++) {
      const e = trace.computeEndMs[k * K + j]
      if (e < 0) continue
      const s = trace.computeStartMs[k * K + j]
      if (cur !== null && s - cur.e <= eps) {
        cur.e = Math.max(cur.e, e)
        cur.last = k
        continue
      }
      if (cur !== null) out.push(cur)
      cur = { k, last: k, j, s, e }
    }
    if (cur !== null) out.push(cur)
  }
  return out
}

interface Span { i: number; n: number; s: number; e: number; lane: number }

/**
 * Receive (or airtime) bars per lane, merged like the compute bars: intervals of one lane sorted by start,
 * joined while they overlap or touch within MERGE_GAP. A big model's plan has tens of thousands of
 * messages; one element (and its tooltip) each made the timeline's first draw take seconds. A merged bar
 * keeps its first message (a click goes to its node) and says how many it holds.
 */
function mergedSpans<T extends { startMs: number; endMs: number }>(items: readonly T[], laneOf: (t: T) => number, end: number): Span[] {
  const eps = (end / W) * MERGE_GAP
  const idx = items.map((_, i) => i).sort((a, b) => laneOf(items[a]) - laneOf(items[b]) || items[a].startMs - items[b].startMs)
  const out: Span[] = []
  let cur: Span | null = null
  for (const i of idx) {
    const t = items[i]
    const lane = laneOf(t)
    if (cur !== null && cur.lane === lane && t.startMs - cur.e <= eps) {
      cur.e = Math.max(cur.e, t.endMs)
      cur.n++
      continue
    }
    if (cur !== null) out.push(cur)
    cur = { i, n: 1, s: t.startMs, e: t.endMs, lane }
  }
  if (cur !== null) out.push(cur)
  return out
}

function GanttImpl({ plan, trace, step, onStep }: Props) {
  const K = plan.devices.length
  const N = plan.order.length
  const end = Math.max(trace.latencyMs, 1e-9)
  const x = (ms: number): number => (ms / end) * W
  const medium = trace.medium
  const mediumY = K * (2 * LANE + GAP)
  const H = K * (2 * LANE + GAP) + (medium ? LANE + GAP : 0) + 18
  const bars = useMemo(() => mergedBars(trace, N, K, end), [trace, N, K, end])
  const receives = useMemo(() => mergedSpans(trace.transfers, (t) => t.device, end), [trace, end])
  // the medium has two shades (uploads, the router's sends): merged apart
  const airtime = useMemo(() => (medium ? mergedSpans(medium, (b) => (b.to === -1 ? 0 : 1), end) : null), [medium, end])
  // the cursor's node, drawn on its own over the merged bars
  const current = step >= 0 ? Array.from({ length: K }, (_, j) => ({ j, s: trace.computeStartMs[step * K + j], e: trace.computeEndMs[step * K + j] })).filter((b) => b.e >= 0) : []
  const cursorMs = current.length > 0 ? Math.min(...current.map((b) => b.s)) : null
  const ticks = Array.from({ length: 6 }, (_, i) => (end * i) / 5)
  return (
    <div className="plan-gantt" data-testid="gantt" data-latency-ms={plan.latencyMs} data-bars={bars.length} data-transfers={trace.transfers.length}
      data-transfer-bars={receives.length} data-medium={medium ? medium.length : undefined}>
      <div className="plan-gantt-labels" style={{ height: H }}>
        {plan.devices.map((d, j) => (
          <div key={d.name} style={{ height: 2 * LANE + GAP }}>
            <span className="plan-swatch" style={{ background: deviceColour(j) }} />{d.name}
            <div className="plan-muted">compute / receive</div>
          </div>
        ))}
        {medium && (
          <div style={{ height: LANE + GAP }} data-testid="gantt-medium">
            medium<div className="plan-muted">airtime: send / forward</div>
          </div>
        )}
      </div>
      <svg viewBox={`0 0 ${W} ${H}`} preserveAspectRatio="none" width="100%" height={H} role="img"
        aria-label={`timeline of the plan: ${formatLatency(plan.latencyMs)}`}>
        {ticks.map((t) => <line key={t} x1={x(t)} x2={x(t)} y1={0} y2={H - 18} stroke="#e5e7eb" vectorEffect="non-scaling-stroke" />)}
        {bars.map((b) => (
          <rect key={`${b.k}:${b.j}`} x={x(b.s)} width={Math.max(0.6, x(b.e) - x(b.s))} y={b.j * (2 * LANE + GAP)} height={LANE - 2}
            fill={deviceColour(b.j)} opacity={0.75} onClick={() => onStep(b.k)}>
            <title>{b.last === b.k
              ? `${plan.order[b.k]} on ${plan.devices[b.j].name}: ${b.s.toFixed(3)}–${b.e.toFixed(3)} ms`
              : `${b.last - b.k + 1} nodes on ${plan.devices[b.j].name} from ${plan.order[b.k]}: ${b.s.toFixed(3)}–${b.e.toFixed(3)} ms`}</title>
          </rect>
        ))}
        {current.map((b) => (
          <rect key={`cur${b.j}`} x={x(b.s)} width={Math.max(0.6, x(b.e) - x(b.s))} y={b.j * (2 * LANE + GAP)} height={LANE - 2}
            fill={deviceColour(b.j)} stroke="#111827" strokeWidth={2} vectorEffect="non-scaling-stroke" className="running">
            <title>{`${plan.order[step]} on ${plan.devices[b.j].name}: ${b.s.toFixed(3)}–${b.e.toFixed(3)} ms`}</title>
          </rect>
        ))}
        {receives.map((r) => {
          const t = trace.transfers[r.i]
          return (
            <rect key={`t${r.i}`} x={x(r.s)} width={Math.max(0.6, x(r.e) - x(r.s))} y={r.lane * (2 * LANE + GAP) + LANE}
              height={LANE - 4} fill="#94a3b8" onClick={() => { if (t.step >= 0) onStep(t.step) }}>
              <title>{r.n > 1
                ? `${plan.devices[r.lane].name} receives ${r.n} messages from ${r.s.toFixed(3)} to ${r.e.toFixed(3)} ms, the first for ${t.step >= 0 ? plan.order[t.step] : 'the output at the source'}`
                : `${plan.devices[t.device].name} receives ${formatBytes(t.bytes)}${plan.devices[t.from] ? ` from ${plan.devices[t.from].name}` : ''} for ${t.step >= 0 ? plan.order[t.step] : 'the output at the source'}: ${t.startMs.toFixed(3)}–${t.endMs.toFixed(3)} ms`}</title>
            </rect>
          )
        })}
        {/* the cursor's node's messages, outlined over the merged bars */}
        {step >= 0 && trace.transfers.map((t, i) => t.step !== step ? null : (
          <rect key={`tc${i}`} x={x(t.startMs)} width={Math.max(0.6, x(t.endMs) - x(t.startMs))} y={t.device * (2 * LANE + GAP) + LANE}
            height={LANE - 4} fill="#94a3b8" stroke="#111827" strokeWidth={2} vectorEffect="non-scaling-stroke" />
        ))}
        {medium && airtime?.map((r) => {
          const b = medium[r.i]
          return (
            <rect key={`m${r.i}`} x={x(r.s)} width={Math.max(0.6, x(r.e) - x(r.s))} y={mediumY} height={LANE - 2}
              fill={r.lane === 0 ? '#475569' : '#cbd5e1'} onClick={() => { if (b.step >= 0) onStep(b.step) }}>
              <title>{r.n > 1
                ? `${r.n} ${r.lane === 0 ? 'uploads to the router' : 'sends by the router'} from ${r.s.toFixed(3)} to ${r.e.toFixed(3)} ms`
                : `${b.to === -1 ? `${plan.devices[b.from]?.name ?? '?'} sends ${formatBytes(b.bytes)} to the router`
                  : `the router sends ${formatBytes(b.bytes)} to ${b.to === -2 ? 'several devices at once' : plan.devices[b.to]?.name ?? '?'}`} for ${b.step >= 0 ? plan.order[b.step] : 'the output at the source'}: ${b.startMs.toFixed(3)}–${b.endMs.toFixed(3)} ms`}</title>
            </rect>
          )
        })}
        {medium && step >= 0 && medium.map((b, i) => b.step !== step ? null : (
          <rect key={`mc${i}`} x={x(b.startMs)} width={Math.max(0.6, x(b.endMs) - x(b.startMs))} y={mediumY} height={LANE - 2}
            fill={b.to === -1 ? '#475569' : '#cbd5e1'} stroke="#111827" strokeWidth={2} vectorEffect="non-scaling-stroke" />
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
