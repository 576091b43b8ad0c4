/**
 * The tiling planner on reference models: the reported tiled peak is the memory walk of the reported order
 * on the tiled graph, that order is topological, the Concats rebuild each exit from bands that partition
 * its rows, the extra FLOPs are those of the tiled graph's nodes (shape-based FLOPs of every copy), and
 * models that cannot be tiled say why.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { buildGraph } from '../graph/build.ts'
import type { MemoriaGraph } from '../graph/types.ts'
import { checkOrder, indexGraph, orderFromNames } from '../memory/indexed.ts'
import { createWalker } from '../memory/walk.ts'
import { bytesSource } from '../onnx/byte-source.ts'
import { readOnnx } from '../onnx/read.ts'
import { planTiling } from './plan.ts'

const DIR = join(import.meta.dirname, '../../../public/models')

async function load(file: string): Promise<MemoriaGraph> {
  return buildGraph(await readOnnx(bytesSource(new Uint8Array(readFileSync(join(DIR, file))))), { dims: { seq: 128 } })
}

describe('planTiling on reference CNNs', () => {
  // squeezenet with T fixed at 8 keeps the test short; vgg13 searches every T
  for (const [file, model, tiles] of [['squeezenet1_1.onnx', 'inplace', [8]], ['vgg13.onnx', 'simple', undefined]] as const) {
    it(`${file} under ${model}: the reported peak is the walk of the reported order`, async () => {
      const graph = await load(file)
      const { plan, tiled } = planTiling(graph, { memoryModel: model, tiles })
      expect(plan.tiled).toBe(true)
      expect(tiled).not.toBeNull()
      if (tiled === null || plan.region === null) return
      expect(plan.tiledPeakBytes).toBeLessThan(plan.peakBytes)
      expect(plan.extraFlops).toBeLessThanOrEqual(0.15)
      const ti = indexGraph(tiled.graph)
      const order = orderFromNames(ti, plan.order)
      checkOrder(ti, order)
      expect(createWalker(ti).run(order, model)).toBe(plan.tiledPeakBytes)
      // the untiled figure is the walk of BTSearch's order on the original
      const ig = indexGraph(graph)
      expect(plan.peakBytes).toBeLessThanOrEqual(createWalker(ig).run(ig.topo, model))
      // every exit is rebuilt from T bands that partition its rows
      for (const x of plan.region.exits) {
        const concat = tiled.graph.nodes.find((n) => n.op === 'Concat' && n.outputs[0] === x)
        expect(concat?.inputs.length).toBe(plan.tiles)
        const rowsOf = (g: MemoriaGraph, name: string): number => Number(g.tensors.find((t) => t.name === name)?.shape?.[2])
        const rows = (concat?.inputs ?? []).map((i) => rowsOf(tiled.graph, i))
        expect(rows.reduce((a, b) => a + b, 0)).toBe(rowsOf(graph, x))
      }
      // extra FLOPs: the tiled graph's own per-node FLOPs (from each copy's shapes) against the original's
      const sum = (g: MemoriaGraph): number => g.nodes.reduce((s, n) => s + n.flops, 0)
      expect(sum(tiled.graph)).toBeCloseTo(plan.tiledFlops, -3)
      expect((sum(tiled.graph) - sum(graph)) / sum(graph)).toBeCloseTo(plan.extraFlops, 6)
      expect(plan.remainingBoundNode).not.toBeNull()
    })
  }

  it('a tighter FLOPs budget never gives a lower peak, and --tiles fixes T', async () => {
    const graph = await load('vgg13.onnx')
    const loose = planTiling(graph, { maxOverhead: 0.15 }).plan
    const tight = planTiling(graph, { maxOverhead: 0.02 }).plan
    expect(tight.tiledPeakBytes).toBeGreaterThanOrEqual(loose.tiledPeakBytes)
    expect(tight.extraFlops).toBeLessThanOrEqual(0.02)
    const two = planTiling(graph, { tiles: [2] }).plan
    expect(two.tiles).toBe(2)
  })

  it('a transformer cannot be tiled, and says why in one sentence', async () => {
    const { plan, tiled } = planTiling(await load('gpt2.onnx'))
    expect(plan.tiled).toBe(false)
    expect(tiled).toBeNull()
    expect(plan.tiledPeakBytes).toBe(plan.peakBytes)
    expect(plan.reason).toMatch(/MatMul.*every row.*forces the peak/)
    expect(plan.reason).not.toMatch(/\.\s+\S/)
  })

  it('rejects a bad budget with a typed error', async () => {
    const graph = await load('vgg13.onnx')
    expect(() => planTiling(graph, { maxOverhead: -1 })).toThrow(/ARG_INVALID|≥ 0/)
    expect(() => planTiling(graph, { tiles: [1] })).toThrow(/tile count/)
  })
})
