/**
 * The strict field-by-field check of a parsed `memoria-graph` document (docs/spec.md section 1), with the JSON path
 * of the first wrong value in every message (`$.tensors[3].shape[1]`), and the recognition of JSON documents
 * that are something else (a shapes.json, a package.json, a cluster, a plan) so the message can say so.
 *
 * Only the public boundary validates: what passes here is a well-typed `MemoriaGraph` except for the graph
 * structure (cycles, dangling inputs), which `validateGraph` checks for every source alike. O(size of the JSON).
 */
import { fail, quoteName } from '../errors.ts'
import { nameTable } from '../names.ts'
import { DTYPES, type AttrValue, type DType, type Dim, type MemoriaGraph, type NodeInfo, type TensorInfo, type TensorKind } from '../graph/types.ts'

export const ACCEPTS = 'the planner reads an .onnx model or a memoria-graph JSON (the planner\'s graph export, with "format": "memoria-graph")'

type Obj = Record<string, unknown>

function bad(path: string, expected: string, got: unknown): never {
  fail('GRAPH_JSON_INVALID', `${path} should be ${expected}, but is ${describe(got)}; fix that value (docs/graph-format.md describes every field)`)
}

function describe(v: unknown): string {
  if (v === undefined) return 'missing'
  if (v === null) return 'null'
  if (Array.isArray(v)) return `an array of ${v.length}`
  if (typeof v === 'object') return 'an object'
  const s = JSON.stringify(v)
  return `${typeof v} ${s.length > 40 ? `${s.slice(0, 40)}…` : s}`
}

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v)

function obj(v: unknown, path: string): Obj {
  if (!isObj(v)) bad(path, 'an object', v)
  return v
}
function str(v: unknown, path: string): string {
  if (typeof v !== 'string') bad(path, 'a string', v)
  return v
}
function int(v: unknown, path: string, min = 0): number {
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < min) bad(path, `an integer ≥ ${min}`, v)
  return v
}
function arr(v: unknown, path: string): unknown[] {
  if (!Array.isArray(v)) bad(path, 'an array', v)
  return v
}
function strList(v: unknown, path: string): string[] {
  return arr(v, path).map((x, i) => str(x, `${path}[${i}]`))
}
function intRecord(v: unknown, path: string, min: number): Record<string, number> {
  const o = obj(v, path)
  return nameTable(Object.entries(o).map(([k, x]) => [k, int(x, `${path}[${quoteName(k)}]`, min)]))
}

/** Says what a JSON document that is not a memoria-graph is, and what the planner accepts instead. */
export function notAGraph(doc: unknown): never {
  let what: string
  if (Array.isArray(doc)) what = 'a JSON array'
  else if (!isObj(doc)) what = `a JSON ${doc === null ? 'null' : typeof doc}`
  else if ('shape_inference' in doc || (isObj(doc.summary) && isObj(doc.tensors))) what = 'a shapes.json (a reference of ONNX shape inference)'
  else if ('dependencies' in doc || 'devDependencies' in doc || ('scripts' in doc && 'name' in doc)) what = 'a package.json'
  else if (Array.isArray(doc.devices)) what = 'a cluster description (import it as the cluster, not as the model)'
  else if (Array.isArray(doc.assignments)) what = 'a plan (load it as a plan, not as the model)'
  else if ('format' in doc) what = `a JSON whose "format" is ${describe(doc.format)}`
  else what = 'a JSON object without "format": "memoria-graph"'
  fail('GRAPH_JSON_INVALID', `this is ${what}, not a memoria-graph; ${ACCEPTS}`)
}

const KINDS: readonly TensorKind[] = ['input', 'weight', 'output', 'activation']
const DTYPE_SET = new Set<string>(DTYPES)

