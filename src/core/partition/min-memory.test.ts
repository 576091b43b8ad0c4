import { describe, expect, it } from 'vitest'
import { memoryLowerBound, minimumMemory } from './min-memory'
import { partition } from './partition'
import { inceptionBlock, residualBlock } from './test-graphs'

const cluster = (k: number) => ({
  devices: Array.from({ length: k }, (_, j) => ({ name: `d${j}`, gflops: 4, memoryBytes: 1 << 30, bandwidthMbps: 100, latencyMs: 0.5 })),
  router: { broadcast: true },
  source: 'd0',
})
const KiB = 1024

describe('minimum memory', () => {
  it('finds a limit where the algorithm is feasible, above the lower bound, within the resolution', () => {
    for (const algo of ['single', 'greedy', 'pipeline', 'channel', 'geneflow'] as const) {
      const g = residualBlock()
      const r = minimumMemory(g, cluster(3), { algo, seed: 1, generations: 10, population: 12, resolutionBytes: 16 * KiB })
      expect(r.scaleBytes).not.toBeNull()
      const limit = r.scaleBytes as number
      expect(limit).toBeGreaterThanOrEqual(r.lowerBoundBytes)
      const devices = cluster(3).devices.map((d) => ({ ...d, memoryBytes: limit }))
      expect(partition(g, { ...cluster(3), devices }, { algo, seed: 1, generations: 10, population: 12 }).feasible).toBe(true)
    }
  })

  it('the lower bound never exceeds what any algorithm achieved', () => {
    for (const g of [residualBlock(), inceptionBlock()]) {
      for (const k of [1, 2, 4]) {
        const lb = memoryLowerBound(g, cluster(k))
        for (const algo of ['single', 'greedy', 'channel', 'spatial', 'pipeline', 'geneflow'] as const) {
          const plan = partition(g, cluster(k), { algo, generations: 10, population: 12 })
          expect(Math.max(...plan.devices.map((d) => d.peakBytes))).toBeGreaterThanOrEqual(lb)
        }
      }
    }
  })

  it('scales with a ratio between devices', () => {
    const g = inceptionBlock()
    const uniform = memoryLowerBound(g, cluster(2))
    const skewed = memoryLowerBound(g, cluster(2), { ratio: [2, 1] })
    expect(skewed).toBeLessThanOrEqual(uniform)
  })

  it('bisects to the resolution: for single (monotone in the limit) one resolution below is infeasible', () => {
    const g = inceptionBlock()
    const step = 4 * KiB
    const r = minimumMemory(g, cluster(3), { algo: 'single', seed: 1, resolutionBytes: step })
    const at = (limit: number) => partition(g, { ...cluster(3), devices: cluster(3).devices.map((d) => ({ ...d, memoryBytes: limit })) }, { algo: 'single' })
    expect(at(r.scaleBytes as number).feasible).toBe(true)
    expect(at((r.scaleBytes as number) - step).feasible).toBe(false)
  })

  it('for a ratio between devices, the smallest scale: limits scale × ratio fit, one resolution less does not', () => {
    const g = inceptionBlock()
    const step = 4 * KiB
    const ratio = [1, 3]
    const r = minimumMemory(g, cluster(2), { algo: 'single', seed: 1, ratio, resolutionBytes: step })
    const scale = r.scaleBytes as number
    expect(scale).toBeGreaterThanOrEqual(r.lowerBoundBytes)
    const at = (s: number) => partition(g, { ...cluster(2), devices: cluster(2).devices.map((d, j) => ({ ...d, memoryBytes: Math.floor(s * ratio[j]) })) }, { algo: 'single' })
    expect(at(scale).feasible).toBe(true)
    expect(at(scale - step).feasible).toBe(false)
    // the larger device takes the whole model: its share of the ratio lowers the scale below the uniform one
    expect(scale).toBeLessThan(minimumMemory(g, cluster(2), { algo: 'single', seed: 1, resolutionBytes: step }).scaleBytes as number)
  })

  it('a feasible plan fits down to its own scale: with a coarse resolution, greedy\'s minimum is its largest device peak', () => {
    const g = inceptionBlock()
    // 1 MiB steps, coarser than the gap between the first feasible probe (the whole model's bytes on one
    // device, 1.39 MB) and the greedy plan's own largest peak (1.29 MB): the bisection goes on from the latter
    const r = minimumMemory(g, cluster(3), { algo: 'greedy', seed: 1, resolutionBytes: 1 << 20 })
    const plan = partition(g, cluster(3), { algo: 'greedy' })
    expect(r.scaleBytes).toBe(Math.ceil(Math.max(...plan.devices.map((d) => d.peakBytes))))
  })
})
