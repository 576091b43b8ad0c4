/**
 * The order in which ONNX Runtime's sequential executor runs a graph's nodes under its default
 * `ExecutionOrder::DEFAULT` (the only one its C and Node APIs can select): a reverse depth-first walk.
 *
 * Reference: onnxruntime/core/graph/graph_viewer.cc (GraphViewer builds `nodes_in_topological_order_` with
 * `Graph::ReverseDFSFrom(leaf_nodes, nullptr, leave → push, NodeCompare)`) and graph.cc (ReverseDFSFrom):
 * a stack starts with every leaf (a node no other node consumes) in node-index order; popping a node
 * marks it visited, pushes a "leave" marker, then pushes its unvisited producer nodes sorted by ascending
 * index, so the producer latest in the file is explored first; a node is emitted when its marker pops.
 * Node indices are file positions among the nodes ORT keeps: ORT turns every `Constant` node of the main
 * graph into an initializer when it loads the model, so Constants never run and take no index.
 * Consequences: independent branches are never interleaved, and where branches join the one whose last
 * node is latest in the file runs first. `PRIORITY_BASED` (Kahn's algorithm, lowest index first, Shape and
 * Size first) would follow a topologically sorted file exactly, but only ORT's C++ and Python APIs set it.
 *
 * Checked against ORT 1.30's profiler on every reference model (bench/results/fidelity.md). O(N + E log E).
 */

/** A node as ORT sees it: its producers among the kept nodes (indices into the same list). */
export interface OrtNode {
  /** producers of its inputs (kept nodes only, duplicates allowed) */
  preds: readonly number[]
  /** the number of kept nodes that consume one of its outputs */
  consumers: number
}

/**
 * ORT's default execution order of `nodes` (indices = file positions among kept nodes), as the list of
 * indices in the order they run.
 */
export function ortDefaultOrder(nodes: readonly OrtNode[]): number[] {
  const n = nodes.length
  const visited = new Uint8Array(n)
  const out: number[] = []
  // entries: node index v (enter) or ~v (leave)
  const stack: number[] = []
  for (let v = 0; v < n; v++) if (nodes[v].consumers === 0) stack.push(v)
  while (stack.length > 0) {
    const e = stack.pop() as number
    if (e < 0) {
      out.push(~e)
      continue
    }
    if (visited[e]) continue
    visited[e] = 1
    stack.push(~e)
    const preds = [...new Set(nodes[e].preds)].sort((a, b) => a - b)
    for (const p of preds) if (!visited[p]) stack.push(p)
  }
  return out
}

/** What ortOrderOf needs of a node: op type, domain, input and output tensor names. */
export interface NamedNode {
  op: string
  domain: string
  inputs: readonly string[]
  outputs: readonly string[]
}

export function isOrtConstant(node: NamedNode): boolean {
  return node.op === 'Constant' && (node.domain === '' || node.domain === 'ai.onnx')
}

/**
 * ORT's default order of a graph given as its nodes in file order: positions into `nodes` (Constant nodes,
 * which ORT never runs, are left out).
 */
export function ortOrderOfFile(nodes: readonly NamedNode[]): number[] {
  const kept: number[] = []
  for (let i = 0; i < nodes.length; i++) if (!isOrtConstant(nodes[i])) kept.push(i)
  const producer = new Map<string, number>()
  kept.forEach((v, k) => { for (const t of nodes[v].outputs) if (t !== '') producer.set(t, k) })
  const ort: { preds: number[]; consumers: number }[] = kept.map(() => ({ preds: [], consumers: 0 }))
  const consumedBy: Set<number>[] = kept.map(() => new Set())
  kept.forEach((v, k) => {
    for (const t of nodes[v].inputs) {
      const p = t === '' ? undefined : producer.get(t)
      if (p !== undefined) {
        ort[k].preds.push(p)
        consumedBy[p].add(k)
      }
    }
  })
  kept.forEach((_, k) => { ort[k].consumers = consumedBy[k].size })
  return ortDefaultOrder(ort).map((k) => kept[k])
}
