/**
 * The indexed form of a `MemoriaGraph` that every memory algorithm runs on: integer ids, CSR adjacency and
 * typed arrays, built once per graph (and per override of sizes) in O(nodes + edges).
 *
 * Invariants: node ids are positions in `graph.nodes` (file order); tensor ids are positions in
 * `graph.tensors`. Every list is of distinct ids in first-listed order (`Mul(x, x)` reads x once), `""`
 * entries dropped. Weights are initializers and `Constant` outputs (docs/spec.md section 2); they never take
 * activation memory, so every walk skips them. A non-weight tensor of unknown size makes the whole graph
 * unschedulable (`SHAPE_UNKNOWN`): nothing unknown is counted as zero.
 */
import { fail, fmtInt } from '../errors.ts'
import type { MemoriaGraph, TensorInfo } from '../graph/types.ts'
import { validateIndexed } from '../io/validate.ts'
import { isElementwiseOp, isViewOp } from './ops.ts'

export interface IndexedGraph {
  readonly graph: MemoriaGraph
  readonly nNodes: number
  readonly nTensors: number
  readonly nodeNames: readonly string[]
  readonly tensorNames: readonly string[]
  readonly tensorIndex: ReadonlyMap<string, number>
  readonly nodeIndex: ReadonlyMap<string, number>
  /** bytes per tensor; weights keep their size here (0 when unknown) but never count as activations */
  readonly bytes: Float64Array
  readonly isWeight: Uint8Array
  readonly isInput: Uint8Array
  readonly isOutput: Uint8Array
  /** producing node, -1 for graph inputs and initializers */
  readonly producer: Int32Array
  /** distinct consumer nodes of tensor t: consList[consStart[t] .. consStart[t+1]) */
  readonly consStart: Int32Array
  readonly consList: Int32Array
  /** distinct non-empty input tensors of node v, in listed order */
  readonly inStart: Int32Array
  readonly inList: Int32Array
  /** distinct non-empty output tensors of node v, in listed order (output 0 first when present) */
  readonly outStart: Int32Array
  readonly outList: Int32Array
  /** distinct predecessor and successor nodes */
  readonly predStart: Int32Array
  readonly predList: Int32Array
  readonly succStart: Int32Array
  readonly succList: Int32Array
  /** output 0 of node v (-1 when omitted): the output a view joins or an element-wise node may write in place */
  readonly output0: Int32Array
  /** inplace: for a view node, the tensor whose buffer its output 0 joins (input 0); -1 otherwise */
  readonly viewInput: Int32Array
  /** inplace: for an element-wise node, the tensor of output 0; -1 otherwise */
  readonly reuseOutput: Int32Array
  /** inplace: inputs whose buffer output 0 may take (same dtype, shape and bytes; not weights), in order */
  readonly reuseStart: Int32Array
  readonly reuseList: Int32Array
  /** a topological order (Kahn, first-in first-out over file order) */
  readonly topo: Int32Array
  /** graph inputs that take memory at step 0 (non-weight), in `graph.inputs` order */
  readonly inputTensors: Int32Array
  /** sum of the bytes of all weights (initializers and Constant outputs) of known size */
  readonly weightBytes: number
  readonly warnings: readonly string[]
}

/** Lists of ids as compressed sparse rows: list i is `list[start[i] .. start[i+1])`. */
export function csr(lists: number[][]): { start: Int32Array; list: Int32Array } {
  const start = new Int32Array(lists.length + 1)
  for (let i = 0; i < lists.length; i++) start[i + 1] = start[i] + lists[i].length
  const list = new Int32Array(start[lists.length])
  for (let i = 0; i < lists.length; i++) list.set(lists[i], start[i])
  return { start, list }
}

function sameShape(a: TensorInfo, b: TensorInfo): boolean {
  if (a.dtype === null || a.dtype !== b.dtype || a.shape === null || b.shape === null) return false
  if (a.shape.length !== b.shape.length) return false
  for (let i = 0; i < a.shape.length; i++) if (a.shape[i] !== b.shape[i]) return false
  return true
}

const SHOW_MAX = 8

