/**
 * Baseline `pipeline`: the schedule order cut into at most K contiguous stages, each whole on its own
 * device, chosen by dynamic programming — optimal for the chain of stages under the stage cost below
 * (then the plan is evaluated exactly like any other).
 *
 * Stage cost of nodes [s, e) on device d after device d' (docs/cost-model.md, "pipeline"): compute
 * Σ flops / gflops_d, plus sending the cut — every activation produced before s (or a graph input) and
 * consumed at or after s — from d' up and down (both latencies, both bandwidths); the first stage receives
 * the input from the source unless it is the source, the last stage sends the outputs back. Its memory is
 * its weights plus the one-device activation curve's maximum over [s, e]; the excess over device memory is
 * minimised first, latency second (pairs compared lexicographically, both additive, so the DP is exact for
 * this cost). C ≤ 256 candidate cut positions (all of them up to 256 nodes, else the 256 with the smallest cuts).
 *
 * Up to EXACT_UP_TO devices the DP is over (cut position, used-device set, last device): every subset and
 * order of devices, O(C² · 2^K · K²). Beyond, the set makes it exponential (vgg13 on 16 devices took 48 s and
 * 780 MB), so the devices take a fixed order — the source first (the input is there), then by compute rate,
 * fastest first (ties in cluster order) — and stage i runs on the i-th of them, the pipeline ending after any
 * stage: the classic contiguous chain partition onto a processor chain (Bokhari 1988; the linear-array
 * mapping of Hansen & Lih 1992), a DP over (cut position, stage), O(C² · K) time and O(C · K + C²) memory.
 */

import type { Evaluator } from '../evaluate'
import { noneAllele } from '../problem'
import type { Genome } from './genome'

const MAX_CUTS = 256
/** clusters up to this size get the exact DP over device subsets (2^8 sets: well under a second) */
export const EXACT_UP_TO = 8

export function pipelineBaseline(ev: Evaluator): Genome {
  const { p } = ev
  const N = p.nN, K = p.K
  // prefix sums along the order
  const flopsPre = new Float64Array(N + 1)
  const wPre = new Float64Array(N + 1)
  const seenW = new Uint8Array(p.nT)
  for (let k = 0; k < N; k++) {
    const v = p.order[k]
    flopsPre[k + 1] = flopsPre[k] + p.flops[v]
    let w = 0
    for (const t of p.nIn[v]) if (t >= 0 && p.tWeight[t] === 1 && !seenW[t]) { seenW[t] = 1; w += p.tBytes[t] }
    wPre[k + 1] = wPre[k] + w
  }
  // cut[s]: bytes of activations produced at a position < s (or graph inputs) and consumed at ≥ s
  const lastUse = new Int32Array(p.nT).fill(-1)
  for (let k = 0; k < N; k++) for (const t of p.nIn[p.order[k]]) if (t >= 0) lastUse[t] = k
  const cut = new Float64Array(N + 1)
  const diff = new Float64Array(N + 2)
  for (let t = 0; t < p.nT; t++) {
    if (p.tWeight[t] === 1) continue
    const born = p.tProducer[t] >= 0 ? p.pos[p.tProducer[t]] : p.tGraphIn[t] ? -1 : -2
    if (born < -1 || lastUse[t] <= born) continue
    diff[born + 1] += p.tBytes[t] // crosses every s with born < s ≤ lastUse
    diff[lastUse[t] + 1] -= p.tBytes[t]
  }
  for (let s = 0, c = 0; s <= N; s++) { c += diff[s]; cut[s] = c }
  const curve = ev.memory.fullCurve() // curve[q]: step q (node at position q-1 running)
  let outBytes = 0
  let inBytes = 0
  for (let t = 0; t < p.nT; t++) {
    if (p.tWeight[t]) continue
    if (p.tGraphOut[t]) outBytes += p.tBytes[t]
    if (p.tGraphIn[t]) inBytes += p.tBytes[t]
  }

  let cuts = Array.from({ length: Math.max(0, N - 1) }, (_, i) => i + 1)
  if (cuts.length > MAX_CUTS) cuts = cuts.sort((a, b) => cut[a] - cut[b] || a - b).slice(0, MAX_CUTS).sort((a, b) => a - b)
  const pts = [0, ...cuts, N]
  const C = pts.length
  const send = (bytes: number, a: number, b: number): number =>
    a === b ? 0 : p.latMs[a] + p.latMs[b] + (bytes * 8) / (p.bwMbps[a] * 1e3) + (bytes * 8) / (p.bwMbps[b] * 1e3)
  // act[a·C + b]: the largest value of the one-device curve over steps (pts[a], pts[b]] (a running maximum)
  const act = new Float64Array(C * C)
  for (let a = 0; a < C - 1; a++) {
    let m = 0
    for (let b = a + 1; b < C; b++) {
      for (let q = pts[b - 1] + 1; q <= pts[b]; q++) if (curve[q] > m) m = curve[q]
      act[a * C + b] = m
    }
  }
  const st: Stages = { N, K, C, pts, cut, inBytes, outBytes, send,
    viol: (a, b, d) => Math.max(0, wPre[pts[b]] - wPre[pts[a]] + act[a * C + b] - ev.limit[d]),
    lat: (a, b, d) => (flopsPre[pts[b]] - flopsPre[pts[a]]) / (p.gflops[d] * 1e6) }
  const stageOf = K <= EXACT_UP_TO ? exactStages(ev, st) : chainStages(ev, st)
  const g = new Uint16Array(N)
  for (const [s, e, d] of stageOf) for (let k = s; k < e; k++) g[p.order[k]] = noneAllele(p, p.order[k], d)
  return g
}

