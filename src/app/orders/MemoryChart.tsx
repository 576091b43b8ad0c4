/**
 * Memory over program order (recharts): one line per order, the peak of each marked, an optional device
 * limit, the playback cursor, the lifetime of a hovered tensor as a band, and a brush to zoom. Hovering a
 * step reports it (`onHoverStep`), so the panel can list that step's live tensors beside the chart; the
 * tooltip names the node each order runs there and the largest live tensors of the first order.
 *
 * Data keys are `s0`, `s1`, … (never the order ids: recharts reads dots in a key as a path).
 */
import { memo, useMemo, useRef, useState } from 'react'
import {
  Brush, CartesianGrid, Line, LineChart, ReferenceArea, ReferenceDot, ReferenceLine,
  Tooltip, XAxis, YAxis, type TooltipContentProps,
} from 'recharts'
import { useVisibleSize } from '../components/useVisibleSize.ts'
import { formatBytes, MiB } from '../format.ts'
import { chartRows, snapStep, THIN_ABOVE, type ChartRow } from './chart-rows.ts'
import type { Curve, LiveTensor } from './curves.ts'
import { shortName } from './order-facts.ts'
import { niceTicks, stepTicks } from './ticks.ts'

export interface ChartSeries {
  id: string
  label: string
  color: string
  curve: Curve
  /** what the marked peak is called ('peak'; random's chart shows its median sample: 'median sample’s peak') */
  peakName?: string
  /** the node this order runs at step k (null at step 0) */
  nodeAt: (k: number) => string | null
}

export interface Lifetime {
  fromStep: number
  toStep: number
  /** short, drawn on the chart */
  label: string
  /** the whole story, for a tooltip */
  title: string
}

interface Props {
  series: ChartSeries[]
  cursorStep: number | null
  deviceLimitBytes: number | null
  lifetime: Lifetime | null
  /** the live tensors of the first series at a step, for the tooltip */
  liveAt?: (k: number) => LiveTensor[]
  onHoverStep?: (step: number | null) => void
  onClickStep?: (step: number) => void
  syncId?: string
  height?: number
  testId?: string
  /** hide the brush (the synced compare panes share the main chart's) */
  brush?: boolean
}

type Row = ChartRow

const TOOLTIP_TENSORS = 6

function stepOf(label: unknown): number | null {
  const n = typeof label === 'number' ? label : Number(label)
  return Number.isInteger(n) ? n : null
}

function ChartTooltip(props: Partial<TooltipContentProps> & { series: ChartSeries[]; liveAt?: (k: number) => LiveTensor[] }) {
  const { active, label, series, liveAt } = props
  const k = stepOf(label)
  if (!active || k === null) return null
  const live = liveAt ? liveAt(k) : []
  return (
    <div className="chart-tooltip" data-testid="chart-tooltip">
      <div className="chart-tooltip-head">step {k}</div>
      {series.map((s) => {
        const v = s.curve.during[k]
        if (v === undefined) return null
        return (
          <div key={s.id} className="chart-tooltip-row">
            <span className="swatch" style={{ background: s.color }} />
            <span className="mono ellipsis" title={s.nodeAt(k) ?? 'graph inputs'}>
              {shortName(s.nodeAt(k) ?? 'graph inputs', 44)}
            </span>
            <span className="num">{formatBytes(v)}</span>
          </div>
        )
      })}
      {live.length > 0 && (
        <div className="chart-tooltip-live">
          <div className="muted">live{series.length > 1 ? ` (${series[0].label})` : ''}, largest first</div>
          {live.slice(0, TOOLTIP_TENSORS).map((t) => (
            <div key={t.name} className="chart-tooltip-row">
              <span className="mono ellipsis" title={t.name}>{shortName(t.name, 44)}</span>
              <span className="num">{formatBytes(t.bytes)}</span>
            </div>
          ))}
          {live.length > TOOLTIP_TENSORS && <div className="muted">… {live.length - TOOLTIP_TENSORS} more</div>}
        </div>
      )}
    </div>
  )
}

/** at most this many labelled steps on the x axis, and memory ticks on the y axis */
const X_TICKS = 8
const Y_TICKS = 7

const noPoints = (): number[] => []

function StepTick(props: { x?: number; y?: number; payload?: { value: unknown } }) {
  const { x = 0, y = 0, payload } = props
  const k = stepOf(payload?.value)
  if (k === null) return null
  return (
    <g transform={`translate(${x},${y})`} className="step-tick">
      <line x1={0} x2={0} y1={-8} y2={-2} stroke="#666" />
      <text x={0} y={0} dy={10} textAnchor="middle" fontSize={11} fill="#666">{k}</text>
    </g>
  )
}

/**
 * The chart is drawn at the size its box has. While its panel is hidden (the box is 0 × 0) nothing is
 * re-rendered: the last chart stays as it was (its brush too) and playback or new results redraw it when
 * the panel is shown again. recharts' ResponsiveContainer re-rendered at 0 × 0 on every playback step and
 * warned each time ("The width(0) and height(0) of chart should be greater than 0").
 */
function MemoryChartImpl(props: Props) {
  const box = useRef<HTMLDivElement>(null)
  const { size, visible } = useVisibleSize(box)
  return (
    <div className="memory-chart" data-testid={props.testId ?? 'memory-chart'} style={{ height: props.height ?? 320 }} ref={box}>
      {size && <FrozenWhileHidden {...props} width={size.width} height={size.height} visible={visible} />}
    </div>
  )
}

type BodyProps = Props & { width: number; height: number; visible: boolean }

