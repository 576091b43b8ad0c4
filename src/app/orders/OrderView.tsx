/**
 * The selected order: its memory chart with the playback cursor, the playback bar, and the live tensors
 * of the hovered step (or of the cursor's step when the mouse is elsewhere).
 */
import { useCallback, useMemo, useState } from 'react'
import type { MemoriaGraph } from '../../core/graph/types.ts'
import type { MemoryModel } from '../../core/memory/ops.ts'
import { useStore } from '../store/index.ts'
import { liveTensorsAt, nodeAt, type Curve } from './curves.ts'
import { LiveTensors } from './LiveTensors.tsx'
import { MemoryChart, type ChartSeries, type Lifetime } from './MemoryChart.tsx'
import { chartPeakName, entryTitle } from './order-facts.ts'
import type { OrderEntry } from './orders-types.ts'
import { PlaybackBar } from './PlaybackBar.tsx'
import { setStep, usePlayback } from './usePlayback.ts'

interface Props {
  graph: MemoriaGraph
  entry: OrderEntry
  curve: Curve
  model: MemoryModel
  color: string
  deviceLimitBytes: number | null
}

export function OrderView({ graph, entry, curve, model, color, deviceLimitBytes }: Props) {
  usePlayback(graph, curve, model)
  const step = useStore((s) => s.playback.step)
  const [hover, setHover] = useState<number | null>(null)
  const [lifetime, setLifetime] = useState<Lifetime | null>(null)
  const last = curve.ids.length
  const cursor = Math.min(step, last)

  const series = useMemo<ChartSeries[]>(
    () => [{ id: entry.id, label: entryTitle(entry), peakName: chartPeakName(entry), color, curve, nodeAt: (k) => nodeAt(graph, curve, k) }],
    [entry, color, curve, graph],
  )
  const liveAt = useCallback((k: number) => liveTensorsAt(graph, curve, model, k), [graph, curve, model])
  const shown = hover ?? cursor
  const live = useMemo(() => liveAt(shown), [liveAt, shown])

  return (
    <div className="order-view">
      <div className="order-view-main">
        <p className="chart-caption muted small">
          Memory while each node runs, in program order (step 0: the graph inputs) · {entryTitle(entry)} · click to
          move the cursor, drag the bar below to zoom
        </p>
        <MemoryChart series={series} cursorStep={cursor} deviceLimitBytes={deviceLimitBytes} lifetime={lifetime}
          liveAt={liveAt} onHoverStep={setHover} onClickStep={setStep} />
        <PlaybackBar last={last} running={nodeAt(graph, curve, cursor)} />
      </div>
      <LiveTensors graph={graph} curve={curve} step={shown} live={live} source={hover === null ? 'cursor' : 'hover'}
        onLifetime={setLifetime} />
    </div>
  )
}
