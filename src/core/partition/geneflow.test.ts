import { describe, expect, it } from 'vitest'
import * as fc from 'fast-check'
import { MemoriaError } from '../errors'
import { largestRemainder } from './cluster'
import { evaluate } from './evaluate'
import { partition, partitionSteps, partitionWithStats } from './partition'
import { ALGOS, type Plan } from './plan'
import { attentionBlock, convChain, inceptionBlock, residualBlock } from './test-graphs'

const pis = (k: number, memoryBytes = 8 * 2 ** 20, broadcast = true) => ({
  devices: Array.from({ length: k }, (_, j) => ({ name: `pi-${j}`, gflops: 2 + j, memoryBytes, bandwidthMbps: 100, latencyMs: 0.5 })),
  router: { broadcast },
  source: 'pi-0',
})

describe('partition (every algorithm)', () => {
  it.each(ALGOS)('%s gives a plan evaluate agrees with, with every node assigned', (algo) => {
    for (const g of [residualBlock(), inceptionBlock(), attentionBlock()]) {
      const plan = partition(g, pis(3), { algo, generations: 20, seed: 3 })
      expect(evaluate(g, pis(3), plan)).toEqual(plan)
      expect(plan.assignments).toHaveLength(g.nodes.length)
      expect(plan.algo).toBe(algo)
      // shares: proportional to gflops over the devices used, by largest remainder, in devices order — except
      // EdgeFlow's optimised ratios (and GenEFlow, which may keep them)
      for (const a of plan.assignments) {
        if (!a.shares || algo === 'edgeflow' || algo === 'geneflow') continue
        const total = a.shares.reduce((x, y) => x + y, 0)
        expect(a.shares).toEqual(largestRemainder(total, pis(3).devices.map((d, j) => ((a.shares as number[])[j] > 0 ? d.gflops : 0))))
      }
    }
  })

  it('single puts everything on the fastest device that fits', () => {
    const plan = partition(residualBlock(), pis(3), { algo: 'single' })
    expect(new Set(plan.assignments.map((a) => a.device))).toEqual(new Set(['pi-2']))
  })

  it('pipeline uses contiguous stages on distinct devices', () => {
    const plan = partition(inceptionBlock(), pis(3, 1_500_000), { algo: 'pipeline' })
    const devs = plan.assignments.map((a) => a.device)
    const runs = devs.filter((d, i) => i === 0 || d !== devs[i - 1])
    expect(new Set(runs).size).toBe(runs.length)
  })

  it('pipeline and greedy honour memory limits given in place of the devices\' memory', () => {
    const g = inceptionBlock()
    const whole = partition(g, pis(3), { algo: 'single' }).devices.reduce((m, d) => Math.max(m, d.peakBytes), 0)
    const limits = [0, 1, 2].map(() => Math.floor(whole * 0.7))
    const plan = partition(g, pis(3), { algo: 'pipeline', limits })
    expect(new Set(plan.assignments.map((a) => a.device)).size).toBeGreaterThan(1)
    expect(plan.feasible).toBe(Math.max(...plan.devices.map((d) => d.peakBytes)) <= limits[0])
  })

  it('an empty cluster or a zero-memory device is a clear CLUSTER_INVALID', () => {
    const code = (c: unknown) => { try { partition(convChain(), c) } catch (e) { return e instanceof MemoriaError ? e.code : 'other' } return 'none' }
    expect(code({ devices: [], source: 'a' })).toBe('CLUSTER_INVALID')
    expect(code({ devices: [{ ...pis(1).devices[0], memoryBytes: 0 }], source: 'pi-0' })).toBe('CLUSTER_INVALID')
  })

  it('an unknown memory model is ARG_INVALID naming it, before any work', () => {
    expect(() => partition(convChain(), pis(2), { memoryModel: 'huge' as never })).toThrow(
      expect.objectContaining({ code: 'ARG_INVALID', message: expect.stringContaining('unknown memory model "huge"; use simple or inplace') }))
  })
})

