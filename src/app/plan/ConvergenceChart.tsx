/** GenEFlow's convergence (recharts): best latency and best violation per generation, as they arrive. */
import { memo } from 'react'
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts'
import type { GeneflowProgress } from '../../workers/partition-api.ts'

const MiB = 2 ** 20

function ConvergenceChartImpl({ data }: { data: GeneflowProgress[] }) {
  const rows = data.map((p) => ({ generation: p.generation, latency: p.bestLatencyMs, violation: p.bestViolationBytes / MiB }))
  return (
    <div className="plan-chart" data-testid="convergence-chart" data-generations={data.length} style={{ height: 200 }}>
      <ResponsiveContainer width="100%" height="100%">
        <LineChart data={rows} margin={{ top: 8, right: 12, bottom: 4, left: 4 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="#e5e7eb" />
          <XAxis dataKey="generation" type="number" domain={[1, 'dataMax']} tick={{ fontSize: 11 }} />
          <YAxis yAxisId="lat" tick={{ fontSize: 11 }} width={64} domain={['auto', 'auto']} tickFormatter={(v: number) => `${v.toPrecision(4)} ms`} />
          <YAxis yAxisId="viol" orientation="right" tick={{ fontSize: 11 }} width={64} unit=" MiB" />
          <Tooltip formatter={(v, name) => (name === 'best latency' ? `${Number(v).toFixed(2)} ms` : `${Number(v).toFixed(2)} MiB`)} />
          <Legend wrapperStyle={{ fontSize: 12 }} />
          <Line yAxisId="lat" dataKey="latency" name="best latency" stroke="#2563eb" dot={false} isAnimationActive={false} />
          <Line yAxisId="viol" dataKey="violation" name="best violation" stroke="#dc2626" dot={false} isAnimationActive={false} />
        </LineChart>
      </ResponsiveContainer>
    </div>
  )
}

export const ConvergenceChart = memo(ConvergenceChartImpl)