function tensor(v: unknown, path: string): TensorInfo {
  const o = obj(v, path)
  const name = str(o.name, `${path}.name`)
  if (typeof o.kind !== 'string' || !KINDS.includes(o.kind as TensorKind)) bad(`${path}.kind`, `one of ${KINDS.join(', ')}`, o.kind)
  let dtype: DType | null = null
  if (o.dtype !== null) {
    if (typeof o.dtype !== 'string' || !DTYPE_SET.has(o.dtype)) bad(`${path}.dtype`, 'a dtype name such as "float32" (or null when unknown)', o.dtype)
    dtype = o.dtype as DType
  }
  let shape: Dim[] | null = null
  if (o.shape !== null) {
    shape = arr(o.shape, `${path}.shape`).map((d, i) => {
      if (typeof d === 'string' && d !== '') return d
      return int(d, `${path}.shape[${i}]`)
    })
  }
  if (o.bytes !== null && (typeof o.bytes !== 'number' || !Number.isSafeInteger(o.bytes) || o.bytes < 0)) {
    bad(`${path}.bytes`, 'an integer ≥ 0, or null when the size is not known', o.bytes)
  }
  return { name, kind: o.kind as TensorKind, dtype, shape, bytes: o.bytes as number | null }
}

function scalarOk(x: unknown): x is number | string {
  return typeof x === 'string' || (typeof x === 'number' && Number.isFinite(x))
}

/** An integer written as a JSON number beyond ±2^53 (within the 64-bit range) has already lost digits. */
function lossyInt(x: unknown): boolean {
  return typeof x === 'number' && Number.isInteger(x) && !Number.isSafeInteger(x) && Math.abs(x) < 2 ** 64
}

function checkPrecision(values: readonly unknown[], path: string, indexed: boolean): void {
  values.forEach((x, i) => {
    if (lossyInt(x)) bad(indexed ? `${path}[${i}]` : path, 'a decimal string for an integer beyond ±2^53 (as a JSON number it has lost digits)', x)
  })
}

function tensorAttr(o: Obj, path: string): AttrValue {
  if (o.dtype !== null && (typeof o.dtype !== 'string' || !DTYPE_SET.has(o.dtype))) bad(`${path}.dtype`, 'a dtype name or null', o.dtype)
  const shape = arr(o.shape, `${path}.shape`).map((d, i) => int(d, `${path}.shape[${i}]`))
  const out: { dtype: DType | null; shape: number[]; values?: (number | string)[] } = { dtype: o.dtype as DType | null, shape }
  if (o.values !== undefined) {
    out.values = arr(o.values, `${path}.values`).map((x, i) => (scalarOk(x) ? x : bad(`${path}.values[${i}]`, 'a number or a string', x)))
    checkPrecision(out.values, `${path}.values`, true)
  }
  return out
}

function attr(v: unknown, path: string): AttrValue {
  if (scalarOk(v)) {
    checkPrecision([v], path, false)
    return v
  }
  if (Array.isArray(v)) {
    if (v.every(scalarOk)) {
      checkPrecision(v, path, true)
      return v
    }
    return v.map((x, i) => (isObj(x) ? tensorAttr(x, `${path}[${i}]`) : bad(`${path}[${i}]`, 'a tensor attribute { "dtype", "shape" }', x))) as AttrValue
  }
  if (isObj(v)) {
    if ('graph' in v) return { graph: { nodes: int(obj(v.graph, `${path}.graph`).nodes, `${path}.graph.nodes`) } }
    return tensorAttr(v, path)
  }
  return bad(path, 'a number, a string, an array of them, a tensor { "dtype", "shape" } or { "graph": { "nodes" } }', v)
}

function node(v: unknown, path: string): NodeInfo {
  const o = obj(v, path)
  const attributes = nameTable<AttrValue>()
  for (const [k, x] of Object.entries(obj(o.attributes ?? {}, `${path}.attributes`))) {
    attributes[k] = attr(x, `${path}.attributes[${quoteName(k)}]`)
  }
  const flops = o.flops
  if (typeof flops !== 'number' || !Number.isFinite(flops) || flops < 0) bad(`${path}.flops`, 'a number ≥ 0', flops)
  const name = str(o.name, `${path}.name`)
  if (name === '') bad(`${path}.name`, 'a non-empty string', name)
  return {
    name,
    op: str(o.op, `${path}.op`),
    domain: o.domain === undefined ? '' : str(o.domain, `${path}.domain`),
    inputs: strList(o.inputs, `${path}.inputs`),
    outputs: strList(o.outputs, `${path}.outputs`),
    attributes,
    flops,
  }
}

