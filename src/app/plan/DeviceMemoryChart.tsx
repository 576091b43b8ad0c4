/**
 * Per-device memory, each device along its own order (recharts): the weights a device holds plus its live
 * activation bytes (its slices, receive and send buffers) while each of its events runs, in the order
 * BTSearch found for that device; x is the event's index in that device's order (the devices' orders differ
 * in length). Each device's limit is a dashed line in its colour; the playback cursor marks, on the source
 * device's order, the node under it. The maximum of a device's line is its `peakBytes` in the plan.
 */
import { memo, useMemo } from 'react'
import { CartesianGrid, Legend, Line, LineChart, ReferenceLine, Tooltip, XAxis, YAxis } from 'recharts'
import type { Plan } from '../../core/partition/plan.ts'
import type { PlanTrace } from '../../workers/plan-trace.ts'
import { formatBytes } from '../format.ts'
import { ChartBox } from './ChartBox.tsx'
import { deviceColour } from './plan-colours.ts'

interface Props {
  plan: Plan
  trace: PlanTrace
  /** memory limit per device of the shown plan's devices (null: the device is no longer in the cluster) */
  limits: (number | null)[]
  /** index in the order of the node under the cursor, -1 none */
  step: number
}

/** at most this many points per line: a long order is drawn by the maximum of each bucket of steps */
const MAX_POINTS = 500

/**
 * The chart's rows: one per step, or for a long order one per bucket of steps holding each device's maximum
 * in it (so every peak stays on the chart; recharts draws thousands of points slowly).
 */
function chartRows(trace: PlanTrace): Record<string, number>[] {
  const n = Math.max(0, ...trace.activationCurves.map((c) => c.length))
  const size = Math.max(1, Math.ceil(n / MAX_POINTS))
  const rows: Record<string, number>[] = []
  for (let k = 0; k < n; k += size) {
    const row: Record<string, number> = { step: k }
    trace.activationCurves.forEach((c, j) => {
      if (k >= c.length) return
      let m = 0
      for (let i = k; i < Math.min(n, k + size); i++) m = Math.max(m, c[i])
      row[`d${j}`] = m + trace.weightBytes[j]
    })
    rows.push(row)
  }
  return rows
}

/** one dashed line per distinct limit (devices with the same limit share it) */
function limitLines(limits: (number | null)[]): { bytes: number; devices: number[] }[] {
  const byBytes = new Map<number, number[]>()
  limits.forEach((l, j) => { if (l !== null) byBytes.set(l, [...(byBytes.get(l) ?? []), j]) })
  return [...byBytes.entries()].map(([bytes, devices]) => ({ bytes, devices }))
}

function DeviceMemoryChartImpl({ plan, trace, limits, step }: Props) {
  const rows = useMemo(() => chartRows(trace), [trace])
  // the cursor: where the node under it runs in the first device's order that has it
  const cursor = useMemo(() => {
    if (step < 0) return -1
    const name = plan.order[step]
    for (const labels of trace.activationLabels) { const i = labels.indexOf(name); if (i >= 0) return i + 1 }
    return -1
  }, [plan, trace, step])
  const yMax = Math.max(...plan.devices.map((d) => d.peakBytes), ...limits.map((l) => l ?? 0))
  const overAll = limits.some((l) => l !== null && l > 4 * Math.max(...plan.devices.map((d) => d.peakBytes)))
  return (
    <ChartBox height={240} testId="device-memory-chart" data={{ devices: plan.devices.length }}>
      {(width, height) => (
        <LineChart width={width} height={height} data={rows} margin={{ top: 12, right: 12, bottom: 4, left: 4 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="#e5e7eb" />
          <XAxis dataKey="step" type="number" domain={[0, 'dataMax']} tick={{ fontSize: 11 }} />
          <YAxis tick={{ fontSize: 11 }} width={76} tickFormatter={(v: number) => formatBytes(v)}
            domain={[0, overAll ? 'auto' : Math.ceil(yMax * 1.05)]} allowDataOverflow={overAll} />
          <Tooltip
            labelFormatter={(k) => `step ${Number(k)} of each device's own order`}
            formatter={(v, _name, item) => {
              const j = Number(String(item.dataKey).slice(1))
              const i = Number(item.payload?.step ?? 0)
              const what = i === 0 ? 'before its first event' : trace.activationLabels[j]?.[i - 1] ?? ''
              return `${formatBytes(Number(v))} — ${what}`
            }}
          />
          <Legend wrapperStyle={{ fontSize: 12 }} />
          {plan.devices.map((d, j) => (
            <Line key={d.name} dataKey={`d${j}`} name={d.name} stroke={deviceColour(j)} dot={false} isAnimationActive={false} type="stepAfter" />
          ))}
          {limitLines(limits).map(({ bytes, devices }) => {
            const colour = devices.length === 1 ? deviceColour(devices[0]) : '#475569'
            const names = devices.map((j) => plan.devices[j].name).join(', ')
            return (
              <ReferenceLine key={`limit${bytes}`} y={bytes} stroke={colour} strokeDasharray="6 4"
                label={{ value: `limit of ${names}`, fontSize: 10, position: 'insideTopRight', fill: colour }} />
            )
          })}
          {cursor >= 0 && <ReferenceLine x={cursor} stroke="#111827" />}
        </LineChart>
      )}
    </ChartBox>
  )
}

export const DeviceMemoryChart = memo(DeviceMemoryChartImpl)
