/**
 * The figures of the model summary, derived from the graph (never stored: the graph is the state). Cached per
 * graph object, so every view that asks for the summary of the same graph shares one computation.
 */
import type { Dim, MemoriaGraph, TensorInfo } from '../../core/graph/types.ts'

export interface TensorRow {
  name: string
  dtype: string
  shape: Dim[] | null
  bytes: number | null
}

export interface ModelSummary {
  name: string
  producer: string
  opset: [domain: string, version: number][]
  nodeCount: number
  /** operator → count, most frequent first (domain-qualified when not the default domain) */
  ops: [op: string, count: number][]
  weightBytes: number
  /** weights whose size is not known (never counted as zero) */
  unknownWeights: number
  /** sum of every intermediate (activation) tensor of known size: depends on the symbol bindings */
  activationBytes: number
  /** intermediate tensors whose size is not known (not in activationBytes) */
  unknownActivations: number
  unknownTensors: string[]
  totalFlops: number
  inputs: TensorRow[]
  outputs: TensorRow[]
  symbols: { name: string; value: number; assumed: boolean }[]
  warnings: string[]
}

const cache = new WeakMap<MemoriaGraph, ModelSummary>()

export function summarize(graph: MemoriaGraph): ModelSummary {
  let s = cache.get(graph)
  if (!s) {
    s = compute(graph)
    cache.set(graph, s)
  }
  return s
}

function row(t: TensorInfo | undefined, name: string): TensorRow {
  return { name, dtype: t?.dtype ?? 'unknown', shape: t?.shape ?? null, bytes: t?.bytes ?? null }
}

function compute(g: MemoriaGraph): ModelSummary {
  const byName = new Map(g.tensors.map((t) => [t.name, t]))
  const hist = new Map<string, number>()
  let totalFlops = 0
  for (const n of g.nodes) {
    const key = n.domain && n.domain !== 'ai.onnx' ? `${n.domain}.${n.op}` : n.op
    hist.set(key, (hist.get(key) ?? 0) + 1)
    totalFlops += n.flops
  }
  let weightBytes = 0
  let unknownWeights = 0
  let activationBytes = 0
  let unknownActivations = 0
  const unknownTensors: string[] = []
  for (const t of g.tensors) {
    if (t.bytes === null) unknownTensors.push(t.name)
    if (t.kind === 'weight') {
      if (t.bytes === null) unknownWeights++
      else weightBytes += t.bytes
    } else if (t.kind === 'activation') {
      if (t.bytes === null) unknownActivations++
      else activationBytes += t.bytes
    }
  }
  const assumed = new Set(g.assumedSymbols ?? [])
  return {
    name: g.name,
    producer: g.producer,
    opset: Object.entries(g.opset).sort(([a], [b]) => a.localeCompare(b)),
    nodeCount: g.nodes.length,
    ops: [...hist.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])),
    weightBytes,
    unknownWeights,
    activationBytes,
    unknownActivations,
    unknownTensors,
    totalFlops,
    // initializers an old exporter also lists as graph inputs are weights, not inputs the user feeds
    inputs: g.inputs.filter((n) => byName.get(n)?.kind !== 'weight').map((n) => row(byName.get(n), n)),
    outputs: g.outputs.map((n) => row(byName.get(n), n)),
    symbols: Object.entries(g.symbols)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([name, value]) => ({ name, value, assumed: assumed.has(name) })),
    warnings: g.warnings ?? [],
  }
}
