/**
 * `memoria partition MODEL --cluster C.json …` and `memoria evaluate MODEL --cluster C.json --plan P.json`:
 * the plan of docs/spec.md section 4 as JSON, or as a readable summary. `evaluate` recomputes every figure from
 * scratch (core's `evaluate`); when the given plan's figures differ from its own it still prints its own,
 * and exits 3 with one line on standard error naming the figures that differ.
 */
import { DEFAULT_MEMORY_MODEL, MEMORY_MODELS } from '../core/algorithms.ts'
import { fail } from '../core/errors.ts'
import { own as ownEntry } from '../core/names.ts'
import type { MemoriaGraph } from '../core/graph/types.ts'
import { validateCluster, type Cluster } from '../core/partition/cluster.ts'
import { evaluate } from '../core/partition/evaluate.ts'
import { DEFAULT_GENERATIONS, partitionSteps, type PartitionOptions } from '../core/partition/partition.ts'
import { ALGOS, type Plan } from '../core/partition/plan.ts'
import { choice, intFlag, modelOptions, onePositional, parseCommand, requiredFlag, type OptionSpec } from './args.ts'
import { fields, int, mb, ms, table } from './format.ts'
import { openModel, readJsonFile, requireKnownSizes } from './open-model.ts'
import { isCancelled, type CommandResult } from './command.ts'
import { partitionOrder } from '../core/partition/order-policy.ts'
import { pause } from './schedule.ts'


const PARTITION_FLAGS: OptionSpec = {
  cluster: { type: 'string' },
  algo: { type: 'string' },
  seed: { type: 'string' },
  generations: { type: 'string' },
  'memory-model': { type: 'string' },
}

const EVALUATE_FLAGS: OptionSpec = {
  cluster: { type: 'string' },
  plan: { type: 'string' },
}

async function loadCluster(command: string, file: string): Promise<Cluster> {
  return validateCluster(await readJsonFile(file, 'CLUSTER_INVALID', `a cluster (docs/spec.md section 4; see \`memoria ${command} --help\`)`))
}

export async function partitionCommand(argv: string[]): Promise<CommandResult> {
  const p = parseCommand('partition', argv, PARTITION_FLAGS)
  const file = onePositional('partition', p, 'MODEL')
  const clusterFile = requiredFlag('partition', p, 'cluster', 'CLUSTER.json')
  const algo = choice(p, 'algo', ALGOS, 'geneflow')
  const memoryModel = choice(p, 'memory-model', MEMORY_MODELS, DEFAULT_MEMORY_MODEL)
  const seed = intFlag(p, 'seed', 1, 0, 2 ** 32 - 1)
  const generations = intFlag(p, 'generations', DEFAULT_GENERATIONS, 0, 1_000_000)
  const cluster = await loadCluster('partition', clusterFile)
  const { graph } = await openModel(file, modelOptions(p))
  requireKnownSizes(graph, 'partition')
  // core's partition order, the one the app plans along too (same model, cluster and seed: same plan)
  const order = await partitionOrder(graph, memoryModel, { pause, isCancelled, now: () => performance.now() })
  const plan = await partitionInSlices(graph, cluster, {
    algo, seed, generations, memoryModel, order, now: () => performance.now(), isCancelled,
  })
  plan.warnings = [...(graph.warnings ?? []), ...plan.warnings]
  if (p.values.json === true) return { stdout: `${JSON.stringify(plan, null, 2)}\n` }
  return { stdout: `${planText(plan, cluster)}\n` }
}

/**
 * Core's `partition`, driven one GenEFlow generation at a time (`partitionSteps`) with a macrotask between
 * generations, so Ctrl-C's signal handler gets in: the first press makes GenEFlow stop at its next generation
 * and return its best plan so far (its warnings say it was cancelled), a second exits 130. The plan is the one
 * `partition` returns: the generator is the same code, only paused. A baseline yields nothing and runs whole.
 */
async function partitionInSlices(graph: MemoriaGraph, cluster: Cluster, options: PartitionOptions): Promise<Plan> {
  const steps = partitionSteps(graph, cluster, options)
  for (;;) {
    const r = steps.next()
    if (r.done) return r.value.plan
    await pause()
  }
}

