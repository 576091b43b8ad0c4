/**
 * Which nodes the graph view folds into their consumer (issue 11: swin_t drew 2,759 Constant boxes, 42% of
 * its view): the zero-cost producers that read nothing but weights — a Constant, and chains over it such as
 * Constant → Cast → Reshape or a weight → Transpose — carry no activation the user needs to see as a box.
 *
 * A node is foldable when its FLOPs are 0, every input it reads is a weight or the output of another
 * foldable node (so a node with no inputs at all, a Constant, is), it produces something, and no output is
 * a graph output. A foldable node folds into the first node (in file order) that reads one of its outputs
 * and is not folded itself, following chains; one nobody reads stays drawn (folding it would hide it).
 *
 * Result: per node, -1 when drawn as itself, else the index of the node it is folded into. Invariant: a
 * target is never folded. Complexity O(N + E) over the graph's nodes and tensor reads.
 */
import type { MemoriaGraph } from '../graph/types.ts'

export function foldTargets(graph: MemoriaGraph): Int32Array {
  const n = graph.nodes.length
  const kind = new Map<string, string>()
  for (const t of graph.tensors) kind.set(t.name, t.kind)
  const producer = new Map<string, number>()
  graph.nodes.forEach((node, i) => {
    for (const o of node.outputs) if (o !== '') producer.set(o, i)
  })
  const consumers: number[][] = Array.from({ length: n }, () => [])
  graph.nodes.forEach((node, c) => {
    for (const t of node.inputs) {
      const p = t === '' ? undefined : producer.get(t)
      if (p !== undefined && p !== c) consumers[p].push(c)
    }
  })

  // foldable, decided in dependency order (the file order need not be topological: memoised DFS)
  const state = new Int8Array(n) // 0 unknown, 1 visiting, 2 foldable, 3 not
  const foldable = (start: number): boolean => {
    const stack: number[] = [start]
    while (stack.length > 0) {
      const v = stack[stack.length - 1]
      if (state[v] >= 2) { stack.pop(); continue }
      const node = graph.nodes[v]
      if (state[v] === 0) {
        state[v] = 1
        const own = node.flops === 0 && node.outputs.some((o) => o !== '') &&
          node.outputs.every((o) => o === '' || kind.get(o) !== 'output')
        if (!own) { state[v] = 3; stack.pop(); continue }
        let pending = false
        for (const t of node.inputs) {
          const p = t === '' ? undefined : producer.get(t)
          if (p !== undefined && state[p] === 0) { stack.push(p); pending = true }
        }
        if (pending) continue
      }
      // every producer decided (or on the stack: a cycle, which validateGraph rules out; treated as not)
      let ok = true
      for (const t of node.inputs) {
        if (t === '') continue
        const p = producer.get(t)
        if (p === undefined ? kind.get(t) !== 'weight' : state[p] !== 2) { ok = false; break }
      }
      state[v] = ok ? 2 : 3
      stack.pop()
    }
    return state[start] === 2
  }
  for (let i = 0; i < n; i++) foldable(i)

  const target = new Int32Array(n).fill(-1)
  const resolved = new Uint8Array(n)
  const resolve = (v: number): number => {
    // the first consumer drawn as itself, through chains of folded consumers; -1 when there is none
    const path: number[] = []
    let at = v
    let found = -1
    for (;;) {
      if (resolved[at] === 1) { found = target[at]; break }
      path.push(at)
      let next = -1
      for (const c of consumers[at]) {
        if (state[c] !== 2) { found = c; break }
        if (next === -1 && !path.includes(c)) next = c
      }
      if (found !== -1 || next === -1) break
      at = next
    }
    for (const p of path) { target[p] = found; resolved[p] = 1 }
    return found
  }
  for (let i = 0; i < n; i++) if (state[i] === 2) resolve(i)
  return target
}

/** How many nodes `foldTargets` folds. */
export function foldedCount(fold: Int32Array): number {
  let k = 0
  for (const t of fold) if (t >= 0) k++
  return k
}
