/**
 * buildGraph: a RawModel (the ONNX reader's output) → a MemoriaGraph (docs/spec.md section 1) with every
 * tensor's dtype, shape and bytes, and every node's FLOPs.
 *
 * Steps: name nodes uniquely (`<op>_<index>` for unnamed ones, `__2`, `__3`, … for repeats); bind the
 * symbolic dims of the graph inputs (user value, else 1 and a warning); order the nodes topologically
 * (file order breaks ties) and run each operator's inference function (infer/registry.ts), folding small
 * constant values so shape arithmetic resolves; fall back to the user's `shapes`, then to the file's
 * value_info, for operators that are unknown or fail; compare inference with value_info and warn where
 * they disagree. Invariants of the result: node names unique and in file order; every tensor listed once;
 * `bytes` null exactly when dtype or shape is not fully known. Throws MemoriaError GRAPH_EMPTY,
 * GRAPH_DUPLICATE_OUTPUT, GRAPH_DANGLING_INPUT or GRAPH_CYCLE on a malformed graph.
 * O(nodes + tensors) plus the folding work (≤ MAX_FOLD elements per tensor).
 */
import { fail } from '../errors.ts'
import type { RawModel, RawValueInfo } from '../onnx/raw.ts'
import { convertAttrs } from './attributes.ts'
import { nodeFlops } from './flops.ts'
import { InferError, tensorFacts, UnknownInputError, type Facts, type InferCtx, type InferFn } from './infer/context.ts'
import { inferFnFor, isDefaultDomain, SUBGRAPH_OPS } from './infer/registry.ts'
import { dtypeBytes, type AttrValue, type Dim, type MemoriaGraph, type NodeInfo, type TensorInfo, type TensorKind } from './types.ts'
import { topoOrder, uniqueNodeNames } from './structure.ts'
import { checkDeclared, dtypeAssumedWarning, listSample } from './declared.ts'
import { copyTable, nameTable, own } from '../names.ts'

export interface BuildOptions {
  /** symbol bindings (`--dim seq=128`); an unbound symbol is 1 */
  dims?: Record<string, number>
  /** user-given shapes by tensor name (`--shape NAME=1x3x224x224`); they override inference */
  shapes?: Record<string, Dim[]>
  /** the file the model came from: names the model when its graph name is an exporter's default */
  fileName?: string
}

/** Graph names exporters write for every model (PyTorch, tf2onnx, Keras): they say nothing about the model. */
const DEFAULT_GRAPH_NAMES = new Set(['', 'torch_jit', 'torch-jit-export', 'main_graph', 'tf2onnx', 'graph', 'model'])

/** The model's name: its graph name, unless that is an exporter's default and the file name says more. */
export function modelName(graphName: string, fileName: string | undefined): string {
  if (!DEFAULT_GRAPH_NAMES.has(graphName.toLowerCase()) || !fileName) return graphName
  const base = fileName.split(/[\\/]/).pop() ?? fileName
  return base.replace(/\.(onnx|json)$/i, '') || graphName
}

/** Symbols of the graph inputs, in order of appearance; an unnamed dim becomes `<input>_dim<i>`. */
function collectSymbols(raw: RawModel, initNames: Set<string>): string[] {
  const seen: string[] = []
  for (const v of raw.inputs) {
    if (initNames.has(v.name) || v.shape === null) continue
    v.shape.forEach((d, i) => {
      const s = d === null ? `${v.name}_dim${i}` : typeof d === 'string' ? d : null
      if (s !== null && !seen.includes(s)) seen.push(s)
    })
  }
  return seen
}

/** A declared shape with bound symbols substituted; an unnamed dim is the symbol `<tensor>_dim<i>`. */
function declaredFacts(v: RawValueInfo, symbols: Record<string, number>): Facts {
  const shape = v.shape === null ? null : substitute(v.shape.map((d, i): Dim => d ?? `${v.name}_dim${i}`), symbols)
  return { dtype: v.dtype, shape }
}

function substitute(shape: Dim[], symbols: Record<string, number>): Dim[] {
  // symbol names come from the file: `toString` must not find Object.prototype's member
  return shape.map((d) => (typeof d === 'string' ? (own(symbols, d) ?? d) : d))
}

/** What the inference loop collects for the warnings. */
interface Notes {
  /** op (with its domain when not the default) → its output tensors */
  unknownOps: Map<string, string[]>
  failures: string[]
  mismatches: string[]
  overrides: string[]
  subgraphNodes: string[]
  /** tensors whose unknown shape a warning explains; other unknown ones are downstream of those */
  accounted: Set<string>
}

