/**
 * Weight bytes per node: the bytes of the distinct weight tensors (initializers and Constant outputs) a
 * node reads. A device that runs the node must hold them (partition/) — a weight read by several nodes is
 * counted for each of them here; summing over a device's nodes must deduplicate by name (`weightNames`).
 *
 * Returns null when a weight's size is unknown (an initializer of a dtype the planner does not know, or of
 * type string): unknown is never zero. O(inputs) per call after an O(tensors) index built once per graph.
 * `weightTotal` is the one sum over a set of nodes (a group of the graph view, a selected node): each
 * distinct weight once, and the weights of unknown size counted apart, never as zero bytes.
 */
import type { MemoriaGraph, NodeInfo, TensorInfo } from './types.ts'

const indexes = new WeakMap<MemoriaGraph, Map<string, TensorInfo>>()

function indexOf(graph: MemoriaGraph): Map<string, TensorInfo> {
  let m = indexes.get(graph)
  if (m === undefined) {
    m = new Map(graph.tensors.map((t) => [t.name, t]))
    indexes.set(graph, m)
  }
  return m
}

/** Names of the distinct weight tensors `node` reads, in input order. */
export function weightNames(graph: MemoriaGraph, node: NodeInfo): string[] {
  const idx = indexOf(graph)
  const out: string[] = []
  for (const name of node.inputs) {
    if (name === '' || out.includes(name)) continue
    if (idx.get(name)?.kind === 'weight') out.push(name)
  }
  return out
}

/** Sum of the bytes of the distinct weights `node` reads; null if any of them has an unknown size. */
export function nodeWeightBytes(graph: MemoriaGraph, node: NodeInfo): number | null {
  const idx = indexOf(graph)
  let sum = 0
  for (const name of weightNames(graph, node)) {
    const b = idx.get(name)!.bytes
    if (b === null) return null
    sum += b
  }
  return sum
}

/** The weights a set of nodes reads: each distinct weight once; those of unknown size counted, not summed. */
export interface WeightTotal {
  /** bytes of the distinct weights of known size */
  bytes: number
  /** distinct weights whose size is not known (not in `bytes`) */
  unknown: number
}

/** `WeightTotal` of `nodes` (indices into graph.nodes). O(Σ inputs). */
export function weightTotal(graph: MemoriaGraph, nodes: Iterable<number>): WeightTotal {
  const idx = indexOf(graph)
  const seen = new Set<string>()
  let bytes = 0
  let unknown = 0
  for (const v of nodes) {
    for (const name of weightNames(graph, graph.nodes[v])) {
      if (seen.has(name)) continue
      seen.add(name)
      const b = idx.get(name)!.bytes
      if (b === null) unknown++
      else bytes += b
    }
  }
  return { bytes, unknown }
}
