/**
 * Per-device memory of a plan (docs/cost-model.md, "Memory per device").
 *
 * `DeviceSchedules` (the rule): each device's activation peak along its own order — BTSearch on the
 * device's subgraph (device-graph.ts: its shares, receive buffers from arrival to last local use, send
 * buffers until the send, cross-device precedence of the simulated timeline), proven optimal or the best
 * within `DEVICE_STATES` states (flagged unproven), started from the schedule order restricted to the
 * device, so never above it. Results are cached by the device graph's signature (FIFO, `CACHE_MAX`), so a
 * search that keeps meeting the same device subgraph pays for it once. For fitness only the violation
 * matters: `bound` walks the restricted schedule order (an upper bound on the optimum, exact for feasibility
 * when it fits), and the search runs only for devices that do not fit by it.
 *
 * `DeviceMemory` (the old rule, kept for one release and labelled "old, global order"): every device's
 * buffers follow the global schedule order's liveness (the shared walk with per-device sizes). O(K(N + E)).
 */

import type { MemoryModel } from '../memory/ops'
import { BtSearch } from '../memory/btsearch'
import type { IndexedGraph } from '../memory/indexed'
import { createWalker, walkBytes, type Walker } from '../memory/walk'
import { signature, toIndexed, walkView, type DeviceGraph } from './device-graph'
import type { Problem } from './problem'

export type { MemoryModel }

/** per-device BTSearch budget (states): proven on most device subgraphs, else the best found, flagged */
export const DEVICE_STATES = 20_000
/** device results kept (first in, first out) */
const CACHE_MAX = 4096

export interface DeviceResult {
  /** activation peak along `order` */
  activationBytes: number
  /** the device's events in its own order (local event ids of its DeviceGraph) */
  order: Int32Array
  /** proven optimal for the device subgraph */
  optimal: boolean
}

export class DeviceSchedules {
  private readonly cache = new Map<string, DeviceResult>()
  searches = 0
  hits = 0
  private identity = new Int32Array(0)
  constructor(private readonly p: Problem, private readonly model: MemoryModel, private readonly maxStates = DEVICE_STATES) {}

  /** The peak along the schedule order restricted to the device (event ids 0..n−1): an upper bound. */
  bound(g: DeviceGraph): number {
    const ig = walkView(g)
    if (this.identity.length < ig.nNodes) this.identity = Int32Array.from({ length: 2 * ig.nNodes }, (_, e) => e)
    return Math.round(createWalker(ig).run(this.identity.subarray(0, ig.nNodes), this.model))
  }

  /** BTSearch on the device graph (its causal edges added), cached by signature. */
  search(g: DeviceGraph): DeviceResult {
    const key = signature(g)
    const hit = this.cache.get(key)
    if (hit) { this.hits++; return hit }
    this.searches++
    const ig = toIndexed(this.p, g)
    const bt = new BtSearch(ig, this.model, { maxStates: this.maxStates, incumbent: ig.topo })
    while (!bt.step(1 << 16)) { /* until done or out of states */ }
    const r = bt.result()
    const res: DeviceResult = { activationBytes: Math.round(r.peakBytes), order: r.order, optimal: r.optimal }
    if (this.cache.size >= CACHE_MAX) this.cache.delete(this.cache.keys().next().value as string)
    this.cache.set(key, res)
    return res
  }

  /** The curve along the device's own order: bytes while each event runs (index 0 = before any). */
  curve(g: DeviceGraph, order: Int32Array): Float64Array {
    const ig: IndexedGraph = toIndexed(this.p, g)
    return walkBytes(ig, order, this.model).duringBytes
  }
}

export class DeviceMemory {
  private readonly walker: Walker
  private readonly scratch: Float64Array
  constructor(private readonly p: Problem, private readonly model: MemoryModel) {
    this.walker = createWalker(p.ig)
    this.scratch = new Float64Array(p.nT)
  }

  /** Activation peak of each device along the global order; devBytes is indexed t·K + j (Sim.devBytes). */
  peaks(devBytes: Float64Array, out: Float64Array): Float64Array {
    const { p, scratch } = this
    const K = p.K
    for (let j = 0; j < K; j++) {
      for (let t = 0; t < p.nT; t++) scratch[t] = devBytes[t * K + j]
      out[j] = Math.round(this.walker.run(p.order, this.model, scratch))
    }
    return out
  }

  /** The one-device curve (full sizes): live bytes while each step runs, step 0 = graph inputs. */
  fullCurve(): Float64Array {
    return walkBytes(this.p.ig, this.p.order, this.model, undefined, this.walker).duringBytes
  }
}
