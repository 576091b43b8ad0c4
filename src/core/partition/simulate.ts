/**
 * The latency model of docs/cost-model.md as an event simulation along the schedule order.
 *
 * Every node, in order: each device that has a share gathers the regions of the inputs it lacks (from the
 * devices holding them, through the router: up the holder's link, down the receiver's link, link latency per
 * message), then computes its share (kernel overhead + share of the FLOPs / its rate). What lacks where is
 * decided here; each holder's transfer on the network model (`star` links or one `shared` medium) is
 * sim-network.ts's `transfer`, on the resource arrays this class keeps. Devices and links are used in
 * schedule order; compute overlaps with transfers of other data. At the end the graph outputs are gathered at
 * the source.
 * latencyMs = when the last event ends; computeMs = compute time on the critical chain; commMs = the rest.
 * O(Σ_v slots(v) · K²) per plan, typed arrays only, no allocation in the hot loop except small scratch.
 * Invariants: a tensor's layout is set before any consumer runs (order is topological); a device never
 * receives bytes it already holds (its own slice, or a region it received before for another consumer).
 * With `messages` set to an array, a committed run also logs every message with its exact times; scoring
 * leaves it null and pays one branch per message. `sim-timeline.ts` gives the public view of one committed
 * run (compute bars, messages, airtime on a shared medium), so core's plan timeline reads the simulation's own
 * times without reaching into its state.
 */

import { followAxis, needRegion, type Region } from './dims'
import { CHANNEL, FOLLOW, NONE, SPATIAL, type Decision, type Problem } from './problem'
import { transfer, unionLength, type SimAirtime, type SimMessage } from './sim-network'

export type { SimAirtime, SimMessage } from './sim-network'

const UNSET = -2
/** a layout axis: the tensor is held whole by one device */
export const WHOLE = -1
const NO_RECV = -3

export class Sim {
  readonly p: Problem
  readonly K: number
  latencyMs = 0
  computeMs = 0
  commBytes = 0
  // per tensor (× K per device)
  readonly layAxis: Int32Array
  readonly layDev: Int32Array
  readonly layLo: Int32Array
  readonly layHi: Int32Array
  readonly ready: Float64Array
  readonly readyCp: Float64Array
  readonly recvAxis: Int32Array
  readonly recvLo: Int32Array
  readonly recvHi: Int32Array
  readonly recvAt: Float64Array
  readonly recvCp: Float64Array
  /** bytes of each tensor a device holds: its own slice plus what it received (index t·K + j) */
  readonly devBytes: Float64Array
  /** fraction of each weight a device holds (index t·K + j) */
  readonly wFrac: Float64Array
  readonly weightBytes: Float64Array
  /** per node: the decision kind and device taken (FOLLOW that is not exact becomes NONE on a device) */
  readonly takenKind: Int8Array
  readonly takenDev: Int32Array
  // resources: committed state and the scratch copy a step works on
  readonly devFree: Float64Array; readonly devCp: Float64Array
  readonly upFree: Float64Array; readonly upCp: Float64Array
  readonly downFree: Float64Array; readonly downCp: Float64Array
  /** the shared medium (network "shared"): [free at, critical-path compute at that time] */
  readonly medium: Float64Array
  /** the committed resource arrays, and the scratch copy a dry run works on; `act` is the one in use */
  private readonly committed: Float64Array[]
  private readonly w: Float64Array[]
  private act: Float64Array[]
  // scratch per step
  private readonly oLo: Int32Array; private readonly oHi: Int32Array
  private readonly wait: Float64Array; private readonly waitCp: Float64Array
  private readonly nAxis: Int32Array; private readonly nLo: Int32Array; private readonly nHi: Int32Array
  /** per device: when its share of the last step started and ended (0 when it has none) */
  readonly stepStart: Float64Array
  readonly stepEnd: Float64Array
  readonly stepWeights: Float64Array
  stepCommBytes = 0
  /** when an array, committed messages are appended to it (see SimMessage); null while scoring */
  messages: SimMessage[] | null = null
  /** network "shared": when an array, committed airtime on the medium is appended to it (see SimAirtime) */
  airtime: SimAirtime[] | null = null

