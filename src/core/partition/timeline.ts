/**
 * The timeline and the per-device memory curves of a plan (core's timeline API; it lived in the partition
 * worker as plan-trace.ts, reading the simulator from outside core), for the plan view (Gantt, memory chart,
 * graph colours) and for any other caller that wants a plan's bars. Every figure comes from core: the plan
 * is re-evaluated with `evaluate` (the figures shown), and the timeline is the simulator's own record of the
 * same event simulation `evaluate` runs (`simulateTimeline`, core's public view of one committed run):
 *
 * - compute: a device's share of a node, from when it started to when it ended, exactly as the simulation
 *   charged it, so the bars' last end is the plan's latency (checked in timeline.test.ts);
 * - medium (network "shared"): every hop's airtime on the one medium, as the simulation took it;
 * - receives: every message the simulation sent, one bar per message on the receiver's download link from
 *   when it started down to when it arrived, exactly as the simulation timed it (the final gather of the
 *   outputs at the source included; its last arrival is the latency);
 * - memory: each device's live activation bytes along its own order (`deviceMemoryCurves`: its shares,
 *   receive and send buffers, in the order BTSearch found for it), plus the weights it holds — the same walk
 *   whose maximum is the plan's `peakBytes`.
 * O(N · K + the walk) per plan. The app runs it in the partition worker; the result is plain data.
 */
import type { MemoriaGraph } from '../graph/types.ts'
import { validateCluster, type Cluster } from './cluster.ts'
import { deviceMemoryCurves, evaluate } from './evaluate.ts'
import { decisionsFromPlan, type Plan } from './plan.ts'
import { buildProblem } from './problem.ts'
import { simulateTimeline } from './sim-timeline.ts'

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

/**
 * Airtime on the shared medium (network "shared"): device `from` uploading to the router (`to` -1) or the
 * router sending to `to` (`from` -1; `to` -2 for a broadcast to several), `startMs`–`endMs`.
 */
export interface MediumBar {
  from: number
  to: number
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
  /** network "shared": every hop's airtime on the one medium, in time order (null on a star) */
  medium: MediumBar[] | null
  /**
   * per device: live activation bytes while each event of its own order runs (index 0: before any), weights
   * excluded; `activationLabels[j][k]` names the event of index k + 1 (a node, "recv T" or "send T")
   */
  activationCurves: number[][]
  activationLabels: string[][]
  /** per device: the weights it holds (constant along the order) */
  weightBytes: number[]
  latencyMs: number
}

export interface PlanDetail {
  /** the plan with every figure recomputed by core's evaluate */
  plan: Plan
  trace: PlanTrace
}

export function tracePlan(graph: MemoriaGraph, clusterIn: Cluster, given: Plan): PlanDetail {
  const plan = evaluate(graph, clusterIn, given)
  const cluster = validateCluster(clusterIn)
  const p = buildProblem(graph, cluster, plan.order)
  const run = simulateTimeline(p, decisionsFromPlan(p, plan.assignments))
  const transfers: TransferBar[] = run.messages.map((m) => ({
    device: m.to, from: m.from, step: m.step, startMs: m.downStartMs, endMs: m.downEndMs, bytes: Math.round(m.bytes),
  }))
  const medium: MediumBar[] | null = run.airtime === null ? null : run.airtime
    .map((a) => ({ from: a.from, to: a.to, step: a.step, startMs: a.startMs, endMs: a.endMs, bytes: Math.round(a.bytes) }))
    .sort((a, b) => a.startMs - b.startMs)
  const curves = deviceMemoryCurves(graph, cluster, plan)
  return {
    plan,
    trace: {
      computeStartMs: run.computeStartMs, computeEndMs: run.computeEndMs, share: run.share, transfers, medium,
      activationCurves: curves.activation, activationLabels: curves.labels,
      weightBytes: run.weightBytes.map(Math.round), latencyMs: run.latencyMs,
    },
  }
}
