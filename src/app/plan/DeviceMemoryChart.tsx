/**
 * Per-device memory along the plan's order (recharts): the weights a device holds plus its live activation
 * bytes (its slices and receive buffers) while each node runs, with each device's limit as a dashed line in
 * its colour, and the playback cursor. The maximum of a device's line is its `peakBytes` in the plan.
 */
import { memo, useMemo } from 'react'
import { CartesianGrid, Legend, Line, LineChart, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts'
import type { Plan } from '../../core/partition/plan.ts'
import type { PlanTrace } from '../../workers/plan-trace.ts'
import { formatBytes } from '../format.ts'
import { deviceColour } from './plan-colours.ts'

interface Props {
  plan: Plan
  trace: PlanTrace
  /** memory limit per device of the shown plan's devices (null: the device is no longer in the cluster) */
  limits: (number | null)[]
  /** index in the order of the node under the cursor, -1 none */
  step: number
}

function DeviceMemoryChartImpl({ plan, trace, limits, step }: Props) {
  const rows = useMemo(() => {
    const n = trace.activationCurves[0]?.length ?? 0
    return Array.from({ length: n }, (_, k) => {
      const row: Record<string, number> = { step: k }
      trace.activationCurves.forEach((c, j) => { row[`d${j}`] = c[k] + trace.weightBytes[j] })
      return row
    })
  }, [trace])
  const yMax = Math.max(...plan.devices.map((d) => d.peakBytes), ...limits.map((l) => l ?? 0))
  const overAll = limits.some((l) => l !== null && l > 4 * Math.max(...plan.devices.map((d) => d.peakBytes)))
  return (
    <div className="plan-chart" data-testid="device-memory-chart" data-devices={plan.devices.length} style={{ height: 240 }}>
      <ResponsiveContainer width="100%" height="100%">
        <LineChart data={rows} margin={{ top: 8, right: 12, bottom: 4, left: 4 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="#e5e7eb" />
          <XAxis dataKey="step" type="number" domain={[0, 'dataMax']} tick={{ fontSize: 11 }} />
          <YAxis tick={{ fontSize: 11 }} width={76} tickFormatter={(v: number) => formatBytes(v)}
            domain={[0, overAll ? 'auto' : Math.ceil(yMax * 1.05)]} allowDataOverflow={overAll} />
          <Tooltip
            labelFormatter={(k) => { const i = Number(k); return i === 0 ? 'graph inputs' : plan.order[i - 1] ?? '' }}
            formatter={(v) => formatBytes(Number(v))}
          />
          <Legend wrapperStyle={{ fontSize: 12 }} />
          {plan.devices.map((d, j) => (
            <Line key={d.name} dataKey={`d${j}`} name={d.name} stroke={deviceColour(j)} dot={false} isAnimationActive={false} type="stepAfter" />
          ))}
          {limits.map((l, j) => l === null ? null : (
            <ReferenceLine key={`limit${j}`} y={l} stroke={deviceColour(j)} strokeDasharray="6 4"
              label={{ value: `${plan.devices[j].name} limit`, fontSize: 10, position: 'insideTopRight', fill: deviceColour(j) }} />
          ))}
          {step >= 0 && <ReferenceLine x={step + 1} stroke="#111827" />}
        </LineChart>
      </ResponsiveContainer>
    </div>
  )
}

export const DeviceMemoryChart = memo(DeviceMemoryChartImpl)
