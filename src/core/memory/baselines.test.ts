// `file` order: the source order when it is topological, else the ready node listed first at every step.
import * as fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { MemoriaGraph } from '../graph/types.ts'
import { fileOrder } from './baselines.ts'
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
