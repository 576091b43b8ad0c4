/**
 * Minimum memory: the smallest per-device limit at which an algorithm finds a feasible plan, and a cheap
 * lower bound shown at once (docs/geneflow.md, "Minimum memory").
 *
 * Limits are `scale × ratio_j` (ratio all 1: a uniform limit). `minimumMemory` bisects the scale to 1 MiB
 * with a fixed seed: channel and spatial do not depend on the limits, so their minimum is read off one plan
 * (max_j peak_j / ratio_j); the others are re-run at each probe, O(log2(range / 1 MiB)) runs. Feasibility of
 * a search is not guaranteed monotone in the limit; bisection reports the smallest scale at which a plan it
 * found fits (a feasible plan's own scale, max_j peak_j / ratio_j, is often below the probe that found it).
 *
 * `memoryLowerBound` (O(N · alleles · K)) holds for every plan the algorithms can build (their alleles):
 * the source holds the graph inputs at step 0 and the largest graph output at the end; all the weights are
 * held somewhere (Σ_j limit_j ≥ weights); and while node v runs, the device with a share holds its weights
 * share plus the larger of its largest needed input and its output slice — minimised over v's alleles
 * (follow: the lead input's share is at least 1/K of it; a split: also over any shares, EdgeFlow's, as
 * ⌈len/K⌉ units at the first position over the largest ratio), maximised over nodes.
 */

import type { MemoriaGraph } from '../graph/types'
import { validateCluster, type Cluster } from './cluster'
import { needRegion, type Region } from './dims'
import { partitionWithStats, type PartitionOptions } from './partition'
import type { Plan } from './plan'
import { buildProblem, CHANNEL, FOLLOW, NONE, SPATIAL } from './problem'
import { fail } from '../errors'

const MiB = 1 << 20

export interface MinMemoryOptions extends Omit<PartitionOptions, 'limits'> {
  /** limit of device j = scale × ratio[j]; default all 1 */
  ratio?: readonly number[]
  resolutionBytes?: number
}

export interface MinMemoryResult {
  algo: string
  /** the smallest scale found feasible (bytes for ratio 1), null when none up to the search's ceiling */
  scaleBytes: number | null
  lowerBoundBytes: number
  /** algorithm runs the bisection made */
  runs: number
}

function ratios(cluster: Cluster, ratio?: readonly number[]): number[] {
  const r = ratio ?? cluster.devices.map(() => 1)
  if (r.length !== cluster.devices.length || r.some((x) => !(x > 0))) {
    fail('ARG_INVALID', `ratio needs ${cluster.devices.length} positive numbers, one per device`)
  }
  return [...r]
}