  constructor(p: Problem) {
    this.p = p
    const K = (this.K = p.K)
    const TK = p.nT * K
    this.layAxis = new Int32Array(p.nT); this.layDev = new Int32Array(p.nT)
    this.layLo = new Int32Array(TK); this.layHi = new Int32Array(TK)
    this.ready = new Float64Array(TK); this.readyCp = new Float64Array(TK)
    this.recvAxis = new Int32Array(TK); this.recvLo = new Int32Array(TK); this.recvHi = new Int32Array(TK)
    this.recvAt = new Float64Array(TK); this.recvCp = new Float64Array(TK)
    this.devBytes = new Float64Array(TK); this.wFrac = new Float64Array(TK)
    this.weightBytes = new Float64Array(K)
    this.takenKind = new Int8Array(p.nN); this.takenDev = new Int32Array(p.nN)
    this.devFree = new Float64Array(K); this.devCp = new Float64Array(K)
    this.upFree = new Float64Array(K); this.upCp = new Float64Array(K)
    this.downFree = new Float64Array(K); this.downCp = new Float64Array(K)
    this.medium = new Float64Array(2)
    this.w = [...Array.from({ length: 6 }, () => new Float64Array(K)), new Float64Array(2)]
    this.committed = [this.devFree, this.devCp, this.upFree, this.upCp, this.downFree, this.downCp, this.medium]
    this.act = this.committed
    this.oLo = new Int32Array(K); this.oHi = new Int32Array(K)
    this.wait = new Float64Array(K); this.waitCp = new Float64Array(K)
    this.nAxis = new Int32Array(K); this.nLo = new Int32Array(K); this.nHi = new Int32Array(K)
    this.stepStart = new Float64Array(K); this.stepEnd = new Float64Array(K); this.stepWeights = new Float64Array(K)
    this.got = new Float64Array(K); this.piece = new Float64Array(K); this.pLo = new Int32Array(K); this.pHi = new Int32Array(K)
    this.reset()
  }

  reset(): void {
    const { p, K } = this
    this.latencyMs = 0; this.computeMs = 0; this.commBytes = 0
    if (this.messages !== null) this.messages.length = 0
    if (this.airtime !== null) this.airtime.length = 0
    this.layAxis.fill(UNSET); this.recvAxis.fill(NO_RECV)
    this.ready.fill(0); this.readyCp.fill(0); this.devBytes.fill(0); this.wFrac.fill(0); this.weightBytes.fill(0)
    for (const a of this.committed) a.fill(0)
    for (let t = 0; t < p.nT; t++) {
      if (p.tGraphIn[t] === 1 && p.tWeight[t] === 0) {
        this.layAxis[t] = WHOLE
        this.layDev[t] = p.src
        this.devBytes[t * K + p.src] = p.tBytes[t]
      }
    }
  }

  /** Runs the whole plan (one decision per node id) and the final gather. */
  run(decisions: readonly Decision[]): void {
    this.reset()
    const { order } = this.p
    for (let k = 0; k < order.length; k++) this.step(order[k], decisions[order[k]], true)
    this.finish(true)
  }

  private activate(commit: boolean): Float64Array[] {
    if (commit) return (this.act = this.committed)
    const w = this.w, c = this.committed
    for (let i = 0; i < 7; i++) { const a = w[i], b = c[i]; for (let j = 0; j < a.length; j++) a[j] = b[j] }
    return (this.act = w)
  }

  /** Fraction of a region of slot k's tensor (its shape is spec.ins[k]). */
  private frac(shape: readonly number[], r: Region): number {
    if (r.hi <= r.lo) return 0
    return r.axis < 0 ? 1 : (r.hi - r.lo) / shape[r.axis]
  }

