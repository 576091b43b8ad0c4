/**
 * Baseline `edgeflow`: EdgeFlow's progressive per-layer partitioning (Hu & Li, "Distributed Inference with
 * Deep Learning Models across Heterogeneous Edge Devices", INFOCOM 2022) with its core step, the split
 * ratios optimised per layer. Nodes are decided one by one in schedule order, given every decision before
 * them (where each input now lies, when each device and link is free). For each dimension the node can be
 * split along, EdgeFlow's linear programme
 *
 *     minimise T  subject to  T ≥ α_j + β_j · s_j  for every device j with s_j > 0,  Σ_j s_j = L,  s_j ≥ 0
 *
 * is solved exactly in whole units (`bottleneckShares`): device j's finish is modelled as affine in its
 * share, with α_j and β_j read off two dry runs of the same simulation `evaluate` uses (device j alone with
 * one unit, and with all L units: its inputs' arrival, its kernel overhead and its rate all enter). The
 * shares are then simulated together and α re-read from the real finishes twice (contention on links or
 * the shared medium the solo runs did not see), keeping the best. The node then takes, among these
 * optimised splits and every allele greedy tries (whole on a device, follow, speed-proportional splits
 * over any device subset), the one that finishes it earliest in a dry run, with weights that fit every
 * device; ties go to fewer bytes sent, then to the earlier candidate. So it is never worse per node than
 * the speed-proportional greedy. An optimised split that is not among the node's alleles is appended to
 * them (GenEFlow, seeded with this plan, can then keep and recombine it). Activation memory is not looked
 * at (it depends on later decisions). Cost: O(N · (alleles + 2 · (2K + 3)) · K² · slots) dry-run work.
 */

import type { Evaluator } from '../evaluate'
import { CHANNEL, SPATIAL, type Decision } from '../problem'
import type { Genome } from './genome'

/** re-solves with α re-read from the simulated finishes */
const REFINE = 2

/**
 * The exact integer solution of min over s (Σ s_j = L, s_j ≥ 0 whole) of max over {j: s_j > 0} of
 * α_j + β_j · s_j, written to `out`; returns that bottleneck. β_j = Infinity excludes device j.
 * The j-th device's k-th unit "costs" α_j + β_j·k (increasing in k), every device's units are a prefix, so
 * the optimum takes the L cheapest units of all devices: first every unit whose cost is at most T*, the
 * continuous water-filling level (Σ max(0, (T* − α_j)/β_j) = L, solved by sorting α), then the cheapest
 * remaining units one at a time (at most K of them). Ties go to the earlier device. O(K log K + K²).
 */
export function bottleneckShares(alpha: ArrayLike<number>, beta: ArrayLike<number>, L: number, out: Int32Array): number {
  const K = out.length
  out.fill(0)
  const idx: number[] = []
  for (let j = 0; j < K; j++) if (Number.isFinite(beta[j]) && beta[j] > 0 && Number.isFinite(alpha[j])) idx.push(j)
  if (idx.length === 0 || L <= 0) return L <= 0 ? 0 : Infinity
  idx.sort((a, b) => alpha[a] - alpha[b] || a - b)
  // water-filling: with the m devices of smallest α active, T = (L + Σ α/β) / Σ 1/β, valid while T ≤ α_next
  let sa = 0, sb = 0, level = 0
  for (let m = 0; m < idx.length; m++) {
    const j = idx[m]
    sa += alpha[j] / beta[j]; sb += 1 / beta[j]
    level = (L + sa) / sb
    if (m + 1 === idx.length || level <= alpha[idx[m + 1]]) break
  }
  let total = 0
  for (const j of idx) {
    const u = level > alpha[j] ? Math.floor((level - alpha[j]) / beta[j]) : 0
    out[j] = Math.max(0, u)
    total += out[j]
  }
  // rounding noise may overshoot by a unit: drop the costliest units first
  while (total > L) {
    let w = -1
    for (const j of idx) if (out[j] > 0 && (w < 0 || alpha[j] + beta[j] * out[j] > alpha[w] + beta[w] * out[w])) w = j
    out[w]--; total--
  }
  while (total < L) {
    let b = -1
    for (let j = 0; j < K; j++) {
      if (!Number.isFinite(beta[j]) || beta[j] <= 0 || !Number.isFinite(alpha[j])) continue
      if (b < 0 || alpha[j] + beta[j] * (out[j] + 1) < alpha[b] + beta[b] * (out[b] + 1)) b = j
    }
    out[b]++; total++
  }
  let T = -Infinity
  for (let j = 0; j < K; j++) if (out[j] > 0) T = Math.max(T, alpha[j] + beta[j] * out[j])
  return T
}

