/**
 * GraphProto at the wire level: nodes, initializers, inputs/outputs/value_info, name and doc string — for
 * the main graph and, summarised, for If/Loop/Scan bodies.
 *
 * Nodes and initializers are walked field by field (node.ts, tensor.ts) so weight payloads are skipped by
 * length; ValueInfoProto messages are small and decoded whole (value-info.ts). A subgraph becomes a
 * `RawSubgraph`: node count and operator histogram (nested bodies included), the bytes of its own
 * initializers and Constant values (recursively; null if any size is unknown) and the names it reads from
 * the enclosing scope. Nesting deeper than 64 levels is refused (a crafted file cannot recurse forever).
 * Cost: O(graph bytes outside weight payloads).
 */
import { fmtInt, shownName } from '../errors.ts'
import { readNode } from './node.ts'
import type { RawNode, RawSubgraph, RawTensor, RawValueInfo } from './raw.ts'
import { readInts, readTensor, tensorBytes } from './tensor.ts'
import { DimError, decodeValueInfo } from './value-info.ts'
import { DOC_MAX_BYTES, WT_LEN, getOwn, setOwn, type WindowReader } from './wire.ts'

export interface GraphBody {
  name: string
  docString: string
  nodes: RawNode[]
  initializers: RawTensor[]
  inputs: RawValueInfo[]
  outputs: RawValueInfo[]
  valueInfo: RawValueInfo[]
}

const MAX_DEPTH = 64
/** fields walked into (node, initializer, sparse initializer): a cut inside them is reported from inside */
const GRAPH_CONTAINERS: ReadonlySet<number> = new Set([1, 5, 15])
const GRAPH_FIELDS: Record<number, (g: GraphBody) => string> = {
  1: (g) => `node ${g.nodes.length}`, 2: () => 'the graph name', 5: (g) => `initializer ${g.initializers.length}`,
  10: () => 'the doc string', 11: (g) => `graph input ${g.inputs.length}`, 12: (g) => `graph output ${g.outputs.length}`,
  13: (g) => `value_info ${g.valueInfo.length}`, 15: () => 'a sparse initializer',
}
const SPARSE_CONTAINERS: ReadonlySet<number> = new Set([1])

/** Reads the GraphProto whose content is [start, end). */
export async function readGraphBody(r: WindowReader, start: number, end: number, depth: number,
  label: string): Promise<GraphBody> {
  if (depth > MAX_DEPTH) r.fail('ONNX_MALFORMED', `subgraphs are nested more than ${MAX_DEPTH} levels deep`)
  const g: GraphBody = { name: '', docString: '', nodes: [], initializers: [], inputs: [], outputs: [], valueInfo: [] }
  const describe = (no: number): string => GRAPH_FIELDS[no]?.(g) ?? `graph field ${no}`
  // the label says how far the graph got, so a cut between two entries still names a place
  let base = label
  let after = ''
  r.push(base)
  let pos = start
  while (pos < end) {
    r.tick()
    const f = r.has(pos, 20) ? r.fieldAt(pos, end, describe, GRAPH_CONTAINERS) : await r.field(pos, end, describe, GRAPH_CONTAINERS)
    if (f.wt === WT_LEN) {
      switch (f.no) {
        case 1: {
          const n = await readNode(r, f.dataStart, f.dataEnd, g.nodes.length, depth, readSubgraph)
          after = ` (after node ${g.nodes.length}${n.name === '' ? '' : ` '${shownName(n.name)}'`})`
          g.nodes.push(n)
          r.relabel(base + after)
          break
        }
        case 2:
          g.name = await r.string(f)
          base = `${label} '${shownName(g.name)}'`
          r.relabel(base + after)
          break
        case 5: {
          const t = await readTensor(r, f.dataStart, f.dataEnd, `initializer ${g.initializers.length}`)
          after = ` (after initializer ${g.initializers.length} '${shownName(t.name)}')`
          g.initializers.push(t)
          r.relabel(base + after)
          break
        }
        case 10: g.docString = await r.string(f, DOC_MAX_BYTES); break
        case 11: g.inputs.push(valueInfo(r, r.hasPayload(f) ? r.bytesAt(f) : await r.bytes(f))); break
        case 12: g.outputs.push(valueInfo(r, r.hasPayload(f) ? r.bytesAt(f) : await r.bytes(f))); break
        case 13: g.valueInfo.push(valueInfo(r, r.hasPayload(f) ? r.bytesAt(f) : await r.bytes(f))); break
        case 15: g.initializers.push(await readSparse(r, f.dataStart, f.dataEnd)); break
        default: break // quantization_annotation, metadata_props
      }
    }
    pos = f.end
  }
  r.finish(pos, end, 'the graph')
  r.pop()
  return g
}