  /**
   * One node. commit=false is a dry run (greedy's trial): it leaves every committed array untouched and
   * reports the would-be end per device in stepEnd, weights per device in stepWeights, bytes in stepCommBytes.
   * Returns the node's finish time (the last of its devices).
   */
  step(v: number, dec: Decision, commit: boolean): number {
    const { p, K, oLo, oHi } = this
    const spec = p.spec[v]
    if (p.staticNode[v] === 1) {
      // Constant or static shape arithmetic: known before inference, held everywhere like a weight
      if (commit) { this.takenKind[v] = NONE; this.takenDev[v] = dec.device }
      this.stepCommBytes = 0
      this.stepWeights.set(this.weightBytes)
      this.stepEnd.fill(0)
      return 0
    }
    // a commit works on the committed arrays in place; a dry run on a copy (typed-array set() costs more
    // than these few element copies)
    const w = this.activate(commit)
    const devFree = w[0], devCp = w[1]
    this.stepCommBytes = 0
    // 1. the output layout: axis (-1 whole on dev) and intervals
    let axis = WHOLE
    let dev = dec.device
    let kind = dec.kind
    if (kind === CHANNEL || kind === SPATIAL) {
      axis = kind === CHANNEL ? spec.chAxis : spec.spAxis
      const shares = dec.shares as Int32Array
      let acc = 0
      for (let j = 0; j < K; j++) { oLo[j] = acc; acc += shares[j]; oHi[j] = acc }
    } else if (kind === FOLLOW) {
      let lead = -1
      const ins = p.nIn[v]
      for (let k = 0; k < ins.length && lead < 0; k++) if (ins[k] >= 0 && p.tWeight[ins[k]] === 0) lead = k
      const t = ins[lead]
      const la = this.layAxis[t]
      const b = la >= 0 ? followAxis(spec, lead, la) : WHOLE
      if (la === WHOLE) {
        dev = this.layDev[t] // following a whole tensor is exact: the node runs whole where it is
      } else if (b < 0) {
        // not exact: the node runs whole where the largest part of its lead input is
        kind = NONE; dev = 0
        for (let j = 1; j < K; j++) if (this.layHi[t * K + j] - this.layLo[t * K + j] > this.layHi[t * K + dev] - this.layLo[t * K + dev]) dev = j
      } else {
        axis = b
        for (let j = 0; j < K; j++) { oLo[j] = this.layLo[t * K + j]; oHi[j] = this.layHi[t * K + j] }
      }
    }
    if (axis === WHOLE) for (let j = 0; j < K; j++) { oLo[j] = 0; oHi[j] = j === dev ? 1 : 0 }
    const len = axis === WHOLE ? 1 : spec.out[axis]
    // 2. inputs: weights are in place (memory only); activations are fetched where lacking
    const { wait, waitCp } = this
    wait.fill(0); waitCp.fill(0)
    const sw = commit ? this.weightBytes : this.stepWeights
    if (!commit) for (let j = 0; j < K; j++) sw[j] = this.weightBytes[j]
    const ins = p.nIn[v]
    for (let k = 0; k < ins.length; k++) {
      const t = ins[k]
      if (t < 0 || ins.indexOf(t) < k) continue
      const shape = spec.ins[k]
      if (p.tWeight[t] === 1) {
        for (let j = 0; j < K; j++) {
          const f = this.frac(shape, needRegion(spec, k, axis, oLo[j], oHi[j], this.region))
          const had = this.wFrac[t * K + j]
          if (f > had) { sw[j] += (f - had) * p.tBytes[t]; if (commit) this.wFrac[t * K + j] = f }
        }
        continue
      }
      this.fetch(t, k, shape, axis, commit, v)
    }
    // 3. compute
    let finish = 0
    for (let j = 0; j < K; j++) {
      this.stepStart[j] = 0; this.stepEnd[j] = 0
      if (oHi[j] <= oLo[j]) continue
      let start = devFree[j]; let cp = devCp[j]
      if (wait[j] > start) { start = wait[j]; cp = waitCp[j] }
      // a kernel launch per share (kernelOverheadMs), then its share of the FLOPs at the device's rate
      const dur = p.kernelMs[j] + (p.flops[v] * (oHi[j] - oLo[j])) / len / (p.gflops[j] * 1e6)
      devFree[j] = start + dur; devCp[j] = cp + dur
      this.stepStart[j] = start; this.stepEnd[j] = start + dur
      if (start + dur > finish) finish = start + dur
    }
    if (commit) {
      this.takenKind[v] = kind; this.takenDev[v] = axis === WHOLE ? dev : -1
      this.commBytes += this.stepCommBytes
      for (const o of p.nOut[v]) {
        this.layAxis[o] = axis; this.layDev[o] = dev
        for (let j = 0; j < K; j++) {
          const i = o * K + j
          this.layLo[i] = oLo[j]; this.layHi[i] = oHi[j]
          this.ready[i] = devFree[j]; this.readyCp[i] = devCp[j]
          this.devBytes[i] = oHi[j] > oLo[j] ? (p.tBytes[o] * (oHi[j] - oLo[j])) / len : 0
        }
      }
    }
    return finish
  }