function sameShares(a: Int32Array, b: Int32Array): boolean {
  for (let j = 0; j < a.length; j++) if (a[j] !== b[j]) return false
  return true
}

/**
 * EdgeFlow's ratio step for one node, from the simulation's committed state: α, β per device from two solo
 * dry runs, the exact integer optimum of the linear programme, then REFINE re-solves with α re-read from the
 * devices' simulated finishes together. Returns the best shares found (by the dry run's finish) or null.
 */
export class RatioStep {
  private readonly alpha: Float64Array
  private readonly beta: Float64Array
  private readonly scratch: Int32Array
  private readonly trial: Decision
  constructor(private readonly ev: Evaluator) {
    const K = ev.p.K
    this.alpha = new Float64Array(K); this.beta = new Float64Array(K); this.scratch = new Int32Array(K)
    this.trial = { kind: CHANNEL, device: -1, shares: new Int32Array(K) }
  }

  /** weights of the dry run just made fit every device */
  fits(): boolean {
    const { sim, limit, p } = this.ev
    for (let j = 0; j < p.K; j++) if (sim.stepWeights[j] > limit[j]) return false
    return true
  }

  optimise(v: number, kind: number, L: number): Int32Array | null {
    const { alpha, beta, scratch, trial } = this
    const { sim, p } = this.ev
    const K = p.K
    const tShares = trial.shares as Int32Array
    trial.kind = kind
    for (let j = 0; j < K; j++) {
      tShares.fill(0)
      tShares[j] = 1
      sim.step(v, trial, false)
      const one = sim.stepEnd[j]
      if (!this.fits()) { alpha[j] = Infinity; beta[j] = Infinity; continue }
      tShares[j] = L
      sim.step(v, trial, false)
      const all = sim.stepEnd[j]
      beta[j] = Math.max(1e-12, (all - one) / (L - 1))
      alpha[j] = one - beta[j]
    }
    let best: Int32Array | null = null, bestFinish = Infinity
    for (let r = 0; r <= REFINE; r++) {
      if (!Number.isFinite(bottleneckShares(alpha, beta, L, scratch))) break
      tShares.set(scratch)
      const finish = sim.step(v, trial, false)
      if (finish < bestFinish - 1e-12) { bestFinish = finish; best = scratch.slice() }
      // the devices' real finishes together (links shared with the others) move their α
      for (let j = 0; j < K; j++) if (scratch[j] > 0) alpha[j] = Math.max(alpha[j], sim.stepEnd[j] - beta[j] * scratch[j])
    }
    return best
  }
}

export function edgeflowBaseline(ev: Evaluator): Genome {
  const { p, sim } = ev
  const K = p.K
  const g = new Uint16Array(p.nN)
  const ratio = new RatioStep(ev)
  const fits = (): boolean => ratio.fits()
  const optimise = (v: number, kind: number, L: number): Int32Array | null => ratio.optimise(v, kind, L)

  sim.reset()
  for (let k = 0; k < p.nN; k++) {
    const v = p.order[k]
    const alleles = p.alleles[v]
    const cands: Decision[] = alleles.slice()
    if (K >= 2 && p.staticNode[v] === 0) {
      const spec = p.spec[v]
      for (const kind of [CHANNEL, SPATIAL]) {
        if (!alleles.some((a) => a.kind === kind)) continue
        const L = spec.out[kind === CHANNEL ? spec.chAxis : spec.spAxis]
        if (!(L >= 2)) continue
        const shares = optimise(v, kind, L)
        if (shares !== null) cands.push({ kind, device: -1, shares })
      }
    }
    let best = -1, bestFinish = Infinity, bestBytes = Infinity, bestFits = false
    for (let a = 0; a < cands.length; a++) {
      const finish = sim.step(v, cands[a], false)
      const ok = fits()
      const bytes = sim.stepCommBytes
      const better = ok !== bestFits ? ok
        : finish < bestFinish - 1e-12 || (Math.abs(finish - bestFinish) <= 1e-12 && bytes < bestBytes)
      if (best < 0 || better) { best = a; bestFinish = finish; bestBytes = bytes; bestFits = ok }
    }
    let allele = best
    if (best >= alleles.length) {
      const d = cands[best]
      allele = alleles.findIndex((a) => a.kind === d.kind && a.shares !== null && sameShares(a.shares, d.shares as Int32Array))
      if (allele < 0) { alleles.push(d); allele = alleles.length - 1 }
    }
    g[v] = allele
    sim.step(v, alleles[allele], true)
  }
  return g
}
