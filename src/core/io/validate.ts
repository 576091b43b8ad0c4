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
import { fail, fmtInt } from '../errors.ts'
import type { MemoriaGraph } from '../graph/types.ts'

const LIST_MAX = 6

function listNames(names: string[]): string {
  const shown = names.slice(0, LIST_MAX).map((n) => JSON.stringify(n)).join(', ')
  return names.length > LIST_MAX ? `${shown} and ${fmtInt(names.length - LIST_MAX)} more` : shown
}

export function validateGraph(graph: MemoriaGraph): number[] {
  const { nodes, tensors } = graph
  if (nodes.length === 0) {
    fail('GRAPH_EMPTY', `graph ${JSON.stringify(graph.name)} has no nodes; there is nothing to plan — export the model with its operators`)
  }

  const nodeIndex = new Map<string, number>()
  nodes.forEach((node, i) => {
    const prev = nodeIndex.get(node.name)
    if (prev !== undefined) {
      fail('GRAPH_JSON_INVALID', `node name ${JSON.stringify(node.name)} is used by nodes ${prev} and ${i}; node names must be unique — rename one of them`)
    }
    nodeIndex.set(node.name, i)
  })

  const tensorByName = new Map<string, (typeof tensors)[number]>()
  for (const t of tensors) {
    if (tensorByName.has(t.name)) {
      fail('GRAPH_JSON_INVALID', `tensor ${JSON.stringify(t.name)} has two entries in "tensors"; list each tensor once`)
    }
    tensorByName.set(t.name, t)
  }
  const requireEntry = (name: string, where: string): void => {
    if (!tensorByName.has(name)) {
      fail('GRAPH_JSON_INVALID', `tensor ${JSON.stringify(name)} (${where}) has no entry in "tensors"; add it with its dtype and shape`)
    }
  }

  const graphInputs = new Set(graph.inputs)
  const producer = new Map<string, number>()
  nodes.forEach((node, i) => {
    for (const out of node.outputs) {
      if (out === '') continue
      requireEntry(out, `output of node ${JSON.stringify(node.name)}`)
      const prev = producer.get(out)
      if (prev !== undefined) {
        fail('GRAPH_DUPLICATE_OUTPUT', `tensor ${JSON.stringify(out)} is produced by node ${JSON.stringify(nodes[prev].name)} and again by node ${JSON.stringify(node.name)}; each tensor must have one producer — rename one output`)
      }
      if (graphInputs.has(out)) {
        fail('GRAPH_DUPLICATE_OUTPUT', `tensor ${JSON.stringify(out)} is a graph input and also produced by node ${JSON.stringify(node.name)}; rename the node's output`)
      }
      producer.set(out, i)
    }
  })

  const hasSource = (name: string): boolean =>
    producer.has(name) || graphInputs.has(name) || tensorByName.get(name)?.kind === 'weight'

  for (const name of graph.inputs) requireEntry(name, 'a graph input')
  for (const name of graph.outputs) {
    requireEntry(name, 'a graph output')
    if (!hasSource(name)) {
      fail('GRAPH_DANGLING_INPUT', `graph output ${JSON.stringify(name)} is produced by no node and is no graph input or weight; fix the model's output list`)
    }
  }

  // Kahn: in-degree counts distinct producing predecessors per node (Mul(x, x) is one edge).
  const succ: number[][] = nodes.map(() => [])
  const pred: number[][] = nodes.map(() => [])
  nodes.forEach((node, i) => {
    const seen = new Set<number>()
    for (const inp of node.inputs) {
      if (inp === '') continue
      requireEntry(inp, `input of node ${JSON.stringify(node.name)}`)
      if (!hasSource(inp)) {
        fail('GRAPH_DANGLING_INPUT', `node ${JSON.stringify(node.name)} reads tensor ${JSON.stringify(inp)}, which no node produces and which is no graph input or weight; add its producer, or list it in "inputs"`)
      }
      const p = producer.get(inp)
      if (p === undefined || seen.has(p)) continue
      seen.add(p)
      succ[p].push(i)
      pred[i].push(p)
    }
  })

  const indeg = pred.map((p) => p.length)
  const queue: number[] = []
  indeg.forEach((d, i) => { if (d === 0) queue.push(i) })
  const order: number[] = []
  for (let head = 0; head < queue.length; head++) {
    const v = queue[head]
    order.push(v)
    for (const w of succ[v]) if (--indeg[w] === 0) queue.push(w)
  }
  if (order.length < nodes.length) {
    const cycle = findCycle(pred, indeg)
    const names = cycle.map((i) => nodes[i].name)
    fail('GRAPH_CYCLE', `the nodes form a cycle: ${names.map((n) => JSON.stringify(n)).join(' → ')} → ${JSON.stringify(names[0])}; a model must be acyclic — remove the edge that feeds a node's output back to it`)
  }
  return order
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
