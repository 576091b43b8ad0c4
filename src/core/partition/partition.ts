/**
 * The partitioner's entry point: `partition(graph, cluster, options)` runs one algorithm (GenEFlow or a
 * baseline) and returns a plan whose figures come from the same evaluator `evaluate` uses.
 *
 * GenEFlow is seeded with every baseline's genome, in the order of the algorithm catalogue's
 * PARTITION_BASELINES (core/algorithms.ts, the one list). Cancelling GenEFlow returns the best plan so far with a warning (never loses it). `partitionSteps` is the same run as
 * a generator, one step per GenEFlow generation, whose progress carries the best plan whenever it improved
 * (built by a second evaluator, so the run's own evaluations and figures are untouched): the app's worker
 * drives it in slices, reading its messages (a cancel) between generations. Memory limits may be overridden
 * (`limits`, per device) for the minimum-memory search; the plan's `devices` figures do not change, only
 * feasibility and violation are measured against the given limits.
 */

import { fail } from '../errors'
import type { MemoriaGraph } from '../graph/types'
import { PARTITION_BASELINES, type PartitionBaseline } from '../algorithms'
import { channelBaseline } from './baselines/channel'
import { edgeflowBaseline } from './baselines/edgeflow'
import { decode, type Genome } from './baselines/genome'
import { greedyBaseline } from './baselines/greedy'
import { pipelineBaseline } from './baselines/pipeline'
import { singleBaseline } from './baselines/single'
import { spatialBaseline } from './baselines/spatial'
import { validateCluster, type Cluster } from './cluster'
import { checkMemoryModel } from '../memory/ops'
import type { MemoryModel } from './device-memory'
import { Evaluator, planFrom, type MemoryRule } from './evaluate'
import { geneflowSteps, type GeneflowProgress, type GeneflowResult } from './geneflow'
import { geneflowIslands } from './islands'
import { ALGOS, type Algo, type Plan } from './plan'
import { buildProblem } from './problem'

export interface PartitionOptions {
  algo?: Algo
  seed?: number
  /** GenEFlow's generation budget (default 300) and population (default 48) */
  generations?: number
  population?: number
  /** GenEFlow's convergence window: stop after this many generations with < 0.1 % improvement (default 80) */
  patience?: number
  memoryModel?: MemoryModel
  /** schedule order (node names); default: the graph's topological file order */
  order?: readonly string[]
  /**
   * GenEFlow's safety net: stop once this many plans were evaluated (default 60,000). No budget is in wall
   * time, so the same seed gives the same plan on any machine.
   */
  maxEvaluations?: number
  onProgress?: (p: PartitionProgress) => void
  isCancelled?: () => boolean
  /**
   * GenEFlow's island model (islands.ts): this many islands of `population` each, migrating every
   * `migrateEvery` generations; default 1 (plain GenEFlow). Run in this thread, without per-generation steps.
   */
  islands?: number
  migrateEvery?: number
  /** per-device memory limits replacing memoryBytes (minimum-memory search) */
  limits?: readonly number[]
  /**
   * which per-device memory decides feasibility: 'device' (default: each device's own order, BTSearch on its
   * subgraph) or 'global' (the old rule, liveness along the global order; shown beside it for one release)
   */
  memoryRule?: MemoryRule
}

export interface PartitionStats {
  evaluations: number
  /** GenEFlow: name of the seed its answer is, when no offspring beat the seeds; null otherwise */
  fromSeed: string | null
  /** latency (ms) and violation of each seed, by baseline name */
  seeds: Record<string, { latencyMs: number; violationBytes: number }>
  /** GenEFlow with islands: each island's generations and evaluations */
  islands?: { generations: number; evaluations: number }[]
}

/** GenEFlow's progress after a generation, with the best plan so far when it changed (else null). */
export interface PartitionProgress extends Omit<GeneflowProgress, 'bestGenome'> {
  bestPlan: Plan | null
}

export interface PartitionOutcome {
  plan: Plan
  stats: PartitionStats
}

/**
 * Each partition baseline's genome, by its name in the algorithm catalogue. The catalogue's
 * PARTITION_BASELINES is the one list (and the order GenEFlow seeds in); this table only says how each is
 * made, and its type makes it cover exactly that list.
 */
const BASELINE_GENOMES: Readonly<Record<PartitionBaseline, (ev: Evaluator) => Genome>> = {
  single: singleBaseline,
  greedy: greedyBaseline,
  channel: channelBaseline,
  spatial: spatialBaseline,
  pipeline: pipelineBaseline,
  edgeflow: edgeflowBaseline,
}

/** The genome of one partition baseline on `ev`'s problem. */
export function baselineGenome(name: PartitionBaseline, ev: Evaluator): Genome {
  return BASELINE_GENOMES[name](ev)
}

export const DEFAULT_GENERATIONS = 300

