/** GenEFlow's convergence (recharts): best latency and best violation per generation, as they arrive. */
import { memo, useMemo } from 'react'
import { CartesianGrid, Legend, Line, LineChart, Tooltip, XAxis, YAxis } from 'recharts'
import type { GeneflowProgress } from '../../workers/partition-api.ts'
import { formatLatency } from '../format.ts'
import { ChartBox } from './ChartBox.tsx'
import { convergenceRows } from './convergence-rows.ts'

function ConvergenceChartImpl({ data }: { data: GeneflowProgress[] }) {
  const rows = useMemo(() => convergenceRows(data), [data])
  return (
    <ChartBox height={200} testId="convergence-chart" data={{ generations: data.length }}>
      {(width, height) => (
        <LineChart width={width} height={height} data={rows} margin={{ top: 12, right: 12, bottom: 14, left: 4 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="#e5e7eb" />
          <XAxis dataKey="generation" type="number" domain={[1, 'dataMax']} tick={{ fontSize: 11 }}
            label={{ value: 'generation', position: 'insideBottom', offset: -2, fontSize: 11 }} />
          <YAxis yAxisId="lat" tick={{ fontSize: 11 }} width={80} domain={['auto', 'auto']} tickFormatter={(v: number) => `${v.toPrecision(4)}\u00a0ms`}
            label={{ value: 'best latency (ms)', angle: -90, position: 'insideLeft', fontSize: 11, style: { textAnchor: 'middle' } }} />
          <YAxis yAxisId="viol" orientation="right" tick={{ fontSize: 11 }} width={80} tickFormatter={(v: number) => `${v}\u00a0MiB`}
            label={{ value: 'memory over the limits (MiB)', angle: 90, position: 'insideRight', fontSize: 11, style: { textAnchor: 'middle' } }} />
          <Tooltip formatter={(v, name) => (name === 'best latency' ? formatLatency(Number(v)) : `${Number(v).toFixed(2)} MiB`)} />
          <Legend wrapperStyle={{ fontSize: 12 }} />
          <Line yAxisId="lat" dataKey="latency" name="best latency" stroke="#2563eb" dot={false} isAnimationActive={false} />
          <Line yAxisId="viol" dataKey="violation" name="best violation" stroke="#dc2626" dot={false} isAnimationActive={false} />
        </LineChart>
      )}
    </ChartBox>
  )
}

export const ConvergenceChart = memo(ConvergenceChartImpl)