/** Runs one inference function; a failure (or a bug, or an impossible dim) is noted and gives null. */
function runInference(fn: InferFn, ctx: InferCtx, name: string, notes: Notes): Facts[] | null {
  try {
    const outs = fn(ctx)
    // plain loops in the per-node path: no closures or arrays made per node (100k-node graphs)
    for (const f of outs) {
      if (f.shape === null) continue
      for (const d of f.shape) {
        if (typeof d === 'number' && !(Number.isInteger(d) && d >= 0)) throw new InferError(`the attributes and inputs give the impossible dimension ${d}`)
      }
    }
    return outs
  } catch (e) {
    const n = ctx.node
    if (!(e instanceof InferError)) {
      // a bug in one operator's inference must not stop the model from loading: report it, go on
      notes.failures.push(`${name} (${n.op}): internal error in shape inference (${e instanceof Error ? e.message : String(e)}); please report it`)
    } else if (e instanceof UnknownInputError && ctx.inputs.some((x) => x !== null && x.shape === null)) {
      return null // a consequence of an unknown input, reported as downstream
    } else notes.failures.push(`${name} (${n.op}): ${e.message}`)
    for (const o of n.outputs) notes.accounted.add(o)
    return null
  }
}

function plural(n: number, one: string, many: string): string {
  return n === 1 ? one : many
}

function summarise(notes: Notes, downstream: string[]): string[] {
  const w: string[] = []
  if (notes.unknownOps.size > 0) {
    const ops = [...notes.unknownOps.keys()]
    const tensors = [...notes.unknownOps.values()].flat()
    w.push(`${plural(ops.length, 'unknown operator', 'unknown operators')} ${ops.join(', ')}: the shapes of ${tensors.length} ${plural(tensors.length, 'tensor', 'tensors')} (${listSample(tensors)}) are unknown and not counted; give their shapes`)
  }
  if (downstream.length > 0) w.push(`${downstream.length} ${plural(downstream.length, 'tensor downstream of unknown shapes is', 'tensors downstream of unknown shapes are')} unknown too (${listSample(downstream)}); giving the upstream shapes resolves them`)
  if (notes.subgraphNodes.length > 0) w.push(`${plural(notes.subgraphNodes.length, 'node', 'nodes')} with subgraphs (${listSample(notes.subgraphNodes)}): outputs taken from the file's declarations where given, otherwise unknown`)
  if (notes.failures.length > 0) w.push(`shape inference failed at ${notes.failures.length} ${plural(notes.failures.length, 'node', 'nodes')}: ${listSample(notes.failures, 5, '; ')} (outputs from declarations or unknown)`)
  if (notes.mismatches.length > 0) w.push(`the file's value_info disagrees with shape inference for ${notes.mismatches.length} ${plural(notes.mismatches.length, 'tensor', 'tensors')}: ${listSample(notes.mismatches, 5, '; ')} (the inferred shapes are used)`)
  if (notes.overrides.length > 0) w.push(`a given shape overrides the inferred shape of ${listSample(notes.overrides, 5, '; ')}`)
  return w
}

