// The walk against docs/spec.md section 2 read literally: a slow reference written from the text alone (sets of
// tensor names, no indices, no groups), compared with `createWalker().run` on random graphs (multi-output
// nodes, shared and repeated inputs, dead outputs, graph outputs in the middle, zero-size tensors, weights,
// Constant nodes, views and element-wise operators) and random topological orders, under both models.
import * as fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { MemoriaGraph } from '../graph/types.ts'
import { indexGraph } from './indexed.ts'
import { isElementwiseOp, isViewOp, type MemoryModel } from './ops.ts'
import { randomGraph } from './random-graph.ts'
import { createWalker } from './walk.ts'

/** The curve (step 0, then one value per node while it runs) by the words of docs/spec.md section 2. */
function specCurve(g: MemoriaGraph, order: string[], model: MemoryModel): number[] {
  const tensor = new Map(g.tensors.map((t) => [t.name, t]))
  const byName = new Map(g.nodes.map((n) => [n.name, n]))
  // weights, and (inplace) the views that join a weight's buffer: they never take activation memory
  const weightish = new Set(g.tensors.filter((t) => t.kind === 'weight').map((t) => t.name))
  const isWeight = (t: string): boolean => weightish.has(t)
  const outputs = new Set(g.outputs)
  const inputs = new Set(g.inputs)
  const consumers = new Map<string, Set<string>>()
  for (const n of g.nodes) for (const x of n.inputs) if (x !== '') (consumers.get(x) ?? consumers.set(x, new Set()).get(x)!).add(n.name)
  const ran = new Set<string>()
  // a buffer: the tensors in it and its size (that of the tensor that allocated it)
  const bufferOf = new Map<string, { tensors: Set<string>; bytes: number }>()
  const live = new Set<{ tensors: Set<string>; bytes: number }>()
  const total = (): number => [...live].reduce((s, b) => s + b.bytes, 0)
  const used = (b: { tensors: Set<string> }, after: Set<string>): boolean =>
    [...b.tensors].some((t) => [...(consumers.get(t) ?? [])].some((c) => !after.has(c)))
  const holdsOutput = (b: { tensors: Set<string> }): boolean => [...b.tensors].some((t) => outputs.has(t))
  for (const x of g.inputs) {
    if (isWeight(x)) continue
    const b = { tensors: new Set([x]), bytes: tensor.get(x)!.bytes! }
    bufferOf.set(x, b)
    live.add(b)
  }
  const curve = [total()]
  // "one that nobody consumes counts at step 0 only" (unless it is a graph output, live to the end)
  for (const b of [...live]) if (!used(b, ran) && !holdsOutput(b)) live.delete(b)
  for (const name of order) {
    const v = byName.get(name)!
    const after = new Set([...ran, name])
    v.outputs.forEach((o, k) => {
      if (o === '' || isWeight(o)) return
      const t = tensor.get(o)!
      if (model === 'inplace' && k === 0 && isViewOp(v.op, v.domain) && v.inputs[0]) {
        const x = v.inputs[0]
        if (isWeight(x)) { weightish.add(o); return } // a view of a weight allocates nothing and holds a weight
        const b = bufferOf.get(x)!
        if (b.bytes === t.bytes) { b.tensors.add(o); bufferOf.set(o, b); return }
      }
      if (model === 'inplace' && k === 0 && isElementwiseOp(v.op, v.domain)) {
        const reuse = v.inputs.find((x) => {
          if (x === '' || isWeight(x) || inputs.has(x)) return false
          const tx = tensor.get(x)!
          const b = bufferOf.get(x)!
          return tx.dtype === t.dtype && JSON.stringify(tx.shape) === JSON.stringify(t.shape) && live.has(b) &&
            !used(b, after) && ![...b.tensors].some((y) => inputs.has(y) || outputs.has(y) || isWeight(y))
        })
        if (reuse !== undefined) { const b = bufferOf.get(reuse)!; b.tensors.add(o); bufferOf.set(o, b); return }
      }
      const b = { tensors: new Set([o]), bytes: t.bytes! }
      bufferOf.set(o, b)
      live.add(b)
    })
    curve.push(total())
    ran.add(name)
    for (const b of [...live]) if (!used(b, ran) && !holdsOutput(b)) live.delete(b)
  }
  return curve
}

function randomTopoOrder(g: MemoriaGraph, seed: number): string[] {
  const producer = new Map<string, string>()
  for (const n of g.nodes) for (const o of n.outputs) producer.set(o, n.name)
  const done = new Set<string>()
  const order: string[] = []
  let s = seed >>> 0
  while (order.length < g.nodes.length) {
    const ready = g.nodes.filter((n) => !done.has(n.name) && n.inputs.every((x) => x === '' || !producer.has(x) || done.has(producer.get(x)!)))
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0
    const v = ready[s % ready.length]
    done.add(v.name)
    order.push(v.name)
  }
  return order
}

describe('the walk equals docs/spec.md section 2 read literally', () => {
  for (const model of ['simple', 'inplace'] as const) {
    it(`${model}: every step of the curve, on random graphs and random orders`, () => {
      fc.assert(fc.property(fc.integer({ min: 1, max: 2 ** 31 - 1 }), fc.integer({ min: 1, max: 12 }), fc.nat(), (seed, n, o) => {
        const g = randomGraph(seed, n)
        const ig = indexGraph(g)
        const order = randomTopoOrder(g, o)
        const during = new Float64Array(ig.nNodes + 1)
        const peak = createWalker(ig).run(order.map((name) => ig.nodeNames.indexOf(name)), model, undefined, during)
        const want = specCurve(g, order, model)
        expect(Array.from(during)).toEqual(want)
        expect(peak).toBe(Math.max(...want))
      }), { numRuns: 500 })
    })
  }
})
