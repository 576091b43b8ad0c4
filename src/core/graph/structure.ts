/**
 * Graph structure while building: unique node names and a topological order of a RawModel's nodes.
 *
 * Names: an unnamed node is `<op>_<index in file>`; a name already taken gets `__2`, `__3`, … (the first
 * free suffix), so names stay unique whatever the file says. Order: Kahn's algorithm with file order as the
 * tie-break (a file already in topological order comes back unchanged); a subgraph's implicit outer
 * inputs count as dependencies. Throws GRAPH_DUPLICATE_OUTPUT, GRAPH_DANGLING_INPUT (also for a graph
 * output nothing produces) or GRAPH_CYCLE, naming the node or tensor. O(nodes + edges · log nodes).
 */
import { fail, shownName } from '../errors.ts'
import type { RawModel, RawNode } from '../onnx/raw.ts'
import { listSample } from './declared.ts'
import { IndexHeap } from './index-heap.ts'

export function uniqueNodeNames(nodes: RawNode[], warnings: string[]): string[] {
  const taken = new Set<string>()
  const renamed: string[] = []
  const out = nodes.map((n, i) => {
    const base = n.name !== '' ? n.name : `${n.op}_${i}`
    let name = base
    for (let k = 2; taken.has(name); k++) name = `${base}__${k}`
    if (name !== base) renamed.push(`${base} → ${name}`)
    taken.add(name)
    return name
  })
  if (renamed.length > 0) warnings.push(`${renamed.length} repeated node name${renamed.length > 1 ? 's' : ''} made unique: ${listSample(renamed)}`)
  return out
}

export function topoOrder(raw: RawModel, names: string[], sources: Set<string>): number[] {
  // plain loops, and a stamp array instead of a Set per node: this runs on 100k-node graphs
  const producer = new Map<string, number>()
  const nodes = raw.nodes
  for (let i = 0; i < nodes.length; i++) {
    for (const o of nodes[i].outputs) {
      if (o === '') continue
      const p = producer.get(o)
      if (p !== undefined) fail('GRAPH_DUPLICATE_OUTPUT', `tensor "${shownName(o)}" is produced by both node "${shownName(names[p])}" and node "${shownName(names[i])}"; the model is malformed, re-export it`)
      if (sources.has(o)) fail('GRAPH_DUPLICATE_OUTPUT', `node "${shownName(names[i])}" writes "${shownName(o)}", which is already a graph input or initializer; the model is malformed, re-export it`)
      producer.set(o, i)
    }
  }
  for (const v of raw.outputs) {
    if (!sources.has(v.name) && !producer.has(v.name)) fail('GRAPH_DANGLING_INPUT', `graph output "${shownName(v.name)}" is produced by no node and is not a graph input or initializer; the model is malformed, re-export it`)
  }
  const indeg = new Int32Array(nodes.length)
  const users: number[][] = new Array<number[]>(nodes.length)
  for (let i = 0; i < nodes.length; i++) users[i] = []
  /** seen[p] === i + 1: producer p already counted as a dependency of node i */
  const seen = new Int32Array(nodes.length)
  const depend = (i: number, p: number): void => {
    if (seen[p] === i + 1) return
    seen[p] = i + 1
    if (p === i) fail('GRAPH_CYCLE', `node "${shownName(names[i])}" (${nodes[i].op}) reads its own output; the graph has a cycle`)
    indeg[i]++
    users[p].push(i)
  }
  for (let i = 0; i < nodes.length; i++) {
    const n = nodes[i]
    for (const x of n.inputs) {
      if (x === '' || sources.has(x)) continue
      const p = producer.get(x)
      if (p === undefined) fail('GRAPH_DANGLING_INPUT', `node "${shownName(names[i])}" (${n.op}) reads "${shownName(x)}", which no node produces and which is not a graph input or initializer; the model is malformed, re-export it`)
      depend(i, p)
    }
    for (const key in n.attributes) {
      const a = n.attributes[key]
      const gs = a.type === 'graph' ? [a.value] : a.type === 'graphs' ? a.value : null
      if (gs === null) continue
      for (const g of gs) for (const x of g.outerInputs) {
        const p = producer.get(x)
        if (p !== undefined) depend(i, p)
      }
    }
  }
  const heap = new IndexHeap(nodes.length)
  for (let i = 0; i < nodes.length; i++) if (indeg[i] === 0) heap.push(i)
  const order: number[] = []
  while (heap.size > 0) {
    const i = heap.pop()
    order.push(i)
    for (const u of users[i]) if (--indeg[u] === 0) heap.push(u)
  }
  if (order.length < nodes.length) {
    const stuck = names.filter((_, i) => indeg[i] > 0)
    fail('GRAPH_CYCLE', `the graph has a cycle through ${listSample(stuck)}; a model's nodes must form a DAG`)
  }
  return order
}
