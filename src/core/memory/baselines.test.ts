// `file` order: the source order when it is topological, else the ready node listed first at every step.
import * as fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { MemoriaGraph } from '../graph/types.ts'
import { fanOut, randomDag } from '../../../bench/gen/big.ts'
import { bfsOrder, fileOrder, greedyOrder } from './baselines.ts'
import { buildGroups, type Groups } from './groups.ts'
import { indexGraph, type IndexedGraph } from './indexed.ts'
import { randomGraph } from './random-graph.ts'
import { MemState } from './state.ts'

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

/** The definition, naively: every step evaluates every ready node (the quadratic scan greedy used to be). */
function greedyByScan(ig: IndexedGraph, gr: Groups): number[] {
  const st = new MemState(ig, gr)
  const ready: number[] = []
  for (let v = 0; v < ig.nNodes; v++) if (st.indeg[v] === 0) ready.push(v)
  const order: number[] = []
  while (ready.length > 0) {
    let best = 0
    let bestAfter = Infinity
    let bestDuring = Infinity
    ready.forEach((v, i) => {
      st.evaluate(v)
      if (st.after < bestAfter || (st.after === bestAfter && (st.during < bestDuring || (st.during === bestDuring && v < ready[best])))) {
        best = i; bestAfter = st.after; bestDuring = st.during
      }
    })
    const v = ready.splice(best, 1)[0]
    st.apply(v)
    order.push(v)
    for (let j = ig.succStart[v]; j < ig.succStart[v + 1]; j++) if (st.indeg[ig.succList[j]] === 0) ready.push(ig.succList[j])
  }
  return order
}

describe('greedy order', () => {
  it('is the scan\'s choice at every step (least bytes after, then while running, then file order), under both models', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 2 ** 31 - 1 }), fc.integer({ min: 1, max: 30 }), fc.nat(), (seed, n, mix) => {
      for (const g of [randomGraph(seed, n), shuffled(randomGraph(seed, n), mix)]) {
        const ig = indexGraph(g)
        for (const model of ['simple', 'inplace'] as const) {
          const gr = buildGroups(ig, model)
          expect(Array.from(greedyOrder(ig, gr))).toEqual(greedyByScan(ig, gr))
        }
      }
    }), { numRuns: 120 })
  })

  it('agrees with the scan on a fan-out and a random DAG of a few hundred nodes', () => {
    for (const g of [fanOut(300), randomDag(400, 7)]) {
      const ig = indexGraph(g)
      const gr = buildGroups(ig, 'inplace')
      expect(Array.from(greedyOrder(ig, gr))).toEqual(greedyByScan(ig, gr))
    }
  })
})
