import { describe, expect, it } from 'vitest'
import { validateCluster } from './cluster'
import { referencePlan } from './reference-search'
import { partitionWithStats } from './partition'
import { evaluate } from './evaluate'
import { inceptionBlock } from './test-graphs'

const cluster = validateCluster({
  devices: [0, 1, 2].map((j) => ({ name: `d${j}`, gflops: 1 + j, memoryBytes: 3_000_000, bandwidthMbps: 100, latencyMs: 0.5 })),
  router: { broadcast: true }, source: 'd0',
})

describe('reference searches (annealing, ILS) at a given evaluation budget', () => {
  for (const kind of ['anneal', 'ils'] as const) {
    it(`${kind}: seeded, uses exactly the budget, never worse than the best seed, figures evaluate agrees with`, () => {
      const graph = inceptionBlock()
      const seeds = partitionWithStats(graph, cluster, { algo: 'geneflow', generations: 0 }).stats.seeds
      const a = referencePlan(graph, cluster, { kind, seed: 3, evaluations: 300 })
      const b = referencePlan(graph, cluster, { kind, seed: 3, evaluations: 300 })
      expect(a.plan).toEqual(b.plan)
      expect(a.evaluations).toBe(300)
      const feasible = Object.values(seeds).filter((s) => s.violationBytes === 0).map((s) => s.latencyMs)
      if (feasible.length > 0) {
        expect(a.plan.feasible).toBe(true)
        expect(a.plan.latencyMs).toBeLessThanOrEqual(Math.min(...feasible) + 1e-9)
      }
      expect(evaluate(graph, cluster, a.plan)).toEqual(a.plan)
    })
  }
})
