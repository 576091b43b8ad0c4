import { describe, expect, it } from 'vitest'
import { validateCluster } from '../core/partition/cluster.ts'
import { partition } from '../core/partition/partition.ts'
import { ALGOS } from '../core/partition/plan.ts'
import { attentionBlock, convChain, inceptionBlock, residualBlock } from '../core/partition/test-graphs.ts'
import { tracePlan } from './plan-trace.ts'

const cluster = (broadcast: boolean) => validateCluster({
  devices: [
    { name: 'a', gflops: 10, memoryBytes: 4_000_000, bandwidthMbps: 100, latencyMs: 1 },
    { name: 'b', gflops: 25, memoryBytes: 3_000_000, bandwidthMbps: 300, latencyMs: 0.5 },
    { name: 'c', gflops: 5, memoryBytes: 2_000_000, bandwidthMbps: 50, latencyMs: 2 },
  ],
  router: { broadcast },
  source: 'b',
})

describe('tracePlan', () => {
  for (const [name, graph] of Object.entries({ convChain: convChain(), residualBlock: residualBlock(), inceptionBlock: inceptionBlock(), attentionBlock: attentionBlock() })) {
    for (const algo of ALGOS) {
      it(`${name} / ${algo}: the timeline and curves agree with evaluate`, () => {
        for (const broadcast of [true, false]) {
          const c = cluster(broadcast)
          const plan = partition(graph, c, { algo, generations: 5 })
          const { plan: ev, trace } = tracePlan(graph, c, plan)
          expect(ev.latencyMs).toBe(plan.latencyMs)
          expect(trace.latencyMs).toBeCloseTo(plan.latencyMs, 6)
          const K = c.devices.length
          const ends = trace.computeEndMs.filter((x) => x >= 0)
          const last = Math.max(0, ...ends, ...trace.transfers.map((t) => t.endMs))
          expect(last).toBeCloseTo(plan.latencyMs, 6)
          for (let i = 0; i < trace.computeStartMs.length; i++) {
            if (trace.computeEndMs[i] >= 0) expect(trace.computeStartMs[i]).toBeLessThanOrEqual(trace.computeEndMs[i] + 1e-9)
          }
          for (const t of trace.transfers) expect(t.startMs).toBeLessThanOrEqual(t.endMs)
          ev.devices.forEach((d, j) => {
            expect(Math.max(...trace.activationCurves[j]) + trace.weightBytes[j]).toBe(d.peakBytes)
            expect(trace.weightBytes[j]).toBe(d.weightBytes)
          })
          // every node that computes has shares summing to one
          for (let k = 0; k < plan.order.length; k++) {
            const s = trace.share.slice(k * K, k * K + K).reduce((a, b) => a + b, 0)
            if (s > 0) expect(s).toBeCloseTo(1, 9)
          }
        }
      })
    }
  }
})

describe('the worker\'s interim GenEFlow plan', () => {
  it('is the full run\'s state at that generation: the same progress up to it', () => {
    const graph = inceptionBlock()
    const c = cluster(true)
    const progress = (generations: number) => {
      const out: unknown[] = []
      partition(graph, c, { algo: 'geneflow', generations, patience: 1000, onProgress: (p) => out.push(p) })
      return out
    }
    const short = progress(12)
    expect(short).toHaveLength(12)
    expect(progress(40).slice(0, 12)).toEqual(short)
  })
})
