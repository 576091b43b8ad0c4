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
  const producer = new Map<string, number>()
  raw.nodes.forEach((n, i) => {
    for (const o of n.outputs) {
      if (o === '') continue
      const p = producer.get(o)
      if (p !== undefined) fail('GRAPH_DUPLICATE_OUTPUT', `tensor "${shownName(o)}" is produced by both node "${shownName(names[p])}" and node "${shownName(names[i])}"; the model is malformed, re-export it`)
      if (sources.has(o)) fail('GRAPH_DUPLICATE_OUTPUT', `node "${shownName(names[i])}" writes "${shownName(o)}", which is already a graph input or initializer; the model is malformed, re-export it`)
      producer.set(o, i)
    }
  })
  for (const v of raw.outputs) {
    if (!sources.has(v.name) && !producer.has(v.name)) fail('GRAPH_DANGLING_INPUT', `graph output "${shownName(v.name)}" is produced by no node and is not a graph input or initializer; the model is malformed, re-export it`)
  }
  const indeg = new Array<number>(raw.nodes.length).fill(0)
  const users: number[][] = raw.nodes.map(() => [])
  raw.nodes.forEach((n, i) => {
    const deps = new Set<number>()
    for (const x of n.inputs) {
      if (x === '' || sources.has(x)) continue
      const p = producer.get(x)
      if (p === undefined) fail('GRAPH_DANGLING_INPUT', `node "${shownName(names[i])}" (${n.op}) reads "${shownName(x)}", which no node produces and which is not a graph input or initializer; the model is malformed, re-export it`)
      deps.add(p)
    }
    for (const a of Object.values(n.attributes)) {
      const gs = a.type === 'graph' ? [a.value] : a.type === 'graphs' ? a.value : []
      for (const g of gs) for (const x of g.outerInputs) {
        const p = producer.get(x)
        if (p !== undefined) deps.add(p)
      }
    }
    for (const p of deps) {
      if (p === i) fail('GRAPH_CYCLE', `node "${shownName(names[i])}" (${n.op}) reads its own output; the graph has a cycle`)
      indeg[i]++
      users[p].push(i)
    }
  })
  const heap = new IndexHeap(raw.nodes.length)
  indeg.forEach((d, i) => d === 0 && heap.push(i))
  const order: number[] = []
  while (heap.size > 0) {
    const i = heap.pop()
    order.push(i)
    for (const u of users[i]) if (--indeg[u] === 0) heap.push(u)
  }
  if (order.length < raw.nodes.length) {
    const stuck = indeg.map((d, i) => (d > 0 ? names[i] : '')).filter((s) => s !== '')
    fail('GRAPH_CYCLE', `the graph has a cycle through ${listSample(stuck)}; a model's nodes must form a DAG`)
  }
  return order
}
