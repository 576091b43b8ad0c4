/**
 * A model's identity: a content hash of its structure, so two models are told apart by what they are, not by
 * their name and node count (two exports of one network under the same name collide on those).
 *
 * The hash covers the graph's name, producer, opsets, inputs, outputs, every node (name, op, domain, inputs,
 * outputs, attributes) and every tensor's name, kind and dtype — not shapes, sizes, FLOPs or symbol values,
 * which change with the bindings: a rebinding keeps the identity (callers add the bindings to their keys).
 * cyrb53 (a public-domain 53-bit string hash) over a canonical text, O(size of the graph); memoised per graph
 * object, since the app asks on every render. Collisions: about 2^-53 per pair.
 */
import type { MemoriaGraph } from './types.ts'

const memo = new WeakMap<MemoriaGraph, string>()

/** `m-` and 14 hex digits; equal for equal structure, whatever the bindings. */
export function modelIdentity(graph: MemoriaGraph): string {
  const known = memo.get(graph)
  if (known !== undefined) return known
  const text = JSON.stringify([
    graph.name, graph.producer, graph.opset, graph.inputs, graph.outputs,
    graph.nodes.map((n) => [n.name, n.op, n.domain, n.inputs, n.outputs, n.attributes]),
    graph.tensors.map((t) => [t.name, t.kind, t.dtype]),
  ])
  const id = `m-${cyrb53(text).toString(16).padStart(14, '0')}`
  memo.set(graph, id)
  return id
}

/** cyrb53 by bryc (public domain): two 32-bit multiplicative hashes mixed into 53 bits. */
export function cyrb53(text: string, seed = 0): number {
  let h1 = 0xdeadbeef ^ seed
  let h2 = 0x41c6ce57 ^ seed
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i)
    h1 = Math.imul(h1 ^ ch, 2654435761)
    h2 = Math.imul(h2 ^ ch, 1597334677)
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507)
  h1 ^= Math.imul(h2 ^ (h2 >>> 13), 3266489909)
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507)
  h2 ^= Math.imul(h1 ^ (h1 >>> 13), 3266489909)
  return 4294967296 * (2097151 & h2) + (h1 >>> 0)
}
