/**
 * "Tile to lower the peak" (issue 9): where the order cannot go below the bound one node forces, the offer
 * runs the tiling planner (core/tiling, in the tile worker) and shows the tiled order's memory curve beside
 * the untiled one, the region, T and the extra compute, the node that now forces the peak, the tiled ONNX
 * download, and — with a device limit between the two peaks — that the model fits with tiling. Every figure
 * is core's: the tiled curve is the memory walk of the planner's order on the tiled graph, as `memoria tile`.
 */
import { useEffect, useMemo, useState } from 'react'
// oxlint-disable-next-line import/no-unassigned-import -- the offer's stylesheet, bundled by Vite
import './tiling.css'
import type { MemoriaGraph } from '../../core/graph/types.ts'
import type { MemoryModel } from '../../core/memory/ops.ts'
import type { TileOutcome } from '../../workers/tile-api.ts'
import { downloadBlob, fileStem } from '../download.ts'
import { userMessage } from '../error-text.ts'
import { formatBytes, formatInt } from '../format.ts'
import { useStore } from '../store/index.ts'
import { selectModel } from '../store/selectors.ts'
import { curveOf, nodeAt, type Curve } from './curves.ts'
import { MemoryChart, type ChartSeries } from './MemoryChart.tsx'
import { planTilingInWorker, tiledOnnx } from './tiling-actions.ts'
import { REGION_COLOR, selectTilingShade } from './tiling-slice.ts'

interface Props {
  graph: MemoriaGraph
  memoryModel: MemoryModel
  /** the selected order's curve (untiled) */
  curve: Curve
  deviceLimitBytes: number | null
}

type State =
  | { kind: 'idle' }
  | { kind: 'running' }
  | { kind: 'done'; outcome: TileOutcome }
  | { kind: 'error'; message: string }

const pct = (x: number): string => `${(x * 100).toFixed(1)}%`