export async function evaluateCommand(argv: string[]): Promise<CommandResult> {
  const p = parseCommand('evaluate', argv, EVALUATE_FLAGS)
  const file = onePositional('evaluate', p, 'MODEL')
  const clusterFile = requiredFlag('evaluate', p, 'cluster', 'CLUSTER.json')
  const planFile = requiredFlag('evaluate', p, 'plan', 'PLAN.json')
  const cluster = await loadCluster('evaluate', clusterFile)
  const given = await readJsonFile(planFile, 'PLAN_INVALID', 'a plan written by `partition --json` (docs/spec.md section 4)')
  if (typeof given !== 'object' || given === null || Array.isArray(given)) {
    fail('PLAN_INVALID', `${planFile} is not a plan: a plan is a JSON object with "assignments" (docs/spec.md section 4)`)
  }
  const { graph } = await openModel(file, modelOptions(p))
  requireKnownSizes(graph, 'evaluate')
  const own = evaluate(graph, cluster, given as Plan)
  const diffs = differences(given as Partial<Plan>, own, graph)
  const stdout = p.values.json === true ? `${JSON.stringify(own, null, 2)}\n` : `${planText(own, cluster)}\n`
  if (diffs.length === 0) return { stdout }
  return { stdout, exitCode: 3, stderr: `PLAN_INVALID: the plan's figures differ from the recomputed ones: ${diffs.join('; ')}; the recomputed plan is on standard output` }
}

const FIGURES = ['latencyMs', 'computeMs', 'commMs', 'violationBytes'] as const
const DEVICE_FIGURES = ['peakBytes', 'weightBytes', 'activationPeakBytes'] as const

function same(a: unknown, b: number): boolean {
  return typeof a === 'number' && Math.abs(a - b) <= 1e-6 * Math.max(1, Math.abs(b))
}

/** Every figure of `given` that the recomputation does not confirm, as `name given → recomputed`. */
export function differences(given: Partial<Plan>, own: Plan, graph: MemoriaGraph): string[] {
  const out: string[] = []
  for (const k of FIGURES) if (!same(given[k], own[k])) out.push(`${k} ${String(given[k])} → ${own[k]}`)
  if (given.feasible !== own.feasible) out.push(`feasible ${String(given.feasible)} → ${own.feasible}`)
  const devices = Array.isArray(given.devices) ? given.devices : []
  own.devices.forEach((d, j) => {
    const g = devices.find((x) => x?.name === d.name) ?? devices[j]
    for (const k of DEVICE_FIGURES) if (!same(g?.[k], d[k])) out.push(`${d.name}.${k} ${String(g?.[k])} → ${d[k]}`)
  })
  const sym = given.symbols
  if (sym !== undefined && sym !== null && typeof sym === 'object') {
    for (const [k, v] of Object.entries(sym)) {
      const used = ownEntry(graph.symbols, k)
      if (used !== undefined && used !== v) out.push(`the plan was made with ${k} = ${String(v)}, this run uses ${used} (pass --dim ${k}=${String(v)})`)
    }
  }
  return out
}

function planText(plan: Plan, cluster: Cluster): string {
  const byDim = new Map<string, number>()
  for (const a of plan.assignments) byDim.set(a.dim, (byDim.get(a.dim) ?? 0) + 1)
  const head = fields([
    ['Model', plan.model],
    ['Algorithm', `${plan.algo} (seed ${plan.seed}${plan.generations !== undefined ? `, ${int(plan.generations)} generations` : ''}${plan.budgetHit === true ? ', cut by the time limit' : ''})`],
    ['Memory model', plan.memoryModel],
    ['Latency', `${ms(plan.latencyMs)} (compute ${ms(plan.computeMs)}, communication ${ms(plan.commMs)})`],
    ['Feasible', plan.feasible ? 'yes: every device fits its memory' : `no: devices exceed their memory by ${mb(plan.violationBytes)} in total`],
    ['Assignments', [...byDim.entries()].map(([d, n]) => `${int(n)} ${d}`).join(', ')],
  ])
  const rows = plan.devices.map((d) => {
    const limit = cluster.devices.find((c) => c.name === d.name)?.memoryBytes ?? NaN
    return [d.name, mb(d.weightBytes), mb(d.activationPeakBytes), mb(d.peakBytes), mb(limit), d.peakBytes <= limit ? 'yes' : 'NO']
  })
  const out = [head, '', 'Devices', table(['device', 'weights', 'activation peak', 'peak', 'memory', 'fits'], rows, ['left', 'right', 'right', 'right', 'right', 'left'])]
  out.push('', plan.warnings.length === 0 ? 'Warnings: none' : 'Warnings')
  for (const w of plan.warnings) out.push(`  - ${w}`)
  return out.join('\n')
}