/** A SparseTensorProto initializer: its dense dims, the dtype and payload of its `values`, and a warning. */
async function readSparse(r: WindowReader, start: number, end: number): Promise<RawTensor> {
  let values: RawTensor | null = null
  const dims: number[] = []
  let pos = start
  while (pos < end) {
    const f = await r.field(pos, end, undefined, SPARSE_CONTAINERS)
    if (f.no === 1 && f.wt === WT_LEN) values = await readTensor(r, f.dataStart, f.dataEnd, 'sparse initializer')
    else if (f.no === 3) await readInts(r, f, dims, 'a dim')
    pos = f.end
  }
  r.finish(pos, end, 'the sparse initializer')
  const t: RawTensor = { name: values?.name ?? '', dtype: values?.dtype ?? null, dims, location: values?.location ?? { kind: 'none' } }
  r.warnings.push(`sparse initializer '${shownName(t.name)}' is counted at its dense size [${dims.join(', ')}]; its location ` +
    'holds only the non-zero values')
  return t
}

function valueInfo(r: WindowReader, bytes: Uint8Array): RawValueInfo {
  try {
    return decodeValueInfo(bytes)
  } catch (e) {
    if (e instanceof DimError) r.fail('ONNX_MALFORMED', `tensor '${shownName(e.tensor)}' declares the dimension ${e.dim}`)
    r.fail('ONNX_MALFORMED', `a graph input, output or value_info does not decode (${e instanceof Error ? e.message : String(e)})`)
  }
}

/** Reads an attribute's GraphProto and summarises it (the `SubgraphReader` node.ts needs). */
async function readSubgraph(r: WindowReader, start: number, end: number, depth: number): Promise<RawSubgraph> {
  return summarise(await readGraphBody(r, start, end, depth, 'subgraph'))
}

/** Node count, operators, weight bytes and outer inputs of a graph body; nested bodies are folded in. */
export function summarise(g: GraphBody): RawSubgraph {
  const defined = new Set<string>()
  for (const v of g.inputs) defined.add(v.name)
  for (const t of g.initializers) defined.add(t.name)
  for (const n of g.nodes) for (const o of n.outputs) defined.add(o)
  const outer = new Set<string>()
  const ops: Record<string, number> = {}
  let nodes = g.nodes.length
  let weightBytes: number | null = 0
  const addBytes = (b: number | null): void => {
    weightBytes = weightBytes === null || b === null ? null : weightBytes + b
  }
  for (const t of g.initializers) addBytes(tensorBytes(t.dtype, t.dims))
  for (const n of g.nodes) {
    setOwn(ops, n.op, (getOwn(ops, n.op) ?? 0) + 1)
    for (const i of n.inputs) if (i !== '' && !defined.has(i)) outer.add(i)
    for (const a of Object.values(n.attributes)) {
      const subs = a.type === 'graph' ? [a.value] : a.type === 'graphs' ? a.value : []
      for (const s of subs) {
        nodes += s.nodes
        for (const [op, c] of Object.entries(s.ops)) setOwn(ops, op, (getOwn(ops, op) ?? 0) + c)
        addBytes(s.weightBytes)
        for (const i of s.outerInputs) if (!defined.has(i)) outer.add(i)
      }
      if (n.op === 'Constant' && a.type === 'tensor') addBytes(tensorBytes(a.value.dtype, a.value.dims))
    }
  }
  return { nodes, ops, weightBytes, outerInputs: [...outer] }
}

/** The warning for a main-graph node with subgraphs: it is one unit, its inner weights and ops count for it. */
export function subgraphWarning(n: RawNode, index: number): string | null {
  const subs: [string, RawSubgraph][] = []
  for (const [name, a] of Object.entries(n.attributes)) {
    if (a.type === 'graph') subs.push([name, a.value])
    else if (a.type === 'graphs') a.value.forEach((s, i) => subs.push([`${name}[${i}]`, s]))
  }
  if (subs.length === 0) return null
  const inner = subs.reduce((s, [, g]) => s + g.nodes, 0)
  const bytes = subs.some(([, g]) => g.weightBytes === null) ? null : subs.reduce((s, [, g]) => s + (g.weightBytes ?? 0), 0)
  const label = n.name !== '' ? `'${shownName(n.name)}'` : `${index}`
  return `node ${label} (${n.op}) has ${subs.length === 1 ? 'a subgraph' : 'subgraphs'} ` +
    `(${subs.map(([name, g]) => `${name}: ${fmtInt(g.nodes)} nodes`).join(', ')}); the planner treats it as one ` +
    `unit, with its ${fmtInt(inner)} inner operators and ${bytes === null ? 'an unknown number of' : fmtInt(bytes)} ` +
    'bytes of inner weights counted for it'
}
