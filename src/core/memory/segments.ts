/**
 * Cut points of a DAG for BTSearch's decomposition: a node c is a cut when every other node is an ancestor
 * or a descendant of c, so every topological order runs all of c's ancestors, then c, then the rest. The
 * memory state before each segment is then the same in every order (docs/btsearch.md, "Decomposition").
 *
 * Linear test (O(nodes + edges)) on any topological order π of the node set: c = π[p] is a cut iff c is the
 * only sink of the subgraph induced by π[0..p] and the only source of the one induced by π[p..]. A node u is
 * a sink of the prefixes p ∈ [pos(u), first successor's position − 1] and a source of the suffixes
 * p ∈ [last predecessor's position + 1, pos(u)]; difference arrays count them for all p at once.
 */
import type { IndexedGraph } from './indexed.ts'

/** Splits `order` (a topological order of a node subset closed under successors) into segments, each ending at a cut. */
export function cutSegments(ig: IndexedGraph, order: Int32Array): Int32Array[] {
  const n = order.length
  if (n === 0) return []
  const pos = new Int32Array(ig.nNodes).fill(-1)
  for (let k = 0; k < n; k++) pos[order[k]] = k
  const sinks = new Int32Array(n + 1)
  const sources = new Int32Array(n + 1)
  for (let k = 0; k < n; k++) {
    const u = order[k]
    let firstSucc = n
    for (let j = ig.succStart[u]; j < ig.succStart[u + 1]; j++) {
      const p = pos[ig.succList[j]]
      if (p >= 0 && p < firstSucc) firstSucc = p
    }
    sinks[k]++
    sinks[firstSucc]--
    let lastPred = -1
    for (let j = ig.predStart[u]; j < ig.predStart[u + 1]; j++) {
      const p = pos[ig.predList[j]]
      if (p > lastPred) lastPred = p
    }
    sources[lastPred + 1]++
    sources[k + 1]--
  }
  const segments: Int32Array[] = []
  let start = 0
  let nSinks = 0
  let nSources = 0
  for (let p = 0; p < n; p++) {
    nSinks += sinks[p]
    nSources += sources[p]
    if ((nSinks === 1 && nSources === 1) || p === n - 1) {
      segments.push(order.slice(start, p + 1))
      start = p + 1
    }
  }
  return segments
}
