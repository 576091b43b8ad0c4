// `file` order: the source order when it is topological, else the ready node listed first at every step.
import * as fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { MemoriaGraph } from '../graph/types.ts'
import { bfsOrder, fileOrder } from './baselines.ts'
import { indexGraph, type IndexedGraph } from './indexed.ts'
import { randomGraph } from './random-graph.ts'

/** The definition, naively: scan for the smallest-index node whose predecessors have all run. O(n² · e). */
function firstReadyOrder(ig: IndexedGraph): number[] {
  const done = new Uint8Array(ig.nNodes)
  const order: number[] = []
  while (order.length < ig.nNodes) {
    for (let v = 0; v < ig.nNodes; v++) {
      if (done[v]) continue
      let ready = true
      for (let j = ig.predStart[v]; j < ig.predStart[v + 1]; j++) if (!done[ig.predList[j]]) ready = false
      if (ready) {
        done[v] = 1
        order.push(v)
        break
      }
    }
  }
  return order
}

/** The same graph with its node list in another (seeded) order, so the file is rarely topological. */
function shuffled(g: MemoriaGraph, seed: number): MemoriaGraph {
  const nodes = [...g.nodes]
  let s = seed >>> 0
  for (let i = nodes.length - 1; i > 0; i--) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0
    const j = s % (i + 1)
    ;[nodes[i], nodes[j]] = [nodes[j], nodes[i]]
  }
  return { ...g, nodes }
}

describe('file order', () => {
  it('is the identity on a topological file, and the first ready node at each step on any file', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 2 ** 31 - 1 }), fc.integer({ min: 1, max: 14 }), fc.nat(), (seed, n, mix) => {
      const ig = indexGraph(randomGraph(seed, n))
      expect(Array.from(fileOrder(ig))).toEqual(firstReadyOrder(ig))
      const topological = firstReadyOrder(ig).every((v, i) => v === i)
      if (topological) expect(Array.from(fileOrder(ig))).toEqual(ig.nodeNames.map((_, i) => i))
      const sg = indexGraph(shuffled(randomGraph(seed, n), mix))
      expect(Array.from(fileOrder(sg))).toEqual(firstReadyOrder(sg))
    }), { numRuns: 300 })
  })
})

/** Breadth-first by the definition: rounds of a first-in first-out queue, sources in file order, each node's
 * consumers in file order, written over the tensors rather than the indexed successor lists. */
function fifoOrder(g: MemoriaGraph): number[] {
  const producer = new Map<string, number>()
  g.nodes.forEach((node, v) => { for (const t of node.outputs) if (t !== '') producer.set(t, v) })
  const preds = g.nodes.map((node) => new Set(node.inputs.filter((t) => producer.has(t)).map((t) => producer.get(t) as number)))
  const left = preds.map((p) => p.size)
  const queue = left.flatMap((d, v) => (d === 0 ? [v] : []))
  for (let head = 0; head < queue.length; head++) {
    const u = queue[head]
    preds.forEach((p, v) => { if (p.has(u) && --left[v] === 0) queue.push(v) })
  }
  return queue
}

describe('bfs order', () => {
  it('is Kahn first in first out over file order, on topological and shuffled files', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 2 ** 31 - 1 }), fc.integer({ min: 1, max: 14 }), fc.nat(), (seed, n, mix) => {
      for (const g of [randomGraph(seed, n), shuffled(randomGraph(seed, n), mix)]) {
        const ig = indexGraph(g)
        expect(Array.from(bfsOrder(ig))).toEqual(fifoOrder(g))
        expect(bfsOrder(ig)).not.toBe(ig.topo)
      }
    }), { numRuns: 300 })
  })
})
