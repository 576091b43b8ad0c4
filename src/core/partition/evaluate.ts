/**
 * Every figure of a plan, recomputed from scratch: latency (simulate.ts), per-device memory along each
 * device's own order (device-graph.ts, device-memory.ts), feasibility and violation. `Evaluator` is the fast
 * path every algorithm scores candidates with; `evaluate` is the public entry the CLI and the app use on any
 * plan. Both run the same code, so a plan's own figures always equal `evaluate`'s (property-tested).
 * Scoring (`full` false) needs only the violation: a device whose restricted schedule order fits its limit
 * fits (BTSearch's order is never above it), so BTSearch (cached) runs only for the devices that do not;
 * `full` runs it for every device and leaves the orders. O(Σ slots · K² + K · (T + N)) per plan plus the
 * device searches missed by the cache.
 */

import type { MemoriaGraph } from '../graph/types'
import { validateCluster, type Cluster } from './cluster'
import { deviceGraphs, eventLabel, EV_COMPUTE, logSimulation, newSimLog, type DeviceGraphs, type SimLog } from './device-graph'
import { DeviceMemory, DeviceSchedules, type MemoryModel } from './device-memory'
import { assignmentsFrom, decisionsFromPlan, type DeviceFigures, type Plan } from './plan'
import { buildProblem, type Decision, type Problem } from './problem'
import { Sim } from './simulate'
import { fail, quoteName, shownValue } from '../errors'
import { copyTable } from '../names'

/**
 * Which per-device memory decides feasibility: `device` (each device's own order, the rule) or `global`
 * (the old rule: liveness along the global schedule order; kept for one release to show beside it).
 */
export type MemoryRule = 'device' | 'global'

export class Evaluator {
  readonly p: Problem
  readonly model: MemoryModel
  readonly rule: MemoryRule
  readonly sim: Sim
  readonly memory: DeviceMemory
  /** the global-order walk under `simple`: the scoring certificate (inplace models only) */
  private readonly simpleMemory: DeviceMemory
  private readonly certificate: Float64Array
  readonly schedules: DeviceSchedules
  readonly log: SimLog
  /** per device: activation peak under the rule (after a `full` score; while scoring, a bound where it fits) */
  readonly activation: Float64Array
  readonly peak: Float64Array
  /** per device: the old figure, activation peak with global-order liveness */
  readonly globalActivation: Float64Array
  /** after a `full` score: each device's graph, own order (event ids) and whether it is proven optimal */
  graphs: DeviceGraphs | null = null
  readonly orders: Int32Array[]
  readonly optimal: boolean[]
  /** per-device limits used for feasibility; the cluster's memory unless min-memory search overrides it */
  readonly limit: Float64Array
  latencyMs = 0
  violationBytes = 0
  evaluations = 0

  constructor(p: Problem, model: MemoryModel, limit?: Float64Array, rule: MemoryRule = 'device', schedules?: DeviceSchedules) {
    this.p = p
    this.model = model
    this.rule = rule
    this.sim = new Sim(p)
    this.memory = new DeviceMemory(p, model)
    this.simpleMemory = new DeviceMemory(p, 'simple')
    this.certificate = new Float64Array(p.K)
    this.schedules = schedules ?? new DeviceSchedules(p, model)
    this.log = newSimLog(p)
    this.activation = new Float64Array(p.K)
    this.globalActivation = new Float64Array(p.K)
    this.peak = new Float64Array(p.K)
    this.orders = Array.from({ length: p.K }, () => new Int32Array(0))
    this.optimal = new Array<boolean>(p.K).fill(false)
    this.limit = limit ?? Float64Array.from(p.memBytes)
  }

  /**
   * Scores a plan; returns latencyMs and leaves violationBytes set. With `full`, every device's figures,
   * own order and optimality too (else a device that fits may carry its bound instead of its optimum).
   */
  score(decisions: readonly Decision[], full = false): number {
    const { sim, p } = this
    this.evaluations++
    sim.run(decisions)
    this.memory.peaks(sim.devBytes, this.globalActivation)
    this.graphs = null
    let violation = 0
    if (this.rule === 'global') this.activation.set(this.globalActivation)
    else {
      // a certificate first: a device's own-order peak never exceeds its global-order peak under `simple`
      // (docs/cost-model.md), so a device that fits by it needs no device graph while scoring
      const cert = this.model === 'simple' ? this.globalActivation : this.simpleMemory.peaks(sim.devBytes, this.certificate)
      let dg: DeviceGraphs | null = null
      for (let j = 0; j < p.K; j++) {
        const w = Math.round(sim.weightBytes[j])
        if (!full && cert[j] + w <= this.limit[j]) { this.activation[j] = cert[j]; continue }
        if (dg === null) {
          logSimulation(sim, decisions, this.log) // the same run again, with its messages
          dg = deviceGraphs(p, sim, this.log, this.model)
        }
        const g = dg.graphs[j]
        const bound = full ? Infinity : this.schedules.bound(g)
        if (bound + w <= this.limit[j]) { this.activation[j] = bound; continue }
        dg.addCausal()
        const r = this.schedules.search(g)
        this.activation[j] = r.activationBytes
        this.orders[j] = r.order
        this.optimal[j] = r.optimal
      }
      if (full) this.graphs = dg
    }
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
  converged?: boolean
}

/** The plan of a set of decisions, with figures from the evaluator (which it re-runs). */
export function planFrom(ev: Evaluator, decisions: readonly Decision[], meta: PlanMeta): Plan {
  const { p } = ev
  ev.score(decisions, true)
  const sim = ev.sim
  // a time that is not a number is a bug of the simulation (a shape it could not follow): say so, never 0 ms
  if (!Number.isFinite(sim.latencyMs)) fail('INTERNAL', `the simulation of ${quoteName(p.graph.name)} gave a latency of ${sim.latencyMs}; please report it with the model`)
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
    devices: p.cluster.devices.map((d, j) => {
      const w = Math.round(sim.weightBytes[j])
      const fig: DeviceFigures = {
        name: d.name,
        peakBytes: ev.peak[j],
        weightBytes: w,
        activationPeakBytes: ev.activation[j],
        globalOrderPeakBytes: w + ev.globalActivation[j],
      }
      const g = ev.graphs?.graphs[j]
      if (g) {
        fig.order = Array.from(ev.orders[j]).filter((e) => g.kind[e] === EV_COMPUTE).map((e) => eventLabel(p, g, e))
        fig.optimal = ev.optimal[j]
      }
      return fig
    }),
    warnings: [...(meta.warnings ?? [])],
  }
  if (ev.rule === 'global') plan.memoryRule = 'global'
  if (meta.budgetHit !== undefined) plan.budgetHit = meta.budgetHit
  if (meta.generations !== undefined) plan.generations = meta.generations
  if (meta.converged !== undefined) plan.converged = meta.converged
  return plan
}