export function partition(graph: MemoriaGraph, cluster: Cluster | unknown, options: PartitionOptions = {}): Plan {
  return partitionWithStats(graph, cluster, options).plan
}

export function partitionWithStats(graph: MemoriaGraph, cluster: Cluster | unknown, options: PartitionOptions = {}): PartitionOutcome {
  const steps = partitionSteps(graph, cluster, options)
  for (;;) {
    const r = steps.next()
    if (r.done) return r.value
  }
}

/** The run of `partitionWithStats` as a generator: one yield per GenEFlow generation (none for a baseline). */
export function* partitionSteps(graph: MemoriaGraph, cluster: Cluster | unknown, options: PartitionOptions = {}):
  Generator<PartitionProgress, PartitionOutcome, void> {
  const c = validateCluster(cluster)
  const algo = options.algo ?? 'geneflow'
  if (!ALGOS.includes(algo)) fail('ARG_INVALID', `unknown algorithm "${String(algo)}"; use one of ${ALGOS.join(', ')}`)
  const model = checkMemoryModel(options.memoryModel ?? 'inplace')
  const seed = options.seed ?? 1
  if (!Number.isInteger(seed)) fail('ARG_INVALID', `the seed must be an integer; got ${seed}`)
  if (options.limits !== undefined && options.limits.length !== c.devices.length) {
    fail('ARG_INVALID', `limits has ${options.limits.length} entries but the cluster has ${c.devices.length} devices`)
  }
  const p = buildProblem(graph, c, options.order)
  const rule = options.memoryRule ?? 'device'
  if (rule !== 'device' && rule !== 'global') fail('ARG_INVALID', `unknown memory rule ${JSON.stringify(rule)}; use "device" or "global"`)
  const ev = new Evaluator(p, model, options.limits ? Float64Array.from(options.limits) : undefined, rule)
  const warnings: string[] = []
  const stats: PartitionStats = { evaluations: 0, fromSeed: null, seeds: {} }
  let genome: Genome
  let extra: { budgetHit?: boolean; generations?: number; converged?: boolean } = {}
  if (algo === 'geneflow') {
    const seeds = PARTITION_BASELINES.map((n) => {
      const g = baselineGenome(n, ev)
      ev.score(decode(p, g))
      stats.seeds[n] = { latencyMs: ev.latencyMs, violationBytes: ev.violationBytes }
      return g
    })
    const gens = options.generations ?? DEFAULT_GENERATIONS
    if (!Number.isInteger(gens) || gens < 0) fail('ARG_INVALID', `generations must be a whole number ≥ 0; got ${gens}`)
    const islands = options.islands ?? 1
    if (!Number.isInteger(islands) || islands < 1) fail('ARG_INVALID', `islands must be a whole number ≥ 1; got ${islands}`)
    const limits = ev.limit
    let planEv: Evaluator | null = null
    const steps = geneflowSteps(ev, {
      seed, seeds, generations: gens, population: options.population, patience: options.patience,
      maxEvaluations: options.maxEvaluations, isCancelled: options.isCancelled,
    })
    let r: GeneflowResult | undefined
    if (islands > 1) {
      const ir = geneflowIslands(ev, {
        seed, seeds, generations: gens, population: options.population, patience: options.patience,
        maxEvaluations: options.maxEvaluations, isCancelled: options.isCancelled, islands, migrateEvery: options.migrateEvery,
        onProgress: (x) => {
          const { bestGenome: _none, ...figures } = x // the island driver reports no genome
          options.onProgress?.({ ...figures, bestPlan: null })
        },
      })
      stats.islands = ir.perIsland
      r = ir
    }
    while (r === undefined) {
      const s = steps.next()
      if (s.done) { r = s.value; break }
      const { bestGenome, ...figures } = s.value
      let bestPlan: Plan | null = null
      if (bestGenome) {
        planEv ??= new Evaluator(p, model, limits, rule, ev.schedules)
        bestPlan = planFrom(planEv, decode(p, bestGenome), { algo, seed, generations: figures.generation })
      }
      const report: PartitionProgress = { ...figures, bestPlan }
      options.onProgress?.(report)
      yield report
    }
    genome = r.genome
    stats.fromSeed = r.fromSeed >= 0 ? PARTITION_BASELINES[r.fromSeed] : null
    if (r.cancelled) warnings.push(`cancelled after ${r.generations} generations; this is the best plan found so far`)
    if (r.budgetHit) warnings.push(`the evaluation budget stopped the search after ${r.generations} generations, before it converged`)
    extra = { budgetHit: r.budgetHit, generations: r.generations, converged: r.converged }
  } else {
    genome = baselineGenome(algo, ev)
  }
  const plan = planFrom(ev, decode(p, genome), { algo, seed, warnings, ...extra })
  if (!plan.feasible) {
    warnings.push(`no device assignment found fits: the plan exceeds device memory by ${plan.violationBytes} bytes in total`)
  }
  stats.evaluations = ev.evaluations
  return { plan, stats }
}
