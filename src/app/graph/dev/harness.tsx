/**
 * A dev-only page for the graph view alone (not part of the app's build): `vite` then open
 * `/src/app/graph/dev/harness.html?model=gpt2&seq=128` or `?synthetic=136` (layers of a synthetic
 * transformer, 22 nodes each). bench/ui.bench.mjs builds it as a second entry to time the view.
 * `&demo=1` adds what the playback and partition views will pass: every node coloured by a pretend device
 * (first half / second half of the file order), badges on MatMuls, and a "running" node with its live
 * inputs stepping through the file order every 600 ms.
 *
 * `window.memoriaGraphHarness.t0` is performance.now() when the graph was handed to the view; `parseMs` is what
 * reading the model took in the parse worker before that.
 */
import { StrictMode, useEffect, useMemo, useState } from 'react'
import { createRoot } from 'react-dom/client'
import type { MemoriaGraph } from '../../../core/graph/types.ts'
import { syntheticTransformer } from '../../../core/view/synthetic.ts'
import { prewarmLayoutWorker } from '../../../workers/layout-client.ts'
import { ParseClient } from '../../../workers/parse-client.ts'
import { sampleUrl } from '../../samples.ts'
import { GraphView } from '../GraphView.tsx'
import { nameTable } from '../../../core/names.ts'

interface HarnessInfo {
  t0: number
  parseMs: number
  nodes: number
  error?: string
}
declare global {
  interface Window {
    memoriaGraphHarness?: HarnessInfo
  }
}

async function load(params: URLSearchParams): Promise<{ graph: MemoriaGraph; parseMs: number }> {
  const synthetic = params.get('synthetic')
  if (synthetic !== null) return { graph: syntheticTransformer({ layers: Number(synthetic) }), parseMs: 0 }
  const name = params.get('model') ?? 'resnet50'
  const seq = Number(params.get('seq') ?? 128)
  const blob = await (await fetch(sampleUrl(name))).blob()
  const t = performance.now()
  const r = await new ParseClient().open(blob, `${name}.onnx`, name, { dims: { seq } })
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`)
  return { graph: r.value.graph, parseMs: performance.now() - t }
}

function demoProps(graph: MemoriaGraph) {
  const nodeColors = nameTable<string>()
  const nodeBadges = nameTable<string>()
  graph.nodes.forEach((n, i) => {
    nodeColors[n.name] = i < graph.nodes.length / 2 ? '#a8dadc' : '#f4a261'
    if (n.op === 'MatMul') nodeBadges[n.name] = i < graph.nodes.length / 2 ? 'dev 0' : 'dev 1'
  })
  return { nodeColors, nodeBadges }
}

function DemoView({ graph }: { graph: MemoriaGraph }) {
  const deco = useMemo(() => demoProps(graph), [graph])
  const [step, setStep] = useState(0)
  useEffect(() => {
    const t = setInterval(() => setStep((s) => (s + 1) % graph.nodes.length), 600)
    return () => clearInterval(t)
  }, [graph])
  const node = graph.nodes[step]
  const highlight = useMemo(() => ({ running: node.name, live: node.inputs.filter((t) => t !== '') }), [node])
  return <GraphView graph={graph} highlight={highlight} {...deco} />
}

function Harness() {
  const [graph, setGraph] = useState<MemoriaGraph | null>(null)
  const [error, setError] = useState<string | null>(null)
  const demo = new URLSearchParams(location.search).has('demo')
  useEffect(() => {
    prewarmLayoutWorker() // as GraphTab does in the app
    load(new URLSearchParams(location.search)).then(
      ({ graph: g, parseMs }) => {
        window.memoriaGraphHarness = { t0: performance.now(), parseMs, nodes: g.nodes.length }
        setGraph(g)
      },
      (e: unknown) => {
        window.memoriaGraphHarness = { t0: 0, parseMs: 0, nodes: 0, error: String(e) }
        setError(String(e))
      },
    )
  }, [])
  if (error !== null) return <pre data-testid="harness-error">{error}</pre>
  if (graph === null) return <p>loading…</p>
  return (
    <div style={{ height: '100%', padding: 8, boxSizing: 'border-box' }}>
      {demo ? <DemoView graph={graph} /> : <GraphView graph={graph} />}
    </div>
  )
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <Harness />
  </StrictMode>,
)