/** What both DPs read: the candidate cuts and the cost of any stage (start cut, end cut, device). */
interface Stages {
  N: number
  K: number
  C: number
  pts: number[]
  /** bytes crossing position s */
  cut: Float64Array
  inBytes: number
  outBytes: number
  send: (bytes: number, a: number, b: number) => number
  viol: (a: number, b: number, d: number) => number
  lat: (a: number, b: number, d: number) => number
}

/** Every subset and order of devices (K ≤ EXACT_UP_TO); returns the stages as [start, end, device]. */
function exactStages(ev: Evaluator, st: Stages): [number, number, number][] {
  const { p } = ev
  const { K, C, pts, cut, inBytes, outBytes, send } = st
  const sViol = new Float64Array(C * C * K)
  const sLat = new Float64Array(C * C * K)
  for (let a = 0; a < C - 1; a++) {
    for (let b = a + 1; b < C; b++) {
      for (let d = 0; d < K; d++) {
        sViol[(a * C + b) * K + d] = st.viol(a, b, d)
        sLat[(a * C + b) * K + d] = st.lat(a, b, d)
      }
    }
  }
  const M = 1 << K
  const size = C * M * K
  const viol = new Float64Array(size).fill(Infinity)
  const lat = new Float64Array(size).fill(Infinity)
  const from = new Int32Array(size).fill(-1)
  const at = (c: number, m: number, d: number): number => (c * M + m) * K + d
  const better = (v1: number, l1: number, i: number): boolean => v1 < viol[i] || (v1 === viol[i] && l1 < lat[i] - 1e-12)
  for (let e = 1; e < C; e++) {
    for (let d = 0; d < K; d++) {
      const v0 = sViol[e * K + d], l0 = sLat[e * K + d]
      const i = at(e, 1 << d, d)
      const l = l0 + send(inBytes, p.src, d)
      if (better(v0, l, i)) { viol[i] = v0; lat[i] = l; from[i] = -2 }
    }
  }
  for (let s = 1; s < C - 1; s++) {
    for (let m = 1; m < M; m++) {
      for (let dp = 0; dp < K; dp++) {
        const i0 = at(s, m, dp)
        if (viol[i0] === Infinity) continue
        for (let d = 0; d < K; d++) {
          if ((m >> d) & 1) continue
          const hop = send(cut[pts[s]], dp, d)
          for (let e = s + 1; e < C; e++) {
            const v1 = sViol[(s * C + e) * K + d], l1 = sLat[(s * C + e) * K + d]
            const i = at(e, m | (1 << d), d)
            if (better(viol[i0] + v1, lat[i0] + hop + l1, i)) { viol[i] = viol[i0] + v1; lat[i] = lat[i0] + hop + l1; from[i] = i0 }
          }
        }
      }
    }
  }
  let best = -1
  for (let m = 1; m < M; m++) {
    for (let d = 0; d < K; d++) {
      const i = at(C - 1, m, d)
      if (viol[i] === Infinity) continue
      const l = lat[i] + send(outBytes, d, p.src)
      if (best < 0 || viol[i] < viol[best] || (viol[i] === viol[best] && l < lat[best] + send(outBytes, best % K, p.src) - 1e-12)) best = i
    }
  }
  const out: [number, number, number][] = []
  for (let i = best; i >= 0;) {
    const d = i % K
    const e = pts[Math.floor(i / (M * K))]
    const prev = from[i]
    const s = prev >= 0 ? pts[Math.floor(prev / (M * K))] : 0
    out.push([s, e, d])
    i = prev
  }
  return out
}