/** re-renders only while visible: a hidden chart keeps what it drew, and draws the new props when shown */
const FrozenWhileHidden = memo(function FrozenWhileHidden(props: BodyProps) {
  return <ChartBody {...props} />
}, (prev, next) => {
  if (!next.visible) return true
  const keys = new Set([...Object.keys(prev), ...Object.keys(next)]) as Set<keyof BodyProps>
  for (const k of keys) if (prev[k] !== next[k]) return false
  return true
})

function ChartBody(props: Props & { width: number; height: number }) {
  const { series, cursorStep, deviceLimitBytes, lifetime, liveAt, onHoverStep, onClickStep } = props
  // thinned on long orders (chart-rows.ts): the width only matters then, so a resize of a short order's
  // chart does not rebuild its rows
  const thinWidth = Math.max(0, ...series.map((s) => s.curve.during.length)) > THIN_ABOVE ? props.width : 0
  const { rows, unit } = useMemo(() => chartRows(series.map((s) => s.curve.during), series.map((s) => s.curve.peakStep), thinWidth), [series, thinWidth])
  // a cursor or a band edge between two rows goes to the nearest one (only on thinned charts)
  const snap = (k: number): number => (unit > 1 ? snapStep(rows, k) : k)
  const lastStep = rows.length === 0 ? 0 : rows[rows.length - 1].step
  // the brush's window (row indices), for the step ticks; a new set of rows shows them all again
  const [view, setView] = useState<{ rows: Row[]; start: number; end: number } | null>(null)
  const shown = view !== null && view.rows === rows ? view : { start: 0, end: rows.length - 1 }
  const xTicks = useMemo(() => (rows.length === 0 ? [] : stepTicks(rows[shown.start].step, rows[shown.end].step, X_TICKS, unit)), [rows, unit, shown.start, shown.end])
  const yMax = Math.max(deviceLimitBytes ?? 0, ...series.map((s) => s.curve.peakBytes))
  // round ticks in MiB (1/2/5 × 10^k MiB: 0, 1, 2 … MiB, as format.ts writes sizes), the top one above
  // the peak with a little headroom
  const yTicks = useMemo(() => niceTicks(0, Math.max(1, Math.ceil(yMax * 1.04)) / MiB, Y_TICKS, { cover: true }).map((v) => Math.round(v * MiB)), [yMax])

  return (
        <LineChart
          width={props.width}
          height={props.height}
          data={rows}
          syncId={props.syncId}
          margin={{ top: 16, right: 24, bottom: 4, left: 8 }}
          onMouseMove={(st) => onHoverStep?.(st.isTooltipActive ? stepOf(st.activeLabel) : null)}
          onMouseLeave={() => onHoverStep?.(null)}
          onClick={(st) => {
            const k = stepOf(st.activeLabel)
            if (k !== null) onClickStep?.(k)
          }}
        >
          {/* no vertical lines, so no vertical coordinates: recharts' default generator measures every step's label */}
          <CartesianGrid strokeDasharray="3 3" stroke="#e3e6ea" vertical={false} verticalCoordinatesGenerator={noPoints} />
          <XAxis dataKey="step" ticks={xTicks} interval={0} tickLine={false} tick={<StepTick />} />
          <YAxis width={72} tick={{ fontSize: 11 }} tickFormatter={(v: number) => formatBytes(v)}
            domain={[0, yTicks[yTicks.length - 1]]} ticks={yTicks} />
          <Tooltip
            isAnimationActive={false}
            content={<ChartTooltip series={series} liveAt={liveAt} />}
          />
          {lifetime && (
            <ReferenceArea x1={snap(lifetime.fromStep)} x2={snap(Math.max(lifetime.toStep, lifetime.fromStep))}
              fill="#f5a524" fillOpacity={0.18} stroke="#f5a524" strokeOpacity={0.6}
              label={{ value: lifetime.label, position: 'insideBottom', fontSize: 11 }} />
          )}
          {deviceLimitBytes !== null && deviceLimitBytes > 0 && (
            <ReferenceLine y={deviceLimitBytes} stroke="#d33" strokeDasharray="6 3"
              label={{ value: `device limit ${formatBytes(deviceLimitBytes)}`, position: 'insideTopLeft', fontSize: 11, fill: '#d33' }} />
          )}
          {cursorStep !== null && <ReferenceLine x={snap(cursorStep)} stroke="#222" strokeWidth={1.5} />}
          {series.map((s, i) => (
            <Line key={s.id} type="stepAfter" dataKey={`s${i}`} name={s.label} stroke={s.color} dot={false}
              strokeWidth={i === 0 ? 2 : 1.5} isAnimationActive={false} connectNulls={false} />
          ))}
          {series.map((s) => (
            <ReferenceDot key={`peak-${s.id}`} x={s.curve.peakStep} y={s.curve.peakBytes} r={4} fill={s.color}
              stroke="#fff" label={series.length === 1
                ? {
                  value: `${s.peakName ?? 'peak'} ${formatBytes(s.curve.peakBytes)} (step ${s.curve.peakStep})`, fontSize: 11, fill: '#1c2430',
                  // keep the label inside the plot when the peak is near the right edge
                  position: s.curve.peakStep > 0.6 * lastStep ? 'left' : 'right',
                }
                : undefined} />
          ))}
          {props.brush !== false && rows.length > 20 && (
            <Brush dataKey="step" height={18} stroke="#8892a0" travellerWidth={8}
              onChange={(r) => {
                if (r.startIndex !== undefined && r.endIndex !== undefined) setView({ rows, start: r.startIndex, end: r.endIndex })
              }} />
          )}
        </LineChart>
  )
}

export const MemoryChart = memo(MemoryChartImpl)
