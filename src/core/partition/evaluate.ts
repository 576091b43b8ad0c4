/**
 * Every figure of a plan, recomputed from scratch: latency (simulate.ts), per-device memory
 * (device-memory.ts), feasibility and violation. `Evaluator` is the fast path every algorithm scores
 * candidates with; `evaluate` is the public entry the CLI and the app use on any plan. Both run the same
 * code, so a plan's own figures always equal `evaluate`'s (property-tested).
 * O(Σ slots · K² + K · (T + N)) per plan.
 */

import type { MemoriaGraph } from '../graph/types'
import { validateCluster, type Cluster } from './cluster'
import { DeviceMemory, type MemoryModel } from './device-memory'
import { assignmentsFrom, decisionsFromPlan, type Plan } from './plan'
import { buildProblem, type Decision, type Problem } from './problem'
import { Sim } from './simulate'
import { fail } from '../errors'
import { copyTable } from '../names'

export class Evaluator {
  readonly p: Problem
  readonly model: MemoryModel
  readonly sim: Sim
  readonly memory: DeviceMemory
  readonly activation: Float64Array
  readonly peak: Float64Array
  /** per-device limits used for feasibility; the cluster's memory unless min-memory search overrides it */
  readonly limit: Float64Array
  latencyMs = 0
  violationBytes = 0
  evaluations = 0

  constructor(p: Problem, model: MemoryModel, limit?: Float64Array) {
    this.p = p
    this.model = model
    this.sim = new Sim(p)
    this.memory = new DeviceMemory(p, model)
    this.activation = new Float64Array(p.K)
    this.peak = new Float64Array(p.K)
    this.limit = limit ?? Float64Array.from(p.memBytes)
  }

  /** Scores a full plan; returns latencyMs and leaves violationBytes and the per-device figures set. */
  score(decisions: readonly Decision[]): number {
    const { sim, p } = this
    this.evaluations++
    sim.run(decisions)
    this.memory.peaks(sim.devBytes, this.activation)
    let violation = 0
    for (let j = 0; j < p.K; j++) {
      this.peak[j] = this.activation[j] + Math.round(sim.weightBytes[j])
      if (this.peak[j] > this.limit[j]) violation += this.peak[j] - this.limit[j]
    }
    this.violationBytes = violation
    this.latencyMs = sim.latencyMs
    return sim.latencyMs
  }
}

const round6 = (x: number): number => Math.round(x * 1e6) / 1e6

export interface PlanMeta {
  algo: string
  seed: number
  warnings?: string[]
  budgetHit?: boolean
  generations?: number
}

/** The plan of a set of decisions, with figures from the evaluator (which it re-runs). */
export function planFrom(ev: Evaluator, decisions: readonly Decision[], meta: PlanMeta): Plan {
  const { p } = ev
  ev.score(decisions)
  const sim = ev.sim
  const latencyMs = round6(sim.latencyMs)
  const computeMs = round6(sim.computeMs)
  const plan: Plan = {
    algo: meta.algo,
    model: p.graph.name,
    memoryModel: ev.model,
    symbols: copyTable(p.graph.symbols),
    seed: meta.seed,
    order: Array.from(p.order, (v) => p.graph.nodes[v].name),
    assignments: assignmentsFrom(p, decisions, sim.takenKind, sim.takenDev),
    latencyMs,
    computeMs,
    commMs: round6(latencyMs - computeMs),
    feasible: ev.violationBytes === 0,
    violationBytes: ev.violationBytes,
    devices: p.cluster.devices.map((d, j) => ({
      name: d.name,
      peakBytes: ev.peak[j],
      weightBytes: Math.round(sim.weightBytes[j]),
      activationPeakBytes: ev.activation[j],
    })),
    warnings: [...(meta.warnings ?? [])],
  }
  if (meta.budgetHit !== undefined) plan.budgetHit = meta.budgetHit
  if (meta.generations !== undefined) plan.generations = meta.generations
  return plan
}

/**
 * Recomputes every figure of `plan` from scratch and returns the plan with its own figures (algo, seed,
 * warnings and GenEFlow's bookkeeping carried over). Throws CLUSTER_INVALID / PLAN_INVALID on bad input.
 */
export function evaluate(graph: MemoriaGraph, cluster: Cluster | unknown, plan: Plan): Plan {
  const c = validateCluster(cluster)
  if (typeof plan !== 'object' || plan === null) fail('PLAN_INVALID', 'the plan must be a JSON object (docs/spec.md section 4)')
  const model = plan.memoryModel ?? 'inplace'
  if (model !== 'simple' && model !== 'inplace') {
    fail('PLAN_INVALID', `unknown memoryModel ${JSON.stringify(model)}; use "simple" or "inplace"`)
  }
  if (plan.order !== undefined && !Array.isArray(plan.order)) fail('PLAN_INVALID', '"order" must be an array of node names')
  const p = buildProblem(graph, c, plan.order)
  const decisions = decisionsFromPlan(p, plan.assignments)
  const ev = new Evaluator(p, model)
  ev.score(decisions)
  for (let v = 0; v < p.nN; v++) {
    if (decisions[v].kind === 3 && ev.sim.takenKind[v] !== 3) {
      const node = graph.nodes[v]
      fail('PLAN_INVALID', `node "${node.name}" (${node.op}) follows a producer split along an axis it reduces or reshapes ` +
        `over, which is not exact; give it dim "none" or split its producer another way`)
    }
  }
  const out = planFrom(ev, decisions, {
    algo: typeof plan.algo === 'string' ? plan.algo : 'unknown',
    seed: typeof plan.seed === 'number' ? plan.seed : 0,
    warnings: Array.isArray(plan.warnings) ? plan.warnings : [],
    budgetHit: plan.budgetHit,
    generations: plan.generations,
  })
  // keep the caller's assignments verbatim (they are valid); only figures are recomputed
  out.assignments = plan.assignments.map((a) => ({ ...a }))
  return out
}
