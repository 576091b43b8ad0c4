/**
 * Real models (public/models, read by the streaming reader, seq = 128) through every algorithm: the plan's
 * figures equal evaluate's, every node is assigned, no follow is inexact, GenEFlow is not worse than any
 * feasible baseline. Small budgets: this checks consistency on real operator mixes, not plan quality.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { buildGraph } from '../graph/build.ts'
import { bytesSource } from '../onnx/byte-source.ts'
import { readOnnx } from '../onnx/read.ts'
import { evaluate } from './evaluate'
import { partitionWithStats } from './partition'
import { ALGOS } from './plan'

const DIR = join(import.meta.dirname, '../../../public/models')
const cluster = {
  devices: [
    { name: 'pi4', gflops: 13.5, memoryBytes: 512 * 2 ** 20, bandwidthMbps: 300, latencyMs: 1 },
    { name: 'jetson', gflops: 50, memoryBytes: 2 * 2 ** 30, bandwidthMbps: 1000, latencyMs: 0.5 },
    { name: 'pi3', gflops: 3.6, memoryBytes: 256 * 2 ** 20, bandwidthMbps: 100, latencyMs: 2 },
  ],
  router: { broadcast: true },
  source: 'pi4',
}

describe('partition on reference models', () => {
  for (const name of ['squeezenet1_1', 'googlenet', 'resnet50', 'bert_base']) {
    it(name, async () => {
      const g = buildGraph(await readOnnx(bytesSource(new Uint8Array(readFileSync(join(DIR, `${name}.onnx`))))), { dims: { seq: 128 } })
      const plans = ALGOS.map((algo) => partitionWithStats(g, cluster, { algo, seed: 2, generations: 4, population: 12 }).plan)
      for (const plan of plans) {
        expect(evaluate(g, cluster, plan)).toEqual(plan)
        expect(plan.assignments).toHaveLength(g.nodes.length)
        expect(plan.latencyMs).toBeGreaterThan(0)
      }
      const ga = plans[0]
      for (const b of plans.slice(1)) if (b.feasible) expect(ga.feasible && ga.latencyMs <= b.latencyMs + 1e-6).toBe(true)
    }, 60_000)
  }
})