describe('GenEFlow', () => {
  it('is never worse than the best baseline it was seeded with (feasible first, then latency)', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 4 }), fc.integer({ min: 200_000, max: 4_000_000 }), fc.nat(3), fc.boolean(), fc.integer({ min: 1, max: 1000 }),
      (k, mem, gi, broadcast, seed) => {
        const g = [convChain(), residualBlock(), inceptionBlock(), attentionBlock()][gi]
        const { plan, stats } = partitionWithStats(g, pis(k, mem, broadcast), { generations: 8, population: 12, seed })
        for (const s of Object.values(stats.seeds)) {
          if (s.violationBytes === 0) {
            expect(plan.feasible).toBe(true)
            expect(plan.latencyMs).toBeLessThanOrEqual(s.latencyMs + 1e-6)
          } else {
            expect(plan.violationBytes).toBeLessThanOrEqual(s.violationBytes)
          }
        }
      }), { numRuns: 25 })
  })

  it('the same seed gives the same plan however slow the process runs: budgets are generations and evaluations', () => {
    const a = partition(inceptionBlock(), pis(4), { seed: 7, generations: 12, patience: 1000 })
    // the same run with every generation slowed by a busy loop (a loaded machine): nothing in the search
    // reads a clock, so the plan, its generations and its figures are the same
    const spin = (): void => { const t = Date.now(); while (Date.now() - t < 15) { /* busy */ } }
    const b = partition(inceptionBlock(), pis(4), { seed: 7, generations: 12, patience: 1000, onProgress: spin })
    expect(b).toEqual(a)
    expect(a.generations).toBe(12)
    expect(a).toMatchObject({ budgetHit: false, converged: false })
    // a small evaluation budget stops it at the same generation on every machine, and says so
    const c = partitionWithStats(inceptionBlock(), pis(4), { seed: 7, generations: 12, patience: 1000, maxEvaluations: 300 })
    const d = partitionWithStats(inceptionBlock(), pis(4), { seed: 7, generations: 12, patience: 1000, maxEvaluations: 300, onProgress: spin })
    expect(d).toEqual(c)
    expect(c.plan).toMatchObject({ budgetHit: true, converged: false })
    expect(c.plan.generations).toBeLessThan(12)
    expect(c.stats.evaluations).toBeGreaterThanOrEqual(300)
    expect(c.plan.warnings.join(' ')).toMatch(/evaluation budget stopped the search after \d+ generations/)
  })

  it('reports convergence: stopped by the patience window before the generation budget', () => {
    const r = partition(convChain(), pis(2), { seed: 1, generations: 200, patience: 5 })
    expect(r.converged).toBe(true)
    expect(r.budgetHit).toBe(false)
    expect(r.generations).toBeLessThan(200)
    expect(r.generations).toBeGreaterThan(5)
  })

  it('reports progress each generation, stops early on cancel and keeps the best plan', () => {
    const seen: number[] = []
    const plan = partition(inceptionBlock(), pis(4), {
      seed: 1, generations: 100, patience: 1000,
      onProgress: (p) => { seen.push(p.generation); expect(p.bestLatencyMs).toBeGreaterThan(0) },
      isCancelled: () => seen.length >= 5,
    })
    expect(seen).toEqual([1, 2, 3, 4, 5])
    expect(plan.generations).toBe(5)
    expect(plan.warnings.join(' ')).toMatch(/cancelled/)
    // the kept plan is the full run's best at generation 5
    const best5 = partition(inceptionBlock(), pis(4), { seed: 1, generations: 5, patience: 1000 })
    expect(plan.latencyMs).toBe(best5.latencyMs)
    expect(plan.assignments).toEqual(best5.assignments)
  })

  it('partitionSteps: one step per generation, paused anywhere, gives the same plan; cancel between steps keeps the best', () => {
    const g = inceptionBlock()
    const whole = partitionWithStats(g, pis(3), { seed: 4, generations: 25, patience: 1000 })
    const steps = partitionSteps(g, pis(3), { seed: 4, generations: 25, patience: 1000 })
    let n = 0
    let last: Plan | null = null
    for (let r = steps.next(); ; r = steps.next()) {
      if (r.done) {
        expect(r.value).toEqual(whole)
        break
      }
      n++
      expect(r.value.generation).toBe(n)
      if (r.value.bestPlan) last = r.value.bestPlan
    }
    expect(n).toBe(25)
    expect(last?.assignments).toEqual(whole.plan.assignments)

    let stop = false
    const cut = partitionSteps(g, pis(3), { seed: 4, generations: 25, patience: 1000, isCancelled: () => stop })
    let r = cut.next()
    for (let k = 1; k < 7; k++) r = cut.next()
    stop = true
    for (; !r.done; r = cut.next()) { /* the run notices the cancel before its next generation */ }
    expect(r.value.plan.generations).toBe(7)
    expect(r.value.plan.assignments).toEqual(partition(g, pis(3), { seed: 4, generations: 7, patience: 1000 }).assignments)
  })

  it('baselines take no step', () => {
    const r = partitionSteps(residualBlock(), pis(2), { algo: 'greedy' }).next()
    expect(r.done).toBe(true)
  })

  it('islands: one island is plain GenEFlow; several are deterministic, never worse than a seed, the best island answers', () => {
    const g = inceptionBlock()
    const plain = partitionWithStats(g, pis(4), { seed: 2, generations: 20, population: 12 })
    expect(partitionWithStats(g, pis(4), { seed: 2, generations: 20, population: 12, islands: 1 })).toEqual(plain)
    const rounds: { best: number; evaluations: number }[] = []
    const two = partitionWithStats(g, pis(4), {
      seed: 2, generations: 20, population: 12, islands: 2, migrateEvery: 5,
      onProgress: (p) => rounds.push({ best: p.bestLatencyMs, evaluations: p.evaluations }),
    })
    // one report per round; the best never gets worse; the last is the answer; busiest island's evaluations
    expect(rounds).toHaveLength(Math.max(...(two.stats.islands ?? []).map((x) => x.generations)))
    for (let i = 1; i < rounds.length; i++) expect(rounds[i].evaluations).toBeGreaterThanOrEqual(rounds[i - 1].evaluations)
    if (two.plan.feasible) {
      for (let i = 1; i < rounds.length; i++) expect(rounds[i].best).toBeLessThanOrEqual(rounds[i - 1].best)
      expect(rounds[rounds.length - 1].best).toBeCloseTo(two.plan.latencyMs, 6)
    }
    expect(rounds[rounds.length - 1].evaluations).toBe(Math.max(...(two.stats.islands ?? []).map((x) => x.evaluations)))
    expect(partitionWithStats(g, pis(4), { seed: 2, generations: 20, population: 12, islands: 2, migrateEvery: 5 })).toEqual(two)
    expect(evaluate(g, pis(4), two.plan)).toEqual(two.plan)
    for (const s of Object.values(two.stats.seeds)) if (s.violationBytes === 0) expect(two.plan.latencyMs).toBeLessThanOrEqual(s.latencyMs + 1e-6)
    expect(two.stats.evaluations).toBeGreaterThan(plain.stats.evaluations)
    expect(() => partition(g, pis(2), { islands: 0 })).toThrow(/islands/)
  })
})

