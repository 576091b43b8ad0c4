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
  // validation resolved every name already (its tables and ids are this graph's): from here on only integer
  // ids and typed arrays, every list written straight into its CSR — no per-node arrays, no name lookups,
  // so a 200k-node graph indexes in a few tens of milliseconds beyond validation (issue 16)
  const valid = validateIndexed(graph)
  const { order: topoList, tensorIndex, nodeIndex, inOff, inIds, outOff, outIds, inputIds, outputIds } = valid
  const { nodes, tensors } = graph
  const nNodes = nodes.length
  const nTensors = tensors.length

  const producer = new Int32Array(nTensors).fill(-1)
  const isWeight = new Uint8Array(nTensors)
  const isInput = new Uint8Array(nTensors)
  const isOutput = new Uint8Array(nTensors)
  // distinct ids in listed order: `seenAt[t] === v + 1` marks t as taken for node v's list
  const seenAt = new Int32Array(nTensors)
  const distinct = (off: Int32Array, ids: Int32Array, start: Int32Array, list: Int32Array): Int32Array => {
    seenAt.fill(0)
    let n = 0
    for (let v = 0; v < nNodes; v++) {
      for (let k = off[v]; k < off[v + 1]; k++) {
        const t = ids[k]
        if (t >= 0 && seenAt[t] !== v + 1) { seenAt[t] = v + 1; list[n++] = t }
      }
      start[v + 1] = n
    }
    return n === list.length ? list : list.slice(0, n)
  }
  const outStart = new Int32Array(nNodes + 1)
  const outList = distinct(outOff, outIds, outStart, new Int32Array(outIds.length))
  const inStart = new Int32Array(nNodes + 1)
  const inList = distinct(inOff, inIds, inStart, new Int32Array(inIds.length))
  for (let v = 0; v < nNodes; v++) {
    const node = nodes[v]
    const constant = node.op === 'Constant' && (node.domain === '' || node.domain === 'ai.onnx')
    for (let j = outStart[v]; j < outStart[v + 1]; j++) {
      producer[outList[j]] = v
      if (constant) isWeight[outList[j]] = 1
    }
  }
  for (let i = 0; i < nTensors; i++) if (tensors[i].kind === 'weight') isWeight[i] = 1
  // indexed loops over typed arrays here and below: a `for…of` allocates an iterator result per element
  // until it is optimised, tens of MB of garbage on a 200k-node graph
  for (let k = 0; k < inputIds.length; k++) if (!isWeight[inputIds[k]]) isInput[inputIds[k]] = 1
  for (let k = 0; k < outputIds.length; k++) isOutput[outputIds[k]] = 1

  // sizes: refuse unknown activations, warn about unknown weights
  const bytes = new Float64Array(nTensors)
  const used = new Uint8Array(nTensors)
  for (let j = 0; j < inList.length; j++) used[inList[j]] = 1
  for (let j = 0; j < outList.length; j++) used[outList[j]] = 1
  for (let k = 0; k < inputIds.length; k++) used[inputIds[k]] = 1
  for (let k = 0; k < outputIds.length; k++) used[outputIds[k]] = 1
  const unknown: TensorInfo[] = []
  const symbols = new Set<string>()
  let unknownWeights = 0
  let weightBytes = 0
  for (let i = 0; i < nTensors; i++) {
    const t = tensors[i]
    if (t.bytes === null) {
      if (isWeight[i]) unknownWeights++
      else if (used[i]) {
        unknown.push(t)
        for (const d of t.shape ?? []) if (typeof d === 'string') symbols.add(d)
      }
      continue
    }
    bytes[i] = t.bytes
    if (isWeight[i]) weightBytes += t.bytes
  }
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

  // consumers per tensor, in node order (a counting sort of the input lists)
  const consStart = new Int32Array(nTensors + 1)
  for (let j = 0; j < inList.length; j++) consStart[inList[j] + 1]++
  for (let t = 0; t < nTensors; t++) consStart[t + 1] += consStart[t]
  const consList = new Int32Array(inList.length)
  const consFill = consStart.slice(0, nTensors)
  for (let v = 0; v < nNodes; v++) for (let j = inStart[v]; j < inStart[v + 1]; j++) consList[consFill[inList[j]]++] = v
  // the node edges: validation built them from the same lists (distinct producers in first-listed order)
  const { predStart, preds: predList, succStart, succ: succList } = valid

  const output0 = new Int32Array(nNodes).fill(-1)
  const viewInput = new Int32Array(nNodes).fill(-1)
  const reuseOutput = new Int32Array(nNodes).fill(-1)
  const reuseStart = new Int32Array(nNodes + 1)
  const reuseBuf = new Int32Array(inList.length)
  let nr = 0
  for (let v = 0; v < nNodes; v++) {
    const node = nodes[v]
    const out0 = outOff[v + 1] > outOff[v] ? outIds[outOff[v]] : -1
    const in0 = inOff[v + 1] > inOff[v] ? inIds[inOff[v]] : -1
    output0[v] = out0
    if (out0 >= 0 && !isWeight[out0]) {
      if (isViewOp(node.op, node.domain) && in0 >= 0) {
        if (isWeight[in0] || bytes[in0] === bytes[out0]) viewInput[v] = in0
        else warnings.push(`view node ${JSON.stringify(node.name)} changes the size of its data (${fmtInt(bytes[in0])} → ${fmtInt(bytes[out0])} bytes); its output is counted as a buffer of its own`)
      } else if (isElementwiseOp(node.op, node.domain)) {
        reuseOutput[v] = out0
        for (let j = inStart[v]; j < inStart[v + 1]; j++) {
          const t = inList[j]
          if (!isWeight[t] && bytes[t] === bytes[out0] && sameShape(tensors[t], tensors[out0])) reuseBuf[nr++] = t
        }
      }
    }
    reuseStart[v + 1] = nr
  }
  return {
    graph, nNodes, nTensors,
    nodeNames: nodeIndex.names, tensorNames: tensorIndex.names, tensorIndex, nodeIndex,
    bytes, isWeight, isInput, isOutput, producer,
    consStart, consList, inStart, inList, outStart, outList,
    predStart, predList, succStart, succList,
    output0, viewInput, reuseOutput, reuseStart, reuseList: reuseBuf.slice(0, nr),
    topo: topoList,
    inputTensors: inputIds.filter((t) => !isWeight[t]),
    weightBytes, warnings,
  }
}

/** Node ids → node names (a loop, not `Array.from(order, f)`, which iterates a typed array through an iterator). */
export function orderNames(ig: IndexedGraph, order: ArrayLike<number>): string[] {
  const names = new Array<string>(order.length)
  for (let k = 0; k < order.length; k++) names[k] = ig.nodeNames[order[k]]
  return names
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
