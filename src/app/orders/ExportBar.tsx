/**
 * Downloads of the selected order: JSON (docs/spec.md section 3) and CSV, the chart as SVG and PNG, and the
 * ONNX model pinned for ONNX Runtime (core onnx/pin-export.ts, as the CLI writes it). The ONNX needs the original file's bytes: the page's copy while it has one
 * (`modelBytes()`); after a reload a sample is fetched again from this origin, and a user's file is asked for
 * again (its bytes are never persisted) and checked to be the same file by name and size.
 */
import { useRef, useState, type RefObject } from 'react'
import type { MemoriaGraph } from '../../core/graph/types.ts'
import { modelBytes } from '../actions/model.ts'
import { userMessage } from '../error-text.ts'
import { sampleUrl } from '../samples.ts'
import { useStore } from '../store/index.ts'
import { selectModel } from '../store/selectors.ts'
import { findChartSvg, serializeChartSvg, svgToPng } from './chart-export.ts'
import type { Curve } from './curves.ts'
import { downloadBlob, downloadText, fileStem } from '../download.ts'
import { entryTitle } from './order-facts.ts'
import { formatBytes } from '../format.ts'
import { pinnedOnnx } from './orders-actions.ts'
import { orderCsv, orderJson } from './order-export.ts'
import type { OrderEntry } from './orders-types.ts'
import { VerifyCommand } from './VerifyCommand.tsx'

interface Props {
  graph: MemoriaGraph
  entry: OrderEntry
  curve: Curve
  /** the element holding the chart to export */
  chartRef: RefObject<HTMLElement | null>
}

export function ExportBar({ graph, entry, curve, chartRef }: Props) {
  const model = useStore(selectModel)
  const [status, setStatus] = useState<string | null>(null)
  const [needFile, setNeedFile] = useState(false)
  const fileInput = useRef<HTMLInputElement | null>(null)
  // `resnet50-btsearch-inplace`: named after the file (ONNX graph names are often just `torch_jit`)
  const stem = fileStem(model?.fileName.replace(/\.(onnx|json)$/i, '') || graph.name || 'model', entry.algo, entry.memoryModel)
  const isJsonModel = model?.fileName.toLowerCase().endsWith('.json') ?? false

  const chartSvg = () => {
    const svg = chartRef.current ? findChartSvg(chartRef.current) : null
    if (!svg) setStatus('The chart is not drawn yet.')
    const title = `${model?.fileName ?? graph.name} · ${entryTitle(entry)} · ${entry.memoryModel} · peak ${formatBytes(entry.peakBytes)}`
    return svg ? serializeChartSvg(svg, title) : null
  }

  const exportOnnx = async (blob: Blob) => {
    setStatus('Writing the ONNX pinned for ONNX Runtime…')
    const order = Array.from(curve.ids)
    const r = await pinnedOnnx(blob, order)
    if (!r.ok) {
      setStatus(userMessage(r.error)?.detail ?? null)
      return
    }
    downloadBlob(r.value.blob, `${stem}-pinned.onnx`)
    const ties = r.value.ties
    setStatus(`Saved ${stem}-pinned.onnx: the model in this order, pinned for ONNX Runtime with ${ties} tie${ties === 1 ? '' : 's'}.`)
  }

  const onOnnx = async () => {
    if (!model) return
    const held = modelBytes()
    if (held) {
      await exportOnnx(held)
      return
    }
    if (model.source.kind === 'sample') {
      setStatus('Fetching the sample again…')
      try {
        const res = await fetch(sampleUrl(model.source.name))
        if (!res.ok) throw new Error(`HTTP ${res.status}`)
        await exportOnnx(await res.blob())
      } catch (e) {
        setStatus(`The sample could not be fetched (${String(e)}); reload the page and try again.`)
      }
      return
    }
    setNeedFile(true)
    setStatus(`Pick ${model.fileName} again: its bytes are needed and this page does not keep them.`)
    fileInput.current?.click()
  }

  const onPicked = (file: File | undefined) => {
    if (!file || !model) return
    if (model.source.kind === 'file' && (file.name !== model.source.name || file.size !== model.source.size)) {
      setStatus(`That is not ${model.fileName} (${model.fileBytes} bytes): pick the file the model was opened from.`)
      return
    }
    setNeedFile(false)
    void exportOnnx(file)
  }

  return (
    <div className="export-bar" data-testid="export-bar">
      <span className="muted small">Download</span>
      <button type="button" className="button small" data-testid="export-json"
        onClick={() => downloadText(orderJson(entry, graph), `${stem}.json`, 'application/json')}>Order JSON</button>
      <button type="button" className="button small" data-testid="export-csv"
        onClick={() => downloadText(orderCsv(graph, curve), `${stem}.csv`, 'text/csv')}>Order CSV</button>
      <button type="button" className="button small" data-testid="export-svg"
        onClick={() => {
          const svg = chartSvg()
          if (svg) downloadText(svg.text, `${stem}-memory.svg`, 'image/svg+xml')
        }}>Chart SVG</button>
      <button type="button" className="button small" data-testid="export-png"
        onClick={() => {
          const svg = chartSvg()
          if (svg) svgToPng(svg).then((b) => downloadBlob(b, `${stem}-memory.png`), (e: unknown) => setStatus(String(e)))
        }}>Chart PNG</button>
      <button type="button" className="button small" data-testid="export-onnx" disabled={isJsonModel}
        title={isJsonModel ? 'The model was opened from a memoria-graph JSON: there is no ONNX file to reorder' : 'The ONNX model in this order, pinned so ONNX Runtime\'s sequential executor runs exactly it'}
        onClick={() => void onOnnx()}>Pinned ONNX (for ORT)</button>
      <input ref={fileInput} type="file" accept=".onnx" hidden data-testid="export-onnx-file"
        onChange={(e) => onPicked(e.target.files?.[0])} />
      {needFile && (
        <button type="button" className="button small" onClick={() => fileInput.current?.click()}>Pick the file…</button>
      )}
      {status && <span className="small export-status" data-testid="export-status" role="status">{status}</span>}
      {model && !isJsonModel && <VerifyCommand graph={graph} fileName={model.fileName} stem={stem} />}
    </div>
  )
}