export function buildGraph(raw: RawModel, opts: BuildOptions = {}): MemoriaGraph {
  const warnings = [...raw.warnings]
  if (raw.nodes.length === 0 && raw.outputs.length === 0) fail('GRAPH_EMPTY', `the model "${raw.graphName}" has no nodes and no outputs; open a model with a graph`)
  const opsetDefault = own(raw.opset, '') ?? own(raw.opset, 'ai.onnx') ?? 1
  // the caller's tables may have a prototype (a literal, a structured clone): read own entries only
  const userShapes = new Map(Object.entries(opts.shapes ?? {}))
  const dims = new Map(Object.entries(opts.dims ?? {}))
  const userShapeUsed = new Set<string>()

  // ---- names, symbols ------------------------------------------------------------------------------------
  const names = uniqueNodeNames(raw.nodes, warnings)
  const initNames = new Set(raw.initializers.map((t) => t.name))
  const symbolList = collectSymbols(raw, initNames)
  const symbols = nameTable<number>()
  const assumed: string[] = []
  for (const s of symbolList) {
    const v = dims.get(s)
    if (v !== undefined) symbols[s] = v
    else {
      symbols[s] = 1
      assumed.push(s)
    }
  }
  if (assumed.length > 0) warnings.push(`symbolic dimension${assumed.length > 1 ? 's' : ''} ${assumed.join(', ')} not bound: assumed 1; bind a value to ${assumed.length > 1 ? 'them' : 'it'}`)
  const unused = [...dims.keys()].filter((s) => !symbolList.includes(s))
  if (unused.length > 0) warnings.push(`dimension${unused.length > 1 ? 's' : ''} ${unused.join(', ')} bound but not used by any graph input (symbols: ${symbolList.join(', ') || 'none'})`)

  // ---- seeds: initializers and graph inputs --------------------------------------------------------------
  const facts = new Map<string, Facts>()
  const declared = new Map<string, Facts>()
  for (const list of [raw.valueInfo, raw.outputs]) {
    for (const v of list) {
      // a name may be declared twice (value_info and graph output): keep the more informative declaration
      const prev = declared.get(v.name)
      if (prev === undefined || (prev.shape === null && v.shape !== null) || (prev.dtype === null && v.dtype !== null && v.shape !== null)) declared.set(v.name, declaredFacts(v, symbols))
    }
  }
  for (const t of raw.initializers) facts.set(t.name, tensorFacts(t))
  const graphInputs: string[] = []
  for (const v of raw.inputs) {
    if (initNames.has(v.name)) continue
    graphInputs.push(v.name)
    facts.set(v.name, declaredFacts(v, symbols))
  }

  // a --shape gives no dtype: where nothing declares one, the node's first input's is taken, and said
  const dtypeAssumed: string[] = []
  const applyUser = (name: string, f: Facts, fallbackDtype: Facts['dtype']): Facts => {
    const u = userShapes.get(name)
    if (u === undefined) return f
    userShapeUsed.add(name)
    if (f.dtype === null && fallbackDtype !== null) dtypeAssumed.push(`${name} (${fallbackDtype})`)
    return { dtype: f.dtype ?? fallbackDtype, shape: substitute(u, symbols) }
  }
  for (const name of graphInputs) facts.set(name, applyUser(name, facts.get(name)!, null))
  const shapeless = graphInputs.filter((name) => facts.get(name)!.shape === null || facts.get(name)!.dtype === null)
  if (shapeless.length > 0) warnings.push(`graph input${shapeless.length > 1 ? 's' : ''} ${listSample(shapeless)} declare${shapeless.length > 1 ? '' : 's'} no full type: ${shapeless.length > 1 ? 'their' : 'its'} size is unknown; give ${shapeless.length > 1 ? 'their shapes' : 'its shape'}`)

  // ---- inference in topological order --------------------------------------------------------------------
  const order = topoOrder(raw, names, new Set([...graphInputs, ...initNames]))
  const notes: Notes = { unknownOps: new Map(), failures: [], mismatches: [], overrides: [], subgraphNodes: [], accounted: new Set() }
  const flops = new Array<number>(raw.nodes.length).fill(0)
  // converted once here for FLOPs and kept for the result: a tensor attribute's conversion copies its values
  const attributes = new Array<Record<string, AttrValue>>(raw.nodes.length)
  for (const i of order) {
    const n = raw.nodes[i]
    const ins = new Array<Facts | null>(n.inputs.length)
    let firstDtype: Facts['dtype'] = null
    for (let k = 0; k < n.inputs.length; k++) {
      const name = n.inputs[k]
      const f = name === '' ? null : (facts.get(name) ?? null)
      ins[k] = f
      if (firstDtype === null && f !== null && f.dtype) firstDtype = f.dtype
    }
    const fn = inferFnFor(n.op, n.domain)
    const opset = isDefaultDomain(n.domain) ? opsetDefault : (own(raw.opset, n.domain) ?? 1)
    const outs = fn === undefined ? null : runInference(fn, { node: n, opset, inputs: ins }, names[i], notes)
    if (fn === undefined) {
      if (SUBGRAPH_OPS.has(n.op) && isDefaultDomain(n.domain)) notes.subgraphNodes.push(names[i])
      for (const o of n.outputs) notes.accounted.add(o)
    }
    const outShapes = new Array<Dim[] | null>(n.outputs.length)
    for (let k = 0; k < n.outputs.length; k++) {
      const o = n.outputs[k]
      outShapes[k] = null
      if (o === '') continue
      let f = outs?.[k] ?? null
      const d = declared.get(o)
      if (f !== null && d !== undefined) checkDeclared(o, f, d, notes.mismatches)
      if (f === null) {
        f = d ?? { dtype: null, shape: null }
        if (fn === undefined && !SUBGRAPH_OPS.has(n.op) && f.shape === null && !userShapes.has(o)) {
          const key = isDefaultDomain(n.domain) ? n.op : `${n.domain}.${n.op}`
          const list = notes.unknownOps.get(key)
          if (list === undefined) notes.unknownOps.set(key, [o])
          else list.push(o)
        }
      } else if (userShapes.has(o) && f.shape !== null) {
        const u = substitute(userShapes.get(o)!, symbols)
        if (JSON.stringify(u) !== JSON.stringify(f.shape)) notes.overrides.push(`${o}: [${u.join(', ')}] given, [${f.shape.join(', ')}] inferred`)
      }
      const final = applyUser(o, f, firstDtype)
      facts.set(o, final)
      outShapes[k] = final.shape
    }
    attributes[i] = convertAttrs(n.attributes)
    const inShapes = new Array<Dim[] | null>(ins.length)
    for (let k = 0; k < ins.length; k++) inShapes[k] = ins[k]?.shape ?? null
    flops[i] = nodeFlops({ op: n.op, domain: n.domain, inputs: n.inputs, attributes: attributes[i] }, inShapes, outShapes)
  }
  const downstream: string[] = []
  for (const n of raw.nodes) for (const o of n.outputs) if (o !== '' && !notes.accounted.has(o) && facts.get(o)?.shape === null) downstream.push(o)
  warnings.push(...summarise(notes, downstream))
  const userUnused = [...userShapes.keys()].filter((s) => !userShapeUsed.has(s))
  if (dtypeAssumed.length > 0) warnings.push(dtypeAssumedWarning(dtypeAssumed))
  if (userUnused.length > 0) warnings.push(`shapes were given for tensors the graph does not produce or take as input: ${listSample(userUnused)}`)

  const g = assemble(raw, names, facts, graphInputs, symbols, assumed, flops, attributes, warnings)
  g.name = modelName(raw.graphName, opts.fileName)
  return g
}