/**
 * Checks every field of a parsed document and returns it as a `MemoriaGraph` (unknown extra fields are
 * dropped; the optional extras of the type are kept when well-typed).
 */
export function checkGraphDocument(doc: unknown): MemoriaGraph {
  if (!isObj(doc) || doc.format !== 'memoria-graph') notAGraph(doc)
  if (doc.version !== 1) {
    fail('GRAPH_JSON_INVALID', `$.version is ${describe(doc.version)}; this planner reads memoria-graph version 1 — write the file with a matching version of the planner`)
  }
  const g: MemoriaGraph = {
    format: 'memoria-graph',
    version: 1,
    name: str(doc.name, '$.name'),
    producer: str(doc.producer ?? '', '$.producer'),
    opset: intRecord(doc.opset ?? {}, '$.opset', 1),
    symbols: intRecord(doc.symbols ?? {}, '$.symbols', 0),
    inputs: strList(doc.inputs, '$.inputs'),
    outputs: strList(doc.outputs, '$.outputs'),
    tensors: arr(doc.tensors, '$.tensors').map((t, i) => tensor(t, `$.tensors[${i}]`)),
    nodes: arr(doc.nodes, '$.nodes').map((n, i) => node(n, `$.nodes[${i}]`)),
  }
  if (doc.irVersion !== undefined) g.irVersion = int(doc.irVersion, '$.irVersion')
  if (doc.docString !== undefined) g.docString = str(doc.docString, '$.docString')
  if (doc.metadata !== undefined) {
    g.metadata = nameTable()
    for (const [k, x] of Object.entries(obj(doc.metadata, '$.metadata'))) g.metadata[k] = str(x, `$.metadata[${quoteName(k)}]`)
  }
  if (doc.assumedSymbols !== undefined) g.assumedSymbols = strList(doc.assumedSymbols, '$.assumedSymbols')
  if (doc.warnings !== undefined) g.warnings = strList(doc.warnings, '$.warnings')
  checkKinds(g)
  return g
}

/** `kind` is a convenience, but the memory models read it (weights never take activation memory): it must agree. */
function checkKinds(g: MemoriaGraph): void {
  // the kinds follow from the structure: a graph without nodes, or a tensor with two producers, is that
  // problem (named as validateGraph names it), not a kind that disagrees with it
  if (g.nodes.length === 0) {
    fail('GRAPH_EMPTY', `graph ${quoteName(g.name)} has no nodes ($.nodes is empty); there is nothing to plan — export the model with its operators`)
  }
  const inputs = new Set(g.inputs)
  const outputs = new Set(g.outputs)
  const producerOp = new Map<string, string>()
  const producerName = new Map<string, string>()
  for (const n of g.nodes) {
    for (const o of n.outputs) {
      if (o === '') continue
      const first = producerName.get(o)
      if (first !== undefined) {
        fail('GRAPH_DUPLICATE_OUTPUT', `tensor ${quoteName(o)} is produced by node ${quoteName(first)} and again by node ${quoteName(n.name)}; each tensor must have one producer — rename one output`)
      }
      producerName.set(o, n.name)
      producerOp.set(o, n.op)
    }
  }
  g.tensors.forEach((t, i) => {
    const path = `$.tensors[${i}].kind`
    const op = producerOp.get(t.name)
    if (t.kind === 'input' && !inputs.has(t.name)) bad(path, `"input" only for a name listed in $.inputs; ${quoteName(t.name)} is not listed`, t.kind)
    if (t.kind === 'output' && !outputs.has(t.name)) bad(path, `"output" only for a name listed in $.outputs; ${quoteName(t.name)} is not listed`, t.kind)
    if (t.kind === 'weight' && op !== undefined && op !== 'Constant') bad(path, `"weight" only for an initializer or a Constant output; ${quoteName(t.name)} is produced by a ${op} node`, t.kind)
    if (t.kind === 'activation' && op === undefined && !inputs.has(t.name)) bad(path, `"activation" only for a node output; no node produces ${quoteName(t.name)} (an initializer is "weight")`, t.kind)
  })
}