function describeUnknown(t: TensorInfo): string {
  const shape = t.shape === null ? 'shape unknown' : `shape [${t.shape.map((d) => JSON.stringify(d)).join(', ')}]`
  const dtype = t.dtype === null ? 'dtype unknown' : t.dtype
  return `${JSON.stringify(t.name)} (${dtype}, ${shape})`
}

/** Builds the indexed graph; throws `SHAPE_UNKNOWN` naming the tensors whose size is not known. */
export function indexGraph(graph: MemoriaGraph): IndexedGraph {
  // validation resolved every name already: its tables are this graph's
  const { order: topoList, tensorIndex, nodeIndex } = validateIndexed(graph)
  const { nodes, tensors } = graph
  const nNodes = nodes.length
  const nTensors = tensors.length
  const tid = (name: string): number => tensorIndex.get(name) as number

  const producer = new Int32Array(nTensors).fill(-1)
  const isWeight = new Uint8Array(nTensors)
  const isInput = new Uint8Array(nTensors)
  const isOutput = new Uint8Array(nTensors)
  const outs: number[][] = []
  const ins: number[][] = []
  // distinct ids in listed order: `seenAt[t] === stamp` marks t as taken for this node's list
  const seenAt = new Int32Array(nTensors)
  let stamp = 0
  const distinct = (names: readonly string[]): number[] => {
    stamp++
    const out: number[] = []
    for (const s of names) {
      if (s === '') continue
      const t = tid(s)
      if (seenAt[t] !== stamp) { seenAt[t] = stamp; out.push(t) }
    }
    return out
  }
  for (let v = 0; v < nNodes; v++) {
    const node = nodes[v]
    const o = distinct(node.outputs)
    for (const t of o) {
      producer[t] = v
      if (node.op === 'Constant' && (node.domain === '' || node.domain === 'ai.onnx')) isWeight[t] = 1
    }
    outs.push(o)
    ins.push(distinct(node.inputs))
  }
  tensors.forEach((t, i) => {
    if (t.kind === 'weight') isWeight[i] = 1
  })
  for (const name of graph.inputs) {
    const t = tid(name)
    if (!isWeight[t]) isInput[t] = 1
  }
  for (const name of graph.outputs) isOutput[tid(name)] = 1

  // sizes: refuse unknown activations, warn about unknown weights
  const bytes = new Float64Array(nTensors)
  const used = new Uint8Array(nTensors)
  for (let v = 0; v < nNodes; v++) {
    for (const t of ins[v]) used[t] = 1
    for (const t of outs[v]) used[t] = 1
  }
  for (const name of [...graph.inputs, ...graph.outputs]) used[tid(name)] = 1
  const unknown: TensorInfo[] = []
  const symbols = new Set<string>()
  let unknownWeights = 0
  let weightBytes = 0
  tensors.forEach((t, i) => {
    if (t.bytes === null) {
      if (isWeight[i]) unknownWeights++
      else if (used[i]) {
        unknown.push(t)
        for (const d of t.shape ?? []) if (typeof d === 'string') symbols.add(d)
      }
      return
    }
    bytes[i] = t.bytes
    if (isWeight[i]) weightBytes += t.bytes
  })
  if (unknown.length > 0) {
    const shown = unknown.slice(0, SHOW_MAX).map(describeUnknown).join(', ')
    const more = unknown.length > SHOW_MAX ? ` and ${fmtInt(unknown.length - SHOW_MAX)} more` : ''
    // no command-line flags here: the app shows this message too; the CLI adds its flags (cli/hints.ts)
    const bind = symbols.size > 0 ? `bind a value to ${[...symbols].join(', ')}, or ` : ''
    fail('SHAPE_UNKNOWN', `cannot schedule ${JSON.stringify(graph.name)}: ${fmtInt(unknown.length)} tensor(s) have no known size: ${shown}${more}; ${bind}give the shape of each`)
  }
  const warnings: string[] = []
  if (unknownWeights > 0) {
    warnings.push(`${fmtInt(unknownWeights)} weight(s) have no known size; weightBytes leaves them out (activation figures are unaffected)`)
  }

  const cons: number[][] = Array.from({ length: nTensors }, () => [])
  for (let v = 0; v < nNodes; v++) for (const t of ins[v]) cons[t].push(v)
  const preds: number[][] = []
  const succs: number[][] = Array.from({ length: nNodes }, () => [])
  const predSeen = new Int32Array(nNodes)
  for (let v = 0; v < nNodes; v++) {
    const p: number[] = []
    for (const t of ins[v]) {
      const u = producer[t]
      if (u >= 0 && predSeen[u] !== v + 1) { predSeen[u] = v + 1; p.push(u) }
    }
    preds.push(p)
    for (const u of p) succs[u].push(v)
  }

  const output0 = new Int32Array(nNodes).fill(-1)
  const viewInput = new Int32Array(nNodes).fill(-1)
  const reuseOutput = new Int32Array(nNodes).fill(-1)
  const reuse: number[][] = []
  for (let v = 0; v < nNodes; v++) {
    const node = nodes[v]
    const cand: number[] = []
    const out0 = node.outputs.length > 0 && node.outputs[0] !== '' ? tid(node.outputs[0]) : -1
    const in0 = node.inputs.length > 0 && node.inputs[0] !== '' ? tid(node.inputs[0]) : -1
    output0[v] = out0
    if (out0 >= 0 && !isWeight[out0]) {
      if (isViewOp(node.op, node.domain) && in0 >= 0) {
        if (isWeight[in0] || bytes[in0] === bytes[out0]) viewInput[v] = in0
        else warnings.push(`view node ${JSON.stringify(node.name)} changes the size of its data (${fmtInt(bytes[in0])} → ${fmtInt(bytes[out0])} bytes); its output is counted as a buffer of its own`)
      } else if (isElementwiseOp(node.op, node.domain)) {
        reuseOutput[v] = out0
        for (const t of ins[v]) {
          if (!isWeight[t] && bytes[t] === bytes[out0] && sameShape(tensors[t], tensors[out0])) cand.push(t)
        }
      }
    }
    reuse.push(cand)
  }

  const c = csr(cons)
  const i = csr(ins)
  const o = csr(outs)
  const p = csr(preds)
  const s = csr(succs)
  const r = csr(reuse)
  return {
    graph, nNodes, nTensors,
    nodeNames: nodes.map((n) => n.name), tensorNames: tensors.map((t) => t.name), tensorIndex, nodeIndex,
    bytes, isWeight, isInput, isOutput, producer,
    consStart: c.start, consList: c.list, inStart: i.start, inList: i.list, outStart: o.start, outList: o.list,
    predStart: p.start, predList: p.list, succStart: s.start, succList: s.list,
    output0, viewInput, reuseOutput, reuseStart: r.start, reuseList: r.list,
    topo: Int32Array.from(topoList),
    inputTensors: Int32Array.from(graph.inputs.map(tid).filter((t) => !isWeight[t])),
    weightBytes, warnings,
  }
}