export function memoryLowerBound(graph: MemoriaGraph, cluster: Cluster | unknown, opts: { ratio?: readonly number[]; order?: readonly string[] } = {}): number {
  const c = validateCluster(cluster)
  const r = ratios(c, opts.ratio)
  const p = buildProblem(graph, c, opts.order)
  const K = p.K
  let bound = 0
  let inputs = 0, maxOut = 0, weights = 0
  for (let t = 0; t < p.nT; t++) {
    if (p.tWeight[t]) continue
    if (p.tGraphIn[t]) inputs += p.tBytes[t]
    if (p.tGraphOut[t]) maxOut = Math.max(maxOut, p.tBytes[t])
  }
  const used = new Uint8Array(p.nT)
  for (let v = 0; v < p.nN; v++) for (const t of p.nIn[v]) if (t >= 0 && p.tWeight[t] && !used[t]) { used[t] = 1; weights += p.tBytes[t] }
  bound = Math.max(inputs / r[p.src], maxOut / r[p.src], weights / r.reduce((a, b) => a + b, 0))
  const reg: Region = { axis: -1, lo: 0, hi: 1 }
  const maxRatio = Math.max(...r)
  for (let v = 0; v < p.nN; v++) {
    const spec = p.spec[v]
    let outBytes = 0
    for (const o of p.nOut[v]) if (!p.tWeight[o]) outBytes += p.tBytes[o]
    let best = Infinity
    for (const a of p.alleles[v]) {
      let worst = 0
      if (a.kind === FOLLOW) {
        let maxIn = 0
        for (const t of p.nIn[v]) if (t >= 0 && !p.tWeight[t]) maxIn = Math.max(maxIn, p.tBytes[t])
        worst = Math.max(maxIn, outBytes) / K / maxRatio
      } else {
        const axis = a.kind === CHANNEL ? spec.chAxis : a.kind === SPATIAL ? spec.spAxis : -1
        const len = axis < 0 ? 1 : spec.out[axis]
        let lo = 0
        for (let j = 0; j < K; j++) {
          const share = a.kind === NONE ? (j === a.device ? 1 : 0) : (a.shares as Int32Array)[j]
          const hi = lo + share
          if (share > 0) {
            let w = 0, maxIn = 0
            p.nIn[v].forEach((t, k) => {
              if (t < 0) return
              needRegion(spec, k, axis, lo, hi, reg)
              const f = reg.hi <= reg.lo ? 0 : reg.axis < 0 ? 1 : (reg.hi - reg.lo) / spec.ins[k][reg.axis]
              if (p.tWeight[t]) w += f * p.tBytes[t]
              else maxIn = Math.max(maxIn, f * p.tBytes[t])
            })
            worst = Math.max(worst, (w + Math.max(maxIn, (outBytes * share) / len)) / r[j])
          }
          lo = hi
        }
        // EdgeFlow (and GenEFlow after it) may use any shares, not only these: some device then has at least
        // ⌈len/K⌉ units; its weights share and needed input are counted at the first position (where the
        // halo is clipped), over the largest ratio
        if (a.kind === CHANNEL || a.kind === SPATIAL) {
          const s = Math.ceil(len / K)
          let w = 0, maxIn = 0
          p.nIn[v].forEach((t, k) => {
            if (t < 0) return
            needRegion(spec, k, axis, 0, s, reg)
            const f = reg.hi <= reg.lo ? 0 : reg.axis < 0 ? 1 : (reg.hi - reg.lo) / spec.ins[k][reg.axis]
            if (p.tWeight[t]) w += f * p.tBytes[t]
            else maxIn = Math.max(maxIn, f * p.tBytes[t])
          })
          worst = Math.min(worst, (w + Math.max(maxIn, (outBytes * s) / len)) / maxRatio)
        }
      }
      best = Math.min(best, worst)
    }
    if (Number.isFinite(best)) bound = Math.max(bound, best)
  }
  return Math.floor(bound)
}

export function minimumMemory(graph: MemoriaGraph, cluster: Cluster | unknown, opts: MinMemoryOptions = {}): MinMemoryResult {
  const c = validateCluster(cluster)
  const r = ratios(c, opts.ratio)
  const algo = opts.algo ?? 'geneflow'
  const step = opts.resolutionBytes ?? MiB
  const lowerBoundBytes = memoryLowerBound(graph, c, { ratio: r, order: opts.order })
  let runs = 0
  const run = (scale: number) => {
    runs++
    return partitionWithStats(graph, c, { ...opts, limits: r.map((x) => scale * x) }).plan
  }
  if (algo === 'channel' || algo === 'spatial') {
    const plan = run(1)
    const scale = Math.max(...plan.devices.map((d, j) => d.peakBytes / r[j]))
    return { algo, scaleBytes: Math.ceil(scale), lowerBoundBytes, runs }
  }
  // a ceiling where the whole model fits on any one device: weights + the one-device activation peak
  const probe = run(Number.MAX_SAFE_INTEGER / 4)
  const total = probe.devices.reduce((s, d) => s + d.weightBytes, 0) + Math.max(...probe.devices.map((d) => d.activationPeakBytes))
  // a feasible plan fits every scale down to its own (max_j peak_j / ratio_j), which is often well below the
  // probe that found it: the bisection goes on from there (sound whatever the search does at other probes)
  const own = (plan: Plan): number => Math.ceil(Math.max(...plan.devices.map((d, j) => d.peakBytes / r[j])))
  let hi = Math.max(lowerBoundBytes + step, Math.ceil(total / Math.min(...r)))
  let ok = false
  for (let k = 0; k < 6 && !ok; k++) {
    const plan = run(hi)
    ok = plan.feasible
    if (ok) hi = Math.min(hi, own(plan))
    else hi *= 2
  }
  if (!ok) return { algo, scaleBytes: null, lowerBoundBytes, runs }
  let lo = Math.max(0, lowerBoundBytes - 1)
  while (hi - lo > step) {
    const mid = Math.floor((lo + hi) / 2)
    const plan = run(mid)
    if (plan.feasible) hi = Math.min(mid, own(plan))
    else lo = mid
  }
  return { algo, scaleBytes: hi, lowerBoundBytes, runs }
}
