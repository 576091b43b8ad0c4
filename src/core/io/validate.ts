/**
 * Structural validation of a `MemoriaGraph`, shared by the ONNX path and the JSON reader (docs/spec.md section 1).
 *
 * Checks, in this order, each with its own error code: at least one node (GRAPH_EMPTY); unique node names;
 * every tensor that a node or the graph names has one entry in `tensors`; each tensor produced at most once
 * and never both produced and a graph input (GRAPH_DUPLICATE_OUTPUT); every consumed tensor and every graph
 * output has a source — a producer, a graph input, or a weight (GRAPH_DANGLING_INPUT); the nodes form a DAG
 * (GRAPH_CYCLE, found by Kahn's algorithm and reported as one concrete cycle).
 *
 * O(nodes + edges). The file order of `nodes` need not be topological. Returns a topological order (node
 * indices, Kahn first-in first-out) so callers that need one do not recompute it.
 *
 * A graph that passed is remembered (weakly) with the arrays it was checked on: the loader validates, and
 * `schedule` or `partition` index the same graph right after, which then costs no second validation (a
 * tenth of a second on 100k nodes). Core never edits a graph's structure in place once it is built — an edit
 * makes a new graph — and a replaced `nodes`, `tensors`, `inputs` or `outputs` array, or a changed length,
 * is validated again.
 */
import { fail, fmtInt, quoteName } from '../errors.ts'
import { NameIndex } from '../graph/name-index.ts'
import type { MemoriaGraph } from '../graph/types.ts'

const LIST_MAX = 6

function listNames(names: string[]): string {
  const shown = names.slice(0, LIST_MAX).map((n) => quoteName(n)).join(', ')
  return names.length > LIST_MAX ? `${shown} and ${fmtInt(names.length - LIST_MAX)} more` : shown
}

const CYCLE_SHOWN = 8

export function validateGraph(graph: MemoriaGraph): number[] {
  return Array.from(validateIndexed(graph).order)
}

/** What validation resolved on the way, for `indexGraph` to reuse instead of building again. */
export interface Validated {
  /** a topological order (Kahn, first in first out over file order) */
  order: Int32Array
  /** name → position in `graph.tensors` (its `names`: the tensor names in order) */
  tensorIndex: NameIndex
  /** name → position in `graph.nodes` (its `names`: the node names in order) */
  nodeIndex: NameIndex
  /**
   * Every node's inputs and outputs as listed, resolved to tensor ids (-1 for an omitted `""`): node i's
   * inputs are `inIds[inOff[i] .. inOff[i+1])`, its outputs likewise; `indexGraph` builds on these instead of
   * looking every name up again.
   */
  inOff: Int32Array
  inIds: Int32Array
  outOff: Int32Array
  outIds: Int32Array
  /** `graph.inputs` and `graph.outputs` resolved to tensor ids, in their order */
  inputIds: Int32Array
  outputIds: Int32Array
  /**
   * Distinct producing predecessors of each node, in first-listed order (`preds[predStart[i] .. predStart[i+1])`),
   * and successors in node order: the node edges `indexGraph` keeps.
   */
  predStart: Int32Array
  preds: Int32Array
  succStart: Int32Array
  succ: Int32Array
}

/**
 * `validateGraph`, keeping the name tables. Every name is looked up once and the checks run on integer ids
 * and typed arrays (a 200k-node graph is a few hundred thousand Map lookups, not a few million).
 */
export function validateIndexed(graph: MemoriaGraph): Validated {
  const known = passed.get(graph)
  if (known !== undefined && sameStructure(known, graph)) return known.valid
  const valid = validateAnew(graph)
  passed.set(graph, { nodes: graph.nodes, tensors: graph.tensors, inputs: graph.inputs, outputs: graph.outputs,
    lengths: [graph.nodes.length, graph.tensors.length, graph.inputs.length, graph.outputs.length], valid })
  return valid
}

interface Passed {
  nodes: MemoriaGraph['nodes']
  tensors: MemoriaGraph['tensors']
  inputs: string[]
  outputs: string[]
  lengths: number[]
  valid: Validated
}

const passed = new WeakMap<MemoriaGraph, Passed>()

function sameStructure(p: Passed, g: MemoriaGraph): boolean {
  return p.nodes === g.nodes && p.tensors === g.tensors && p.inputs === g.inputs && p.outputs === g.outputs &&
    p.lengths[0] === g.nodes.length && p.lengths[1] === g.tensors.length && p.lengths[2] === g.inputs.length &&
    p.lengths[3] === g.outputs.length
}

