import { describe, expect, it } from 'vitest'
import { PARTITION_ALGOS, PARTITION_BASELINES, PARTITION_LABELS, PARTITION_RUN_ORDER, SCHEDULE_ALGOS, SCHEDULE_LABELS, SCHEDULE_RUN_ORDER } from './algorithms.ts'
import { validateCluster } from './partition/cluster.ts'
import { partition, partitionWithStats } from './partition/partition.ts'
import { inceptionBlock } from './partition/test-graphs.ts'

describe('the algorithm catalogue', () => {
  it('runs every algorithm exactly once, baselines first and the search last', () => {
    expect([...SCHEDULE_RUN_ORDER].sort()).toEqual([...SCHEDULE_ALGOS].sort())
    expect(SCHEDULE_RUN_ORDER.at(-1)).toBe('btsearch')
    expect([...PARTITION_RUN_ORDER].sort()).toEqual([...PARTITION_ALGOS].sort())
    expect(PARTITION_RUN_ORDER.at(-1)).toBe('geneflow')
  })

  it('GenEFlow seeds from the catalogue\'s partition baselines, in its order, each seed the baseline\'s own plan', () => {
    const c = validateCluster({
      devices: [
        { name: 'a', gflops: 10, memoryBytes: 4_000_000, bandwidthMbps: 100, latencyMs: 1 },
        { name: 'b', gflops: 25, memoryBytes: 3_000_000, bandwidthMbps: 300, latencyMs: 0.5 },
      ],
      router: { broadcast: true },
      source: 'a',
    })
    const g = inceptionBlock()
    const { stats } = partitionWithStats(g, c, { algo: 'geneflow', generations: 0 })
    expect(Object.keys(stats.seeds)).toEqual(PARTITION_BASELINES)
    for (const algo of PARTITION_BASELINES) {
      const own = partition(g, c, { algo })
      expect(stats.seeds[algo].latencyMs).toBeCloseTo(own.latencyMs, 6)
      expect(stats.seeds[algo].violationBytes).toBe(own.violationBytes)
    }
    // the baselines do not all agree, so the comparison above tells them apart
    expect(new Set(PARTITION_BASELINES.map((a) => stats.seeds[a].latencyMs.toFixed(6))).size).toBeGreaterThan(2)
  })

  it('labels every algorithm, each label once', () => {
    expect(Object.keys(SCHEDULE_LABELS).sort()).toEqual([...SCHEDULE_ALGOS].sort())
    expect(Object.keys(PARTITION_LABELS).sort()).toEqual([...PARTITION_ALGOS].sort())
    expect(new Set(Object.values(SCHEDULE_LABELS)).size).toBe(SCHEDULE_ALGOS.length)
  })
})
