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
 */
import { fail, fmtInt, quoteName } from '../errors.ts'
import type { MemoriaGraph } from '../graph/types.ts'

const LIST_MAX = 6

function listNames(names: string[]): string {
  const shown = names.slice(0, LIST_MAX).map((n) => quoteName(n)).join(', ')
  return names.length > LIST_MAX ? `${shown} and ${fmtInt(names.length - LIST_MAX)} more` : shown
}

const CYCLE_SHOWN = 8

export function validateGraph(graph: MemoriaGraph): number[] {
  return validateIndexed(graph).order
}

/** What validation resolved on the way, for `indexGraph` to reuse instead of building again. */
export interface Validated {
  /** a topological order (Kahn, first in first out over file order) */
  order: number[]
  /** name → position in `graph.tensors` */
  tensorIndex: Map<string, number>
  /** name → position in `graph.nodes` */
  nodeIndex: Map<string, number>
}

/**
 * `validateGraph`, keeping the name tables. Every name is looked up once and the checks run on integer ids
 * and typed arrays (a 200k-node graph is a few hundred thousand Map lookups, not a few million).
 */
export function validateIndexed(graph: MemoriaGraph): Validated {
  const { nodes, tensors } = graph
  if (nodes.length === 0) {
    fail('GRAPH_EMPTY', `graph ${quoteName(graph.name)} has no nodes; there is nothing to plan — export the model with its operators`)
  }
  const nN = nodes.length

  const nodeIndex = new Map<string, number>()
  for (let i = 0; i < nN; i++) {
    const name = nodes[i].name
    const prev = nodeIndex.get(name)
    if (prev !== undefined) {
      fail('GRAPH_JSON_INVALID', `node name ${quoteName(name)} is used by nodes ${prev} and ${i}; node names must be unique — rename one of them`)
    }
    nodeIndex.set(name, i)
  }

  const tensorIndex = new Map<string, number>()
  for (let i = 0; i < tensors.length; i++) {
    if (tensorIndex.has(tensors[i].name)) {
      fail('GRAPH_JSON_INVALID', `tensor ${quoteName(tensors[i].name)} has two entries in "tensors"; list each tensor once`)
    }
    tensorIndex.set(tensors[i].name, i)
  }
  const entry = (name: string, where: () => string): number => {
    const t = tensorIndex.get(name)
    if (t === undefined) {
      fail('GRAPH_JSON_INVALID', `tensor ${quoteName(name)} (${where()}) has no entry in "tensors"; add it with its dtype and shape`)
    }
    return t
  }

  // graph inputs that have an entry (a missing one is reported below, after the producers, as before)
  const isInput = new Uint8Array(tensors.length)
  for (const name of graph.inputs) {
    const t = tensorIndex.get(name)
    if (t !== undefined) isInput[t] = 1
  }
  const producer = new Int32Array(tensors.length).fill(-1)
  for (let i = 0; i < nN; i++) {
    const node = nodes[i]
    for (const out of node.outputs) {
      if (out === '') continue
      const t = entry(out, () => `output of node ${quoteName(node.name)}`)
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

  for (const name of graph.inputs) entry(name, () => 'a graph input')
  for (const name of graph.outputs) {
    const t = entry(name, () => 'a graph output')
    if (!hasSource(t)) {
      fail('GRAPH_DANGLING_INPUT', `graph output ${quoteName(name)} is produced by no node and is no graph input or weight; fix the model's output list`)
    }
  }

  // Kahn: in-degree counts distinct producing predecessors per node (Mul(x, x) is one edge); `seen[p] === i + 1`
  // marks p as already counted for node i. Edges in CSR: predecessors per node, successors per node.
  const seen = new Int32Array(nN)
  const predStart = new Int32Array(nN + 1)
  const preds: number[] = []
  for (let i = 0; i < nN; i++) {
    const node = nodes[i]
    for (const inp of node.inputs) {
      if (inp === '') continue
      const t = entry(inp, () => `input of node ${quoteName(node.name)}`)
      if (!hasSource(t)) {
        fail('GRAPH_DANGLING_INPUT', `node ${quoteName(node.name)} reads tensor ${quoteName(inp)}, which no node produces and which is no graph input or weight; add its producer, or list it in "inputs"`)
      }
      const p = producer[t]
      if (p < 0 || seen[p] === i + 1) continue
      seen[p] = i + 1
      preds.push(p)
    }
    predStart[i + 1] = preds.length
  }
  const succStart = new Int32Array(nN + 1)
  for (const p of preds) succStart[p + 1]++
  for (let i = 0; i < nN; i++) succStart[i + 1] += succStart[i]
  const succ = new Int32Array(preds.length)
  const fill = succStart.slice(0, nN)
  for (let i = 0; i < nN; i++) for (let j = predStart[i]; j < predStart[i + 1]; j++) succ[fill[preds[j]]++] = i

  const indeg = new Int32Array(nN)
  for (let i = 0; i < nN; i++) indeg[i] = predStart[i + 1] - predStart[i]
  const queue: number[] = []
  for (let i = 0; i < nN; i++) if (indeg[i] === 0) queue.push(i)
  for (let head = 0; head < queue.length; head++) {
    const v = queue[head]
    for (let j = succStart[v]; j < succStart[v + 1]; j++) if (--indeg[succ[j]] === 0) queue.push(succ[j])
  }
  if (queue.length < nN) {
    const pred = Array.from({ length: nN }, (_, i) => preds.slice(predStart[i], predStart[i + 1]))
    const cycle = findCycle(pred, Array.from(indeg))
    const names = cycle.map((i) => quoteName(nodes[i].name, 60))
    // a long cycle is cut to its ends, so the message stays one readable line (the first node closes it)
    const shown = names.length <= CYCLE_SHOWN ? names : [...names.slice(0, 3), `… ${names.length - 5} more nodes …`, ...names.slice(-2)]
    fail('GRAPH_CYCLE', `the nodes form a cycle of ${names.length}: ${shown.join(' → ')} → ${names[0]}; a model must be acyclic — remove the edge that feeds a node's output back to it`)
  }
  return { order: queue, tensorIndex, nodeIndex }
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
