/**
 * Issue 16, defect 3 and issue 14's "> 16 devices": clusters of 1, 16, 17, 32 and 64 devices give finite
 * figures that `evaluate` confirms and honest feasibility (the simulator's scratch was fixed at 16, so the
 * 17th device's peak was NaN and the plan was called feasible); the pipeline baseline is polynomial in K (it
 * was 2^K states, and `1 << K` wrapped at 32); beyond MAX_DEVICES the cluster is refused with
 * CLUSTER_TOO_LARGE. Small graphs, few generations: fast.
 */
import { describe, expect, it } from 'vitest'
import { MemoriaError } from '../errors'
import { EXACT_UP_TO } from './baselines/pipeline'
import { MAX_DEVICES, validateCluster } from './cluster'
import { evaluate } from './evaluate'
import { partition } from './partition'
import { splitSubsets } from './problem'
import { convChain, residualBlock } from './test-graphs'

/** K devices of unequal speed; memory `memoryBytes` each, the first one the source */
function cluster(K: number, memoryBytes = 64 << 20): unknown {
  return {
    devices: Array.from({ length: K }, (_, j) => ({ name: `d${j}`, gflops: 1 + (j % 5), memoryBytes, bandwidthMbps: 100 + j, latencyMs: 0.5 })),
    router: { broadcast: true },
    source: 'd0',
  }
}

describe('clusters of many devices', () => {
  it.each([1, 16, 17, 32, 64])('%i devices: every algorithm gives finite figures that evaluate confirms', (K) => {
    const g = residualBlock()
    for (const algo of ['geneflow', 'greedy', 'pipeline', 'channel', 'spatial', 'single'] as const) {
      const plan = partition(g, cluster(K), { algo, generations: 2, population: 8 })
      expect(plan.devices).toHaveLength(K)
      for (const d of plan.devices) {
        expect(Number.isFinite(d.peakBytes)).toBe(true)
        expect(d.peakBytes).toBe(d.weightBytes + d.activationPeakBytes)
      }
      expect(Number.isFinite(plan.latencyMs)).toBe(true)
      const again = evaluate(g, cluster(K), plan)
      expect(again.devices).toEqual(plan.devices)
      expect(again.latencyMs).toBeCloseTo(plan.latencyMs, 9)
      expect(again.feasible).toBe(plan.feasible)
    }
  })

  it('reports infeasible honestly on 17 and 64 devices when the devices are too small', () => {
    for (const K of [17, 64]) {
      const plan = partition(convChain(), cluster(K, 1024), { algo: 'channel' })
      expect(plan.feasible).toBe(false)
      const over = plan.devices.reduce((s, d) => s + Math.max(0, d.peakBytes - 1024), 0)
      expect(plan.violationBytes).toBe(over)
      expect(over).toBeGreaterThan(0)
    }
  })

  it('the pipeline beyond the exact DP puts stages on the source first, then the fastest devices, in order', () => {
    const K = 32
    const plan = partition(convChain(), cluster(K), { algo: 'pipeline' })
    const used = [...new Set(plan.assignments.map((a) => a.device))]
    // fastest first after the source: gflops 1 + (j % 5) is largest (5) at d4, d9, d14, …
    const order = ['d0', ...Array.from({ length: K }, (_, j) => j).filter((j) => j > 0).sort((a, b) => (1 + (b % 5)) - (1 + (a % 5)) || a - b).map((j) => `d${j}`)]
    expect(used).toEqual(order.slice(0, used.length))
    expect(K).toBeGreaterThan(EXACT_UP_TO)
  })

  it('splits over the full set and O(K) pairs beyond 16 devices; the subsets up to 16 are as before', () => {
    expect(splitSubsets(1)).toEqual([])
    expect(splitSubsets(3)).toEqual([[0, 1, 2], [0, 1], [0, 2], [1, 2]])
    expect(splitSubsets(5).slice(0, 4)).toEqual([[0, 1, 2, 3, 4], [0, 1], [0, 2], [1, 2]])
    expect(splitSubsets(16)).toHaveLength(1 + 120)
    expect(splitSubsets(17)).toHaveLength(1 + 16)
    expect(splitSubsets(64)).toHaveLength(1 + 63)
    expect(splitSubsets(64)[1]).toEqual([0, 1])
  })

  it(`refuses more than ${MAX_DEVICES} devices with CLUSTER_TOO_LARGE (100 and 1,000), and accepts ${MAX_DEVICES}`, () => {
    expect(validateCluster(cluster(MAX_DEVICES)).devices).toHaveLength(MAX_DEVICES)
    for (const K of [MAX_DEVICES + 1, 100, 1000]) {
      let err: unknown
      try {
        partition(convChain(), cluster(K), { algo: 'pipeline' })
      } catch (e) {
        err = e
      }
      expect(err).toBeInstanceOf(MemoriaError)
      expect((err as MemoriaError).code).toBe('CLUSTER_TOO_LARGE')
      expect((err as MemoriaError).message).toContain(`the cluster has ${K.toLocaleString('en-US')} devices; the planner supports at most ${MAX_DEVICES}`)
    }
  })
})