/** Node names → node ids; throws `ARG_INVALID` unless `names` is a permutation of all nodes in topological order. */
export function orderFromNames(ig: IndexedGraph, names: readonly string[]): Int32Array {
  const order = new Int32Array(names.length)
  names.forEach((n, k) => {
    const v = ig.nodeIndex.get(n)
    if (v === undefined) fail('ARG_INVALID', `order names node ${JSON.stringify(n)}, which the graph does not have; use the node names of this model`)
    order[k] = v
  })
  checkOrder(ig, order)
  return order
}

/** Throws `ARG_INVALID` unless `order` runs every node exactly once, each after its producers. */
export function checkOrder(ig: IndexedGraph, order: Int32Array): void {
  if (order.length !== ig.nNodes) {
    fail('ARG_INVALID', `order has ${fmtInt(order.length)} entries but the graph has ${fmtInt(ig.nNodes)} nodes; list every node once`)
  }
  const done = new Uint8Array(ig.nNodes)
  for (let k = 0; k < order.length; k++) {
    const v = order[k]
    if (v < 0 || v >= ig.nNodes || done[v]) fail('ARG_INVALID', `order entry ${k} repeats or names no node; list every node once`)
    for (let j = ig.predStart[v]; j < ig.predStart[v + 1]; j++) {
      if (!done[ig.predList[j]]) {
        fail('ARG_INVALID', `order runs ${JSON.stringify(ig.nodeNames[v])} (entry ${k}) before its producer ${JSON.stringify(ig.nodeNames[ig.predList[j]])}; the order must be topological`)
      }
    }
    done[v] = 1
  }
}
