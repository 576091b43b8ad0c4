/**
 * Reads and writes the `memoria-graph` JSON format, version 1 (docs/spec.md section 1; docs/graph-format.md).
 *
 * Writing: keys in the order of the SPEC example, then the optional extras; one tensor and one node per line
 * so a diff of two graphs reads line by line; an integer attribute beyond ±2^53 (up to the uint64 range) as a
 * decimal string, and a non-finite float attribute as "Infinity", "-Infinity" or "NaN", since JSON has neither.
 *
 * Reading: strict at this public boundary (graph-json-check.ts for the fields, validateGraph for the
 * structure), then `--dim` bindings are applied to the symbolic dimensions and every `bytes` is recomputed
 * from dtype and shape. O(size of the document).
 */
import { fail } from '../errors.ts'
import { dtypeBytes, type AttrValue, type Dim, type MemoriaGraph, type NodeInfo, type TensorInfo } from '../graph/types.ts'
import { nameTable, own } from '../names.ts'
import { checkGraphDocument, notAGraph } from './graph-json-check.ts'
import { validateGraph } from './validate.ts'

const INT64_LIMIT = 2 ** 64

function jsonNumber(n: number): number | string {
  if (!Number.isFinite(n)) return Number.isNaN(n) ? 'NaN' : n > 0 ? 'Infinity' : '-Infinity'
  if (Number.isInteger(n) && !Number.isSafeInteger(n) && Math.abs(n) < INT64_LIMIT) return BigInt(n).toString()
  return n
}

function attrJson(v: AttrValue): unknown {
  if (typeof v === 'number') return jsonNumber(v)
  if (typeof v === 'string') return v
  if (Array.isArray(v)) return (v as unknown[]).map((x) => (typeof x === 'number' ? jsonNumber(x) : typeof x === 'string' ? x : attrJson(x as AttrValue)))
  if ('graph' in v) return { graph: { nodes: v.graph.nodes } }
  const t: Record<string, unknown> = { dtype: v.dtype, shape: v.shape }
  if (v.values !== undefined) t.values = v.values.map((x) => (typeof x === 'number' ? jsonNumber(x) : x))
  return t
}

function tensorJson(t: TensorInfo): unknown {
  return { name: t.name, kind: t.kind, dtype: t.dtype, shape: t.shape, bytes: t.bytes }
}

function nodeJson(n: NodeInfo): unknown {
  // an attribute named `__proto__` stays a key (a plain {} would take it as its prototype and drop it)
  const attributes = nameTable(Object.entries(n.attributes).map(([k, v]) => [k, attrJson(v)]))
  return { name: n.name, op: n.op, domain: n.domain, inputs: n.inputs, outputs: n.outputs, attributes, flops: n.flops }
}

/** The document as a plain object with the keys in their written order (what `JSON.stringify` would print). */
export function graphToJsonObject(g: MemoriaGraph): Record<string, unknown> {
  const doc: Record<string, unknown> = {
    format: 'memoria-graph',
    version: 1,
    name: g.name,
    producer: g.producer,
    opset: g.opset,
    symbols: g.symbols,
    inputs: g.inputs,
    outputs: g.outputs,
    tensors: g.tensors.map(tensorJson),
    nodes: g.nodes.map(nodeJson),
  }
  if (g.irVersion !== undefined) doc.irVersion = g.irVersion
  if (g.docString !== undefined) doc.docString = g.docString
  if (g.metadata !== undefined) doc.metadata = g.metadata
  if (g.assumedSymbols !== undefined) doc.assumedSymbols = g.assumedSymbols
  if (g.warnings !== undefined) doc.warnings = g.warnings
  return doc
}

/** The graph as memoria-graph JSON text, ending with a newline. */
export function writeGraphJson(g: MemoriaGraph): string {
  const doc = graphToJsonObject(g)
  const lines = Object.entries(doc).map(([k, v]) => {
    const key = `  ${JSON.stringify(k)}: `
    if ((k === 'tensors' || k === 'nodes' || k === 'warnings') && Array.isArray(v) && v.length > 0) {
      return `${key}[\n${v.map((x) => `    ${JSON.stringify(x)}`).join(',\n')}\n  ]`
    }
    return key + JSON.stringify(v)
  })
  return `{\n${lines.join(',\n')}\n}\n`
}

export interface ReadGraphOptions {
  /** `--dim NAME=VALUE` bindings */
  dims?: Record<string, number>
}

/**
 * Parses, checks and binds a memoria-graph document: a symbolic dimension still written as a string takes
 * the `--dim` value, else the value in `symbols`; with neither it stays a string and the tensor's size stays
 * unknown (SPEC: "strings for symbolic dimensions that no binding resolved"). A `--dim` for a symbol
 * the document already resolved to another number cannot be applied (the shapes were computed with it): that
 * is an ARG_INVALID error that says to re-export; a `--dim` for a symbol the graph does not have is a warning.
 */
export function readGraphJson(text: string, opts: ReadGraphOptions = {}): MemoriaGraph {
  let doc: unknown
  try {
    doc = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text)
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e)
    fail('GRAPH_JSON_INVALID', `the file is not valid JSON (${why}); a memoria-graph is one JSON document, as the planner's graph export writes it`)
  }
  if (typeof doc !== 'object' || doc === null) notAGraph(doc)
  const g = checkGraphDocument(doc)
  bindSymbols(g, opts.dims ?? {})
  validateGraph(g)
  return g
}

function bindSymbols(g: MemoriaGraph, dims: Record<string, number>): void {
  const warnings = [...(g.warnings ?? [])]
  const assumed = [...(g.assumedSymbols ?? [])]
  const stringDims = new Set<string>()
  for (const t of g.tensors) for (const d of t.shape ?? []) if (typeof d === 'string') stringDims.add(d)

  for (const [name, value] of Object.entries(dims)) {
    const written = own(g.symbols, name)
    if (stringDims.has(name)) {
      g.symbols[name] = value
    } else if (written === undefined) {
      warnings.push(`the binding ${name} = ${value}: the graph has no symbol ${JSON.stringify(name)}; ignored`)
    } else if (written !== value) {
      fail('ARG_INVALID', `the binding ${name} = ${value}: this memoria-graph was written with ${name} = ${written} and its shapes are already computed with it; export it again from the ONNX model with ${name} = ${value}`)
    }
    const i = assumed.indexOf(name)
    if (i >= 0) assumed.splice(i, 1)
  }

  g.tensors.forEach((t, i) => {
    const symbolic = t.shape !== null && t.shape.some((d) => typeof d === 'string')
    if (symbolic) {
      // a string dim takes --dim, else the document's own value for it; with neither it stays open (bytes null)
      t.shape = (t.shape as Dim[]).map((d) => (typeof d === 'string' ? (own(dims, d) ?? own(g.symbols, d) ?? d) : d))
      t.bytes = dtypeBytes(t.dtype, t.shape)
      return
    }
    const bytes = dtypeBytes(t.dtype, t.shape)
    if (t.bytes !== bytes) {
      fail('GRAPH_JSON_INVALID', `$.tensors[${i}].bytes is ${t.bytes} but ${t.dtype ?? 'unknown dtype'} ${JSON.stringify(t.shape)} gives ${bytes}; bytes must be product(shape) × dtype size (null when unknown)`)
    }
  })
  if (g.assumedSymbols !== undefined || assumed.length > 0) g.assumedSymbols = assumed
  if (g.warnings !== undefined || warnings.length > 0) g.warnings = warnings
}