  /**
   * Brings to every device j with a share [oLo[j], oHi[j]) of output axis b the region of tensor t (slot k)
   * it needs and lacks; sets wait/waitCp to when it has all of it. b = -1 with one device marked is a whole
   * need; slot k = -1 is the final gather (whole, source only).
   */
  private fetch(t: number, k: number, shape: readonly number[], b: number, commit: boolean, v: number): void {
    const { p, K, oLo, oHi, wait, waitCp, nAxis, nLo, nHi } = this
    const a = this.act
    const shared = p.shared
    const spec = v >= 0 ? p.spec[v] : null
    const la = this.layAxis[t]
    let anyRecv = false
    let cAxis = WHOLE
    for (let j = 0; j < K; j++) {
      nAxis[j] = NO_RECV
      if (oHi[j] <= oLo[j]) continue
      const r = spec === null ? this.wholeRegion : needRegion(spec, k, b, oLo[j], oHi[j], this.region)
      if (r.hi <= r.lo) continue
      const tj = t * K + j
      // own slice: wait until it is produced
      if (this.overlap(t, j, r, shape) > 0 && this.ready[tj] > wait[j]) { wait[j] = this.ready[tj]; waitCp[j] = this.readyCp[tj] }
      const ra = this.recvAxis[tj]
      if (ra !== NO_RECV && (ra === WHOLE || (ra === r.axis && this.recvLo[tj] <= r.lo && r.hi <= this.recvHi[tj]))) {
        if (this.recvAt[tj] > wait[j]) { wait[j] = this.recvAt[tj]; waitCp[j] = this.recvCp[tj] }
        continue
      }
      nAxis[j] = r.axis; nLo[j] = r.lo; nHi[j] = r.hi
      cAxis = r.axis
      anyRecv = true
    }
    if (!anyRecv) return
    const T = p.tBytes[t]
    const lenC = cAxis === WHOLE ? 1 : shape[cAxis]
    const got = this.got
    got.fill(0)
    for (let i = 0; i < K; i++) {
      // holder i's slab
      let sLo = 0, sHi = 0
      if (la === WHOLE) { if (this.layDev[t] !== i) continue; sLo = 0; sHi = 1 } else { sLo = this.layLo[t * K + i]; sHi = this.layHi[t * K + i] }
      if (sHi <= sLo) continue
      const factor = la === WHOLE || la === cAxis ? 1 : (sHi - sLo) / shape[la]
      // pieces: intervals on axis cAxis
      let sum = 0, n = 0
      const pl = this.pLo, ph = this.pHi
      for (let j = 0; j < K; j++) {
        this.piece[j] = 0
        if (j === i || nAxis[j] === NO_RECV) continue
        let lo = nLo[j], hi = nHi[j]
        if (cAxis === WHOLE) { lo = 0; hi = 1 }
        if (la === cAxis && la !== WHOLE) { lo = Math.max(lo, sLo); hi = Math.min(hi, sHi) }
        if (hi <= lo) continue
        const bytes = (T * factor * (hi - lo)) / lenC
        if (bytes <= 0) continue
        this.piece[j] = bytes
        sum += bytes
        pl[n] = lo; ph[n] = hi; n++
      }
      if (n === 0) continue
      const up = p.broadcast ? (T * factor * unionLength(pl, ph, n)) / lenC : sum
      const ti = t * K + i
      this.stepCommBytes += up
      transfer(p, a, t, i, up, this.ready[ti], this.readyCp[ti], this.piece, wait, waitCp, got,
        commit ? this.messages : null, commit && shared ? this.airtime : null)
    }
    if (!commit) return
    for (let j = 0; j < K; j++) {
      if (nAxis[j] === NO_RECV) continue
      const tj = t * K + j
      this.recvAxis[tj] = nAxis[j]; this.recvLo[tj] = nLo[j]; this.recvHi[tj] = nHi[j]
      this.recvAt[tj] = wait[j]; this.recvCp[tj] = waitCp[j]
      this.devBytes[tj] += got[j]
    }
  }
  private readonly region: Region = { axis: WHOLE, lo: 0, hi: 1 }
  private readonly wholeRegion: Region = { axis: WHOLE, lo: 0, hi: 1 }
  // per-device scratch, sized by K in the constructor (a fixed 16 gave NaN peaks from the 17th device on)
  private readonly got: Float64Array
  private readonly piece: Float64Array
  private readonly pLo: Int32Array
  private readonly pHi: Int32Array