export function TilingPanel({ graph, memoryModel, curve, deviceLimitBytes }: Props) {
  const [state, setState] = useState<State>({ kind: 'idle' })
  const [overheadPct, setOverheadPct] = useState(15)
  const [status, setStatus] = useState<string | null>(null)
  const model = useStore(selectModel)
  const shaded = useStore(selectTilingShade) !== null
  // a new graph or memory model makes the last answer stale, and its region with it
  useEffect(() => {
    setState({ kind: 'idle' })
    setStatus(null)
    useStore.setState({ tilingShade: null })
  }, [graph, memoryModel])
  const shade = (on: boolean) => {
    const region = state.kind === 'done' ? state.outcome.plan.region : null
    useStore.setState({ tilingShade: on && region ? Object.fromEntries(region.nodes.map((n) => [n, REGION_COLOR])) : null })
  }

  const run = async () => {
    setState({ kind: 'running' })
    const r = await planTilingInWorker(graph, memoryModel, overheadPct / 100)
    if (r.ok) {
      setState({ kind: 'done', outcome: r.value })
      const region = r.value.plan.region
      useStore.setState({ tilingShade: region ? Object.fromEntries(region.nodes.map((n) => [n, REGION_COLOR])) : null })
    }
    else if (r.error.code === 'CANCELLED') setState({ kind: 'idle' })
    else setState({ kind: 'error', message: userMessage(r.error)?.detail ?? r.error.message })
  }

  const outcome = state.kind === 'done' ? state.outcome : null
  const tiledCurve = useMemo(() => {
    if (!outcome?.tiled) return null
    const c = curveOf(outcome.tiled.graph, outcome.plan.order, memoryModel)
    return c.ok ? c.value : null
  }, [outcome, memoryModel])
  const series = useMemo<ChartSeries[]>(() => {
    const s: ChartSeries[] = [{ id: 'untiled', label: 'untiled', color: '#6b7280', curve, nodeAt: (k) => nodeAt(graph, curve, k) }]
    if (tiledCurve && outcome?.tiled) {
      const tg = outcome.tiled.graph
      s.push({ id: 'tiled', label: `tiled (${outcome.plan.tiles} tiles)`, color: '#16a34a', curve: tiledCurve, nodeAt: (k) => nodeAt(tg, tiledCurve, k) })
    }
    return s
  }, [graph, curve, tiledCurve, outcome])

  const download = async () => {
    if (!outcome?.tiled) return
    setStatus('Writing the tiled ONNX…')
    const r = await tiledOnnx(graph, outcome.tiled, outcome.plan.order)
    if (r === null) { setStatus('The model\'s bytes are not held by this page; open the file again to download its tiled form.'); return }
    if (!r.ok) { setStatus(userMessage(r.error)?.detail ?? r.error.message); return }
    const stem = `${fileStem(model?.fileName ?? graph.name)}.tiled`
    downloadBlob(r.value, `${stem}.onnx`)
    setStatus(`Saved ${stem}.onnx: the first stages run in ${outcome.plan.tiles} tiles of rows.`)
  }

  const p = outcome?.plan
  const fits = p && p.tiled && deviceLimitBytes !== null && deviceLimitBytes < p.peakBytes && deviceLimitBytes >= p.tiledPeakBytes
  return (
    <section className="tiling-panel" data-testid="tiling-panel" aria-label="Tiled execution">
      <div className="tiling-head">
        <button type="button" onClick={() => void run()} disabled={state.kind === 'running'} data-testid="tile-offer">
          {state.kind === 'running' ? 'Searching tilings…' : 'Tile to lower the peak'}
        </button>
        <label className="small">
          extra compute at most{' '}
          <input type="number" min={0} max={100} step={1} className="narrow" value={overheadPct} data-testid="tile-overhead"
            onChange={(e) => setOverheadPct(Math.max(0, Number(e.target.value) || 0))} /> %
        </label>
      </div>
      {state.kind === 'error' && <p className="warn-text" data-testid="tile-error">{state.message}</p>}
      {p && !p.tiled && (
        <p className="muted" data-testid="tile-reason">Tiling cannot lower the peak: {p.reason}.</p>
      )}
      {p && p.tiled && p.region && tiledCurve && (
        <>
          <p data-testid="tile-summary" data-peak={p.peakBytes} data-tiled-peak={tiledCurve.peakBytes} data-tiles={p.tiles}>
            Peak {formatBytes(p.peakBytes)} → <strong>{formatBytes(tiledCurve.peakBytes)}</strong>{' '}
            ({(p.peakBytes / tiledCurve.peakBytes).toFixed(2)}× lower) with {p.tiles} tiles of rows of{' '}
            <span className="mono">{p.region.end}</span>, +{pct(p.extraFlops)} compute.{' '}
            The region runs {formatInt(p.region.nodes.length)} nodes from <span className="mono">{p.region.input}</span>;
            the peak is now forced by <span className="mono">{p.remainingBoundNode ?? 'the graph inputs'}</span>
            {p.optimal ? ' (the tiled order is optimal).' : ' (the tiled order is not proven optimal).'}
          </p>
          {fits && (
            <p className="ok-text" data-testid="tile-fits">
              The device limit {formatBytes(deviceLimitBytes)} is below the untiled peak: fits with tiling ({p.tiles} tiles, +{pct(p.extraFlops)} compute).
            </p>
          )}
          <MemoryChart series={series} cursorStep={null} deviceLimitBytes={deviceLimitBytes} lifetime={null}
            testId="tile-chart" height={240} />
          <div className="tiling-actions">
            <button type="button" onClick={() => void download()} data-testid="tile-download">Tiled ONNX</button>
            <label className="small">
              <input type="checkbox" checked={shaded} onChange={(e) => shade(e.target.checked)} data-testid="tile-shade" />
              {' '}shade the region on the graph
            </label>
            {status && <span className="muted small" role="status" data-testid="tile-status">{status}</span>}
          </div>
        </>
      )}
    </section>
  )
}