/**
 * Recomputes every figure of `plan` from scratch and returns the plan with its own figures (algo, seed,
 * warnings and GenEFlow's bookkeeping carried over). Throws CLUSTER_INVALID / PLAN_INVALID on bad input.
 */
export function evaluate(graph: MemoriaGraph, cluster: Cluster | unknown, plan: Plan): Plan {
  const c = validateCluster(cluster)
  if (typeof plan !== 'object' || plan === null) fail('PLAN_INVALID', `the plan is ${shownValue(plan)}, not a JSON object; give an object with "assignments", as \`partition --json\` writes it (docs/spec.md section 4)`)
  const model = plan.memoryModel ?? 'inplace'
  if (model !== 'simple' && model !== 'inplace') {
    fail('PLAN_INVALID', `unknown memoryModel ${shownValue(model)}; use "simple" or "inplace", or leave it out for "inplace"`)
  }
  if (plan.order !== undefined && !Array.isArray(plan.order)) fail('PLAN_INVALID', `"order" is ${shownValue(plan.order)}, not an array; give the node names in the order they run, or leave "order" out to use the graph's own order`)
  const p = buildProblem(graph, c, plan.order)
  const decisions = decisionsFromPlan(p, plan.assignments)
  const rule = plan.memoryRule ?? 'device'
  if (rule !== 'device' && rule !== 'global') fail('PLAN_INVALID', `unknown memoryRule ${shownValue(rule)}; use "device" or "global", or leave it out for "device"`)
  const ev = new Evaluator(p, model, undefined, rule)
  ev.score(decisions)
  for (let v = 0; v < p.nN; v++) {
    if (decisions[v].kind === 3 && ev.sim.takenKind[v] !== 3) {
      const node = graph.nodes[v]
      fail('PLAN_INVALID', `node ${quoteName(node.name)} (${node.op}) follows a producer split along an axis it reduces or reshapes ` +
        `over, which is not exact; give it dim "none" or split its producer another way`)
    }
  }
  const out = planFrom(ev, decisions, {
    algo: typeof plan.algo === 'string' ? plan.algo : 'unknown',
    seed: typeof plan.seed === 'number' ? plan.seed : 0,
    warnings: Array.isArray(plan.warnings) ? plan.warnings : [],
    budgetHit: plan.budgetHit,
    generations: plan.generations,
    converged: plan.converged,
  })
  // keep the caller's assignments verbatim (they are valid); only figures are recomputed
  out.assignments = plan.assignments.map((a) => ({ ...a }))
  return out
}

/** Each device's memory curve along its own order (the plan view's chart), from a plan `evaluate` accepts. */
export interface DeviceCurves {
  /** per device: live activation bytes while each of its events runs (index 0: before any), weights excluded */
  activation: number[][]
  /** per device: the label of each event of its order (node name, or "recv T" / "send T"); index k ↔ curve k + 1 */
  labels: string[][]
}

export function deviceMemoryCurves(graph: MemoriaGraph, cluster: Cluster | unknown, plan: Plan): DeviceCurves {
  const c = validateCluster(cluster)
  const p = buildProblem(graph, c, plan.order)
  const ev = new Evaluator(p, plan.memoryModel ?? 'inplace', undefined, plan.memoryRule ?? 'device')
  ev.score(decisionsFromPlan(p, plan.assignments), true)
  const dg = ev.graphs
  if (dg === null) {
    // the old rule: the global order on every device
    return { activation: Array.from({ length: p.K }, () => []), labels: Array.from({ length: p.K }, () => []) }
  }
  return {
    activation: dg.graphs.map((g, j) => Array.from(ev.schedules.curve(g, ev.orders[j]), Math.round)),
    labels: dg.graphs.map((g, j) => Array.from(ev.orders[j], (e) => eventLabel(p, g, e))),
  }
}