  /** Fraction of tensor t that device j holds within region r. */
  private overlap(t: number, j: number, r: Region, shape: readonly number[]): number {
    const la = this.layAxis[t]
    const need = r.axis < 0 ? 1 : (r.hi - r.lo) / shape[r.axis]
    if (la === WHOLE) return this.layDev[t] === j ? need : 0
    const lo = this.layLo[t * this.K + j], hi = this.layHi[t * this.K + j]
    if (hi <= lo) return 0
    if (r.axis === la) return Math.max(0, Math.min(hi, r.hi) - Math.max(lo, r.lo)) / shape[la]
    return need * ((hi - lo) / shape[la])
  }

  /** Gathers every graph output whole at the source; sets latencyMs and computeMs. */
  finish(commit: boolean): void {
    const { p, K, oLo, oHi } = this
    const w = this.activate(commit)
    const devFree = w[0], devCp = w[1]
    this.stepCommBytes = 0
    let end = 0, endCp = 0
    for (let j = 0; j < K; j++) if (devFree[j] > end) { end = devFree[j]; endCp = devCp[j] }
    for (let j = 0; j < K; j++) { oLo[j] = 0; oHi[j] = j === p.src ? 1 : 0 }
    for (let t = 0; t < p.nT; t++) {
      if (p.tGraphOut[t] === 0 || p.tWeight[t] === 1 || this.layAxis[t] === UNSET) continue
      this.wait.fill(0); this.waitCp.fill(0)
      const shape = (p.graph.tensors[t].shape ?? []) as number[]
      this.fetch(t, -1, shape, WHOLE, commit, -1)
      if (this.wait[p.src] > end) { end = this.wait[p.src]; endCp = this.waitCp[p.src] }
    }
    this.latencyMs = end
    this.computeMs = endCp
    if (commit) this.commBytes += this.stepCommBytes
  }
}