/**
 * Devices in a fixed order (the source, then fastest first), stage i on the i-th, ending after any stage:
 * best[i·C + e] = the least (excess, latency) with stage i ending at cut e. O(C² · K).
 */
function chainStages(ev: Evaluator, st: Stages): [number, number, number][] {
  const { p } = ev
  const { K, C, cut, outBytes, send } = st
  const ord = [p.src, ...Array.from({ length: K }, (_, j) => j).filter((j) => j !== p.src).sort((a, b) => p.gflops[b] - p.gflops[a] || a - b)]
  const viol = new Float64Array(K * C).fill(Infinity)
  const lat = new Float64Array(K * C).fill(Infinity)
  const from = new Int32Array(K * C).fill(-1)
  const better = (v1: number, l1: number, i: number): boolean => v1 < viol[i] || (v1 === viol[i] && l1 < lat[i] - 1e-12)
  // the first stage is on the source: the input is already there
  for (let e = 1; e < C; e++) { viol[e] = st.viol(0, e, ord[0]); lat[e] = st.lat(0, e, ord[0]) }
  for (let i = 1; i < K; i++) {
    const d = ord[i], dp = ord[i - 1]
    for (let s = 1; s < C - 1; s++) {
      const i0 = (i - 1) * C + s
      if (viol[i0] === Infinity) continue
      const hop = send(cut[st.pts[s]], dp, d)
      for (let e = s + 1; e < C; e++) {
        const v1 = viol[i0] + st.viol(s, e, d), l1 = lat[i0] + hop + st.lat(s, e, d)
        const at = i * C + e
        if (better(v1, l1, at)) { viol[at] = v1; lat[at] = l1; from[at] = i0 }
      }
    }
  }
  let best = -1
  let bestLat = Infinity
  for (let i = 0; i < K; i++) {
    const at = i * C + (C - 1)
    if (viol[at] === Infinity) continue
    const l = lat[at] + send(outBytes, ord[i], p.src)
    if (best < 0 || viol[at] < viol[best] || (viol[at] === viol[best] && l < bestLat - 1e-12)) { best = at; bestLat = l }
  }
  const out: [number, number, number][] = []
  for (let at = best; at >= 0; at = from[at]) {
    const i = Math.floor(at / C), e = at % C
    const prev = from[at]
    out.push([prev >= 0 ? st.pts[prev % C] : 0, st.pts[e], ord[i]])
  }
  return out
}