function validateAnew(graph: MemoriaGraph): Validated {
  const { nodes, tensors } = graph
  if (nodes.length === 0) {
    fail('GRAPH_EMPTY', `graph ${quoteName(graph.name)} has no nodes; there is nothing to plan — export the model with its operators`)
  }
  const nN = nodes.length

  const nodeIndex = new NameIndex(nodes.map((n) => n.name))
  if (nodeIndex.repeat >= 0) {
    fail('GRAPH_JSON_INVALID', `node name ${quoteName(nodes[nodeIndex.repeat].name)} is used by nodes ${nodeIndex.repeated} and ${nodeIndex.repeat}; node names must be unique — rename one of them`)
  }
  const tensorIndex = new NameIndex(tensors.map((t) => t.name))
  if (tensorIndex.repeat >= 0) {
    fail('GRAPH_JSON_INVALID', `tensor ${quoteName(tensors[tensorIndex.repeat].name)} has two entries in "tensors"; list each tensor once`)
  }
  // `where` names the reference for the message: an output or input of node `node`, or a graph input/output
  // (no closure per lookup: a 200k-node graph makes half a million of these)
  const entry = (name: string, where: 'output' | 'input' | 'graph input' | 'graph output', node = -1): number => {
    const t = tensorIndex.idOf(name)
    if (t < 0) {
      const ref = node >= 0 ? `${where} of node ${quoteName(nodes[node].name)}` : `a ${where}`
      fail('GRAPH_JSON_INVALID', `tensor ${quoteName(name)} (${ref}) has no entry in "tensors"; add it with its dtype and shape`)
    }
    return t
  }

  // graph inputs that have an entry (a missing one is reported below, after the producers, as before)
  const isInput = new Uint8Array(tensors.length)
  for (const name of graph.inputs) {
    const t = tensorIndex.idOf(name)
    if (t >= 0) isInput[t] = 1
  }
  const producer = new Int32Array(tensors.length).fill(-1)
  const inOff = new Int32Array(nN + 1)
  const outOff = new Int32Array(nN + 1)
  for (let i = 0; i < nN; i++) {
    inOff[i + 1] = inOff[i] + nodes[i].inputs.length
    outOff[i + 1] = outOff[i] + nodes[i].outputs.length
  }
  const inIds = new Int32Array(inOff[nN]).fill(-1)
  const outIds = new Int32Array(outOff[nN]).fill(-1)
  // Files list the tensors a node makes right after those of the node before (build.ts does), so an output is
  // first compared with the entry after the last one resolved, and an input with the previous node's first
  // output: a hit (names are unique, checked above) saves a hash lookup, half a million of them on 200k nodes
  const tNames = tensorIndex.names
  let next = 0
  for (let i = 0; i < nN; i++) {
    const node = nodes[i]
    for (let k = 0; k < node.outputs.length; k++) {
      const out = node.outputs[k]
      if (out === '') continue
      const t = next < tensors.length && tNames[next] === out ? next : entry(out, 'output', i)
      next = t + 1
      outIds[outOff[i] + k] = t
      const prev = producer[t]
      if (prev >= 0) {
        fail('GRAPH_DUPLICATE_OUTPUT', `tensor ${quoteName(out)} is produced by node ${quoteName(nodes[prev].name)} and again by node ${quoteName(node.name)}; each tensor must have one producer — rename one output`)
      }
      if (isInput[t]) {
        fail('GRAPH_DUPLICATE_OUTPUT', `tensor ${quoteName(out)} is a graph input and also produced by node ${quoteName(node.name)}; rename the node's output`)
      }
      producer[t] = i
    }
  }

  const hasSource = (t: number): boolean => producer[t] >= 0 || isInput[t] === 1 || tensors[t].kind === 'weight'

  const inputIds = new Int32Array(graph.inputs.length)
  for (let k = 0; k < graph.inputs.length; k++) inputIds[k] = entry(graph.inputs[k], 'graph input')
  const outputIds = new Int32Array(graph.outputs.length)
  // graph outputs are mostly listed in the order of their tensors too
  for (let k = 0, guess = -1; k < graph.outputs.length; k++) {
    const name = graph.outputs[k]
    const t = guess >= 0 && guess < tNames.length && tNames[guess] === name ? guess : entry(name, 'graph output')
    guess = t + 1
    outputIds[k] = t
    if (!hasSource(t)) {
      fail('GRAPH_DANGLING_INPUT', `graph output ${quoteName(name)} is produced by no node and is no graph input or weight; fix the model's output list`)
    }
  }

  // Kahn: in-degree counts distinct producing predecessors per node (Mul(x, x) is one edge); `seen[p] === i + 1`
  // marks p as already counted for node i. Edges in CSR: predecessors per node, successors per node.
  const seen = new Int32Array(nN)
  const predStart = new Int32Array(nN + 1)
  const preds = new Int32Array(inIds.length)
  let np = 0
  for (let i = 0; i < nN; i++) {
    const node = nodes[i]
    const last = i > 0 && outOff[i] > outOff[i - 1] ? outIds[outOff[i - 1]] : -1
    for (let k = 0; k < node.inputs.length; k++) {
      const inp = node.inputs[k]
      if (inp === '') continue
      const t = last >= 0 && tNames[last] === inp ? last : entry(inp, 'input', i)
      inIds[inOff[i] + k] = t
      if (!hasSource(t)) {
        fail('GRAPH_DANGLING_INPUT', `node ${quoteName(node.name)} reads tensor ${quoteName(inp)}, which no node produces and which is no graph input or weight; add its producer, or list it in "inputs"`)
      }
      const p = producer[t]
      if (p < 0 || seen[p] === i + 1) continue
      seen[p] = i + 1
      preds[np++] = p
    }
    predStart[i + 1] = np
  }
  const succStart = new Int32Array(nN + 1)
  for (let j = 0; j < np; j++) succStart[preds[j] + 1]++
  for (let i = 0; i < nN; i++) succStart[i + 1] += succStart[i]
  const succ = new Int32Array(np)
  const fill = succStart.slice(0, nN)
  for (let i = 0; i < nN; i++) for (let j = predStart[i]; j < predStart[i + 1]; j++) succ[fill[preds[j]]++] = i

  const indeg = new Int32Array(nN)
  for (let i = 0; i < nN; i++) indeg[i] = predStart[i + 1] - predStart[i]
  const queue = new Int32Array(nN)
  let tail = 0
  for (let i = 0; i < nN; i++) if (indeg[i] === 0) queue[tail++] = i
  for (let head = 0; head < tail; head++) {
    const v = queue[head]
    for (let j = succStart[v]; j < succStart[v + 1]; j++) if (--indeg[succ[j]] === 0) queue[tail++] = succ[j]
  }
  if (tail < nN) {
    const pred = Array.from({ length: nN }, (_, i) => Array.from(preds.subarray(predStart[i], predStart[i + 1])))
    const cycle = findCycle(pred, Array.from(indeg))
    const names = cycle.map((i) => quoteName(nodes[i].name, 60))
    // a long cycle is cut to its ends, so the message stays one readable line (the first node closes it)
    const shown = names.length <= CYCLE_SHOWN ? names : [...names.slice(0, 3), `… ${names.length - 5} more nodes …`, ...names.slice(-2)]
    fail('GRAPH_CYCLE', `the nodes form a cycle of ${names.length}: ${shown.join(' → ')} → ${names[0]}; a model must be acyclic — remove the edge that feeds a node's output back to it`)
  }
  return { order: queue, tensorIndex, nodeIndex, inOff, inIds, outOff, outIds, inputIds, outputIds, predStart, preds: preds.subarray(0, np), succStart, succ }
}

/** One concrete cycle among the nodes Kahn could not remove (all of which have a remaining predecessor). */
function findCycle(pred: number[][], indeg: number[]): number[] {
  const start = indeg.findIndex((d) => d > 0)
  const pos = new Map<number, number>()
  const path: number[] = []
  let v = start
  while (!pos.has(v)) {
    pos.set(v, path.length)
    path.push(v)
    // A remaining node always has a remaining predecessor: walk backwards until a node repeats.
    v = pred[v].find((p) => indeg[p] > 0) as number
  }
  const cycle = path.slice(pos.get(v)).reverse()
  // start at the node listed first in the file, so the message is the same whatever Kahn left over
  const first = cycle.indexOf(Math.min(...cycle))
  return [...cycle.slice(first), ...cycle.slice(0, first)]
}

export { listNames }