function assemble(
  raw: RawModel,
  names: string[],
  facts: Map<string, Facts>,
  graphInputs: string[],
  symbols: Record<string, number>,
  assumed: string[],
  flops: number[],
  attributes: Record<string, AttrValue>[],
  warnings: string[],
): MemoriaGraph {
  const outputs = raw.outputs.map((v) => v.name)
  const outSet = new Set(outputs)
  const inSet = new Set(graphInputs)
  const weights = new Set(raw.initializers.map((t) => t.name))
  for (const n of raw.nodes) if (n.op === 'Constant' && isDefaultDomain(n.domain)) for (const o of n.outputs) weights.add(o)
  const tensors: TensorInfo[] = []
  const listed = new Set<string>()
  const unresolved: string[] = []
  const add = (name: string): void => {
    if (name === '' || listed.has(name)) return
    listed.add(name)
    const f = facts.get(name)
    const shape = f?.shape ?? null
    const dtype = f?.dtype ?? null
    const bytes = dtypeBytes(dtype, shape)
    if (bytes === null && shape !== null && dtype !== 'string' && shape.some((d) => typeof d === 'string')) unresolved.push(name)
    const kind: TensorKind = inSet.has(name) ? 'input' : weights.has(name) ? 'weight' : outSet.has(name) ? 'output' : 'activation'
    tensors.push({ name, kind, dtype, shape: shape === null ? null : shape.slice(), bytes })
  }
  for (const name of graphInputs) add(name)
  for (const t of raw.initializers) add(t.name)
  for (const n of raw.nodes) for (const o of n.outputs) add(o)
  for (const name of outputs) add(name)
  if (unresolved.length > 0) warnings.push(`${unresolved.length} tensor${unresolved.length > 1 ? 's have sizes' : ' has a size'} that depend${unresolved.length > 1 ? '' : 's'} on data or on unresolved dims (${listSample(unresolved)}): bytes unknown`)

  const nodes = new Array<NodeInfo>(raw.nodes.length)
  for (let i = 0; i < raw.nodes.length; i++) {
    const n = raw.nodes[i]
    // a subgraph reads outer tensors implicitly: list them as inputs so schedules keep them alive
    const inputs = n.inputs.slice()
    for (const key in n.attributes) {
      const a = n.attributes[key]
      const gs = a.type === 'graph' ? [a.value] : a.type === 'graphs' ? a.value : null
      if (gs !== null) for (const g of gs) for (const x of g.outerInputs) if (listed.has(x) && !inputs.includes(x)) inputs.push(x)
    }
    nodes[i] = { name: names[i], op: n.op, domain: n.domain, inputs, outputs: n.outputs.slice(), attributes: attributes[i], flops: flops[i] }
  }
  const g: MemoriaGraph = {
    format: 'memoria-graph',
    version: 1,
    name: raw.graphName,
    producer: `${raw.producerName}${raw.producerVersion ? ` ${raw.producerVersion}` : ''}`,
    opset: copyTable(raw.opset),
    symbols,
    inputs: graphInputs,
    outputs,
    tensors,
    nodes,
    irVersion: raw.irVersion,
    assumedSymbols: assumed,
    warnings,
  }
  if (raw.docString) g.docString = raw.docString
  if (Object.keys(raw.metadata).length > 0) g.metadata = copyTable(raw.metadata)
  return g
}
