/**
 * The plan of docs/spec.md section 4: one assignment per node, the order, and the figures `evaluate` computes.
 *
 * `decisionsFromPlan` is the public boundary for plans (from a file or the app): it checks every assignment
 * against the graph and the cluster and throws PLAN_INVALID saying which node and what to do.
 * `assignmentsFrom` writes decisions back as assignments (in schedule order). O(N · K).
 */

import { fail, fmtInt, quoteName, shownValue } from '../errors'
import { listSample } from '../graph/declared'
import { canFollow } from './dims'
import type { MemoryModel } from './device-memory'
import { CHANNEL, FOLLOW, NONE, SPATIAL, type Decision, type Problem } from './problem'

export type Dim = 'none' | 'channel' | 'spatial' | 'follow'

export interface Assignment {
  node: string
  dim: Dim
  /** channel / spatial: whole units of the split axis per device, in `devices` order */
  shares?: number[]
  /** none: the device running the whole node */
  device?: string
}

export interface DeviceFigures {
  name: string
  /** weightBytes + activationPeakBytes: the device's memory along its own order (docs/plan-format.md) */
  peakBytes: number
  weightBytes: number
  activationPeakBytes: number
  /** the old figure, for one release: weights + activations with liveness along the global order */
  globalOrderPeakBytes?: number
  /** the nodes the device computes, in its own order (BTSearch on its subgraph) */
  order?: string[]
  /** the device's order is proven optimal for its subgraph (else the best within the per-device budget) */
  optimal?: boolean
}

export interface Plan {
  algo: string
  model: string
  memoryModel: MemoryModel
  symbols: Record<string, number>
  seed: number
  order: string[]
  assignments: Assignment[]
  latencyMs: number
  computeMs: number
  commMs: number
  feasible: boolean
  violationBytes: number
  devices: DeviceFigures[]
  warnings: string[]
  /** only when "global": the plan's memory figures follow the old global-order rule (docs/plan-format.md) */
  memoryRule?: 'device' | 'global'
  /** GenEFlow: the evaluation budget (a safety net) cut the search */
  budgetHit?: boolean
  /** GenEFlow: generations run */
  generations?: number
  /** GenEFlow: it stopped because it converged (< 0.1 % better over `patience` generations), not on a budget */
  converged?: boolean
}

export const ALGOS = ['geneflow', 'greedy', 'channel', 'spatial', 'pipeline', 'single', 'edgeflow'] as const
export type Algo = (typeof ALGOS)[number]

function bad(message: string): never {
  return fail('PLAN_INVALID', message)
}

/** Checks the assignments of a plan against the problem and returns one decision per node id. */
export function decisionsFromPlan(p: Problem, assignments: readonly Assignment[]): Decision[] {
  if (!Array.isArray(assignments)) bad('the plan has no "assignments" array; give one assignment per node')
  const index = new Map<string, number>()
  p.graph.nodes.forEach((v, i) => index.set(v.name, i))
  const out: (Decision | undefined)[] = new Array(p.nN)
  const devIndex = new Map<string, number>()
  p.cluster.devices.forEach((d, j) => devIndex.set(d.name, j))
  for (const a of assignments) {
    const v = typeof a?.node === 'string' ? index.get(a.node) : undefined
    if (v === undefined) bad(`assignment for ${shownValue(a?.node)}: no such node in the graph; use the graph's node names`)
    if (out[v] !== undefined) bad(`node ${quoteName(a.node)} has two assignments; give exactly one per node`)
    const spec = p.spec[v]
    const where = `node ${quoteName(a.node)} (${p.graph.nodes[v].op})`
    if (a.dim === 'none') {
      const d = typeof a.device === 'string' ? devIndex.get(a.device) : undefined
      if (d === undefined) {
        bad(`${where}: dim "none" needs "device", got ${shownValue(a.device)}; set it to one of ${listSample(p.cluster.devices.map((x) => quoteName(x.name)))}`)
      }
      out[v] = { kind: NONE, device: d, shares: null }
    } else if (a.dim === 'channel' || a.dim === 'spatial') {
      const axis = a.dim === 'channel' ? spec.chAxis : spec.spAxis
      if (axis < 0) bad(`${where} cannot be split by ${a.dim}; use "none"${canFollow(spec) ? ' or "follow"' : ''}`)
      const len = spec.out[axis]
      const s = a.shares
      if (!Array.isArray(s) || s.length !== p.K || s.some((x) => !Number.isInteger(x) || x < 0)) {
        bad(`${where}: "shares" must be ${p.K} non-negative whole numbers (one per device, in devices order)`)
      }
      const sum = s.reduce((x, y) => x + y, 0)
      if (sum !== len) bad(`${where}: shares sum to ${sum} but its ${a.dim} axis has ${len} units; make them add up to ${len}`)
      out[v] = { kind: a.dim === 'channel' ? CHANNEL : SPATIAL, device: -1, shares: Int32Array.from(s) }
    } else if (a.dim === 'follow') {
      const hasAct = Array.from(p.nIn[v]).some((t) => t >= 0 && p.tWeight[t] === 0)
      if (!canFollow(spec) || !hasAct) bad(`${where} cannot follow its producer's layout exactly; use "none", "channel" or "spatial"`)
      out[v] = { kind: FOLLOW, device: -1, shares: null }
    } else {
      bad(`${where}: unknown dim ${shownValue(a.dim)}; use "none", "channel", "spatial" or "follow"`)
    }
  }
  const missing = p.graph.nodes.filter((_, i) => out[i] === undefined).map((v) => v.name)
  if (missing.length > 0) bad(`no assignment for ${listSample(missing.map((n) => quoteName(n)))}; give every node one (the graph has ${fmtInt(p.nN)} nodes)`)
  return out as Decision[]
}

/** Assignments in schedule order; `taken` replaces a follow that was not exact by the none it ran as. */
export function assignmentsFrom(p: Problem, decisions: readonly Decision[], takenKind: Int8Array, takenDev: Int32Array): Assignment[] {
  const names = p.cluster.devices.map((d) => d.name)
  return Array.from(p.order, (v): Assignment => {
    const d = decisions[v]
    const node = p.graph.nodes[v].name
    if (d.kind === NONE || (d.kind === FOLLOW && takenKind[v] === NONE)) {
      return { node, dim: 'none', device: names[d.kind === NONE ? d.device : takenDev[v]] }
    }
    if (d.kind === FOLLOW) return { node, dim: 'follow' }
    return { node, dim: d.kind === CHANNEL ? 'channel' : 'spatial', shares: Array.from(d.shares as Int32Array) }
  })
}
