/**
 * The timeline and the per-device memory curves of a plan (core's timeline API; it lived in the partition
 * worker as plan-trace.ts, reading the simulator from outside core), for the plan view (Gantt, memory chart,
 * graph colours) and for any other caller that wants a plan's bars. Every figure comes from core: the plan is re-evaluated with `evaluate` (the figures shown), and
 * the timeline replays the same event simulation `evaluate` runs (core's `Sim`, node by node through its
 * public `step` / `finish`), reading what each step committed:
 *
 * - compute: a device's share of a node ends at `stepEnd[j]` and lasts share × FLOPs / rate, exactly as the
 *   simulation charges it, so the bars' last end is the plan's latency (checked in timeline.test.ts);
 * - receives: every message the simulation sent (core's `Sim.messages`), one bar per message on the
 *   receiver's download link from when it started down to when it arrived, exactly as the simulation timed
 *   it (the final gather of the outputs at the source included; its last arrival is the latency);
 * - memory: each device's live activation bytes along the order, by the shared walk with the device's own
 *   tensor sizes (its slices and receive buffers), plus the weights it holds — the same walk whose maximum
 *   is the plan's `peakBytes`.
 * O(N · K + the walk) per plan. The app runs it in the partition worker; the result is plain data.
 */
import type { MemoriaGraph } from '../graph/types.ts'
import { walkBytes } from '../memory/walk.ts'
import { validateCluster, type Cluster } from './cluster.ts'
import { evaluate } from './evaluate.ts'
import { decisionsFromPlan, type Plan } from './plan.ts'
import { buildProblem } from './problem.ts'
import { Sim, type SimMessage } from './simulate.ts'

/**
 * A receive: `device` downloaded `bytes` sent by device `from` for the node at `step` (index in `order`; -1:
 * the final gather), on its link from `startMs` to `endMs` (arrival), as core's simulation timed it.
 */
export interface TransferBar {
  device: number
  from: number
  step: number
  startMs: number
  endMs: number
  bytes: number
}

export interface PlanTrace {
  /** per step k (order[k]) and device j at index k·K + j: compute start/end in ms, -1 when j has no share */
  computeStartMs: number[]
  computeEndMs: number[]
  /** per step and device (k·K + j): the fraction of the node's output the device computes (0..1) */
  share: number[]
  transfers: TransferBar[]
  /** per device: live activation bytes while each step runs (index 0: the graph inputs), weights excluded */
  activationCurves: number[][]
  /** per device: the weights it holds (constant along the order) */
  weightBytes: number[]
  latencyMs: number
}

export interface PlanDetail {
  /** the plan with every figure recomputed by core's evaluate */
  plan: Plan
  trace: PlanTrace
}

const UNSET = -2
const WHOLE = -1

export function tracePlan(graph: MemoriaGraph, clusterIn: Cluster, given: Plan): PlanDetail {
  const plan = evaluate(graph, clusterIn, given)
  const cluster = validateCluster(clusterIn)
  const p = buildProblem(graph, cluster, plan.order)
  const decisions = decisionsFromPlan(p, plan.assignments)
  const { K } = p
  const N = p.order.length
  const sim = new Sim(p)
  sim.reset()
  const computeStartMs = new Array<number>(N * K).fill(-1)
  const computeEndMs = new Array<number>(N * K).fill(-1)
  const share = new Array<number>(N * K).fill(0)
  const transfers: TransferBar[] = []
  const messages: SimMessage[] = []
  sim.messages = messages
  /** the messages a step sent become its bars */
  const receives = (step: number, run: () => void): void => {
    const from = messages.length
    run()
    for (let i = from; i < messages.length; i++) {
      const m = messages[i]
      transfers.push({ device: m.to, from: m.from, step, startMs: m.downStartMs, endMs: m.downEndMs, bytes: Math.round(m.bytes) })
    }
  }

  for (let k = 0; k < N; k++) {
    const v = p.order[k]
    receives(k, () => sim.step(v, decisions[v], true))
    const o = p.nOut[v][0]
    if (o === undefined || sim.layAxis[o] === UNSET || p.staticNode[v] === 1) continue
    const axis = sim.layAxis[o]
    const len = axis === WHOLE ? 1 : p.spec[v].out[axis]
    for (let j = 0; j < K; j++) {
      const units = sim.layHi[o * K + j] - sim.layLo[o * K + j]
      if (units <= 0) continue
      const f = units / len
      const end = sim.stepEnd[j]
      share[k * K + j] = f
      computeEndMs[k * K + j] = end
      computeStartMs[k * K + j] = end - (p.flops[v] * f) / (p.gflops[j] * 1e6)
    }
  }
  receives(-1, () => sim.finish(true))
  sim.messages = null

  const scratch = new Float64Array(p.nT)
  const activationCurves: number[][] = []
  for (let j = 0; j < K; j++) {
    for (let t = 0; t < p.nT; t++) scratch[t] = sim.devBytes[t * K + j]
    activationCurves.push(Array.from(walkBytes(p.ig, p.order, plan.memoryModel, scratch).duringBytes, Math.round))
  }
  return {
    plan,
    trace: {
      computeStartMs, computeEndMs, share, transfers, activationCurves,
      weightBytes: Array.from(sim.weightBytes, Math.round),
      latencyMs: sim.latencyMs,
    },
  }
}
