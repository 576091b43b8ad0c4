/**
 * Reference searches GenEFlow is measured against at an equal evaluation budget (docs/geneflow.md,
 * "Quality"): simulated annealing and iterated local search over the same genome, the same moves (point,
 * run, chain and boundary mutations of geneflow.ts) and the same fitness (latency plus the violation
 * penalty, latency_ref = the best seed's latency), both started from the best baseline seed.
 *
 * - anneal: one move per step, accepted when not worse or with probability exp(−Δ / T); T falls
 *   geometrically from 5 % to 0.01 % of the start's fitness over the budget (Kirkpatrick et al. 1983).
 * - ils: first-improvement local search (random moves until 2·LS_PATIENCE fail in a row), then a kick
 *   (3 run mutations) from the best so far, accepting the new local optimum when it is not worse
 *   (Lourenço, Martin & Stützle 2003).
 * Budget = distinct genomes evaluated (memoised like GenEFlow's, so repeats are free for all three). The
 * answer is the best genome evaluated: least violation first, then latency — as GenEFlow's. Seeded, pure.
 */

import type { MemoriaGraph } from '../graph/types'
import type { MemoryModel } from '../memory/ops'
import { createRng } from '../random'
import { decode, type Genome } from './baselines/genome'
import { validateCluster, type Cluster } from './cluster'
import { Evaluator, planFrom } from './evaluate'
import { PARTITION_BASELINES } from '../algorithms'
import { baselineGenome } from './partition'
import type { Plan } from './plan'
import { buildProblem } from './problem'
import { chains, memoEvaluator, moveOf, runMutation } from './geneflow'
import type { Decision } from './problem'

export type ReferenceKind = 'anneal' | 'ils'

export interface ReferenceResult {
  genome: Genome
  latencyMs: number
  violationBytes: number
  evaluations: number
}

const PENALTY = 10
const LS_PATIENCE = 40

export function referenceSearch(ev: Evaluator, kind: ReferenceKind, opt: { seed: number; seeds: Genome[]; evaluations: number }): ReferenceResult {
  const { p } = ev
  const rng = createRng(opt.seed)
  const nAll = Uint16Array.from(p.alleles, (a) => a.length)
  const next = chains(ev)
  const decisions: Decision[] = new Array(p.nN)
  let meanLimit = 0
  for (let j = 0; j < p.K; j++) meanLimit += ev.limit[j] / p.K
  let best: Genome = opt.seeds[0]
  let bestLat = Infinity, bestViol = Infinity
  const memo = memoEvaluator(ev, decisions, (g, lat, viol) => {
    if (viol < bestViol || (viol === bestViol && lat < bestLat)) { best = g.slice(); bestLat = lat; bestViol = viol }
  })
  const evalG = memo.evalG
  let latRef = Infinity
  for (const s of opt.seeds) latRef = Math.min(latRef, evalG(s)[0])
  if (!Number.isFinite(latRef) || latRef <= 0) latRef = 1
  const fitness = ([l, v]: [number, number]): number => l + (latRef * PENALTY * v) / Math.max(1, meanLimit)
  // the start: the best seed by fitness
  let cur: Genome = opt.seeds[0].slice()
  let fCur = fitness(evalG(cur))
  for (const s of opt.seeds) { const f = fitness(evalG(s)); if (f < fCur) { cur = s.slice(); fCur = f } }
  const budget = Math.max(memo.evaluations(), opt.evaluations)
  const move = (g: Genome): void => moveOf(rng, g, ev, next, nAll)
  /** budget left (evalG counts the evaluations as it goes) */
  const left = (): boolean => memo.evaluations() < budget

  if (kind === 'anneal') {
    const t0 = 0.05 * fCur, t1 = 1e-4 * fCur
    let stall = 0
    while (left() && stall < 20 * budget) {
      const before = memo.evaluations()
      const cand = cur.slice()
      move(cand)
      const f = fitness(evalG(cand))
      stall = memo.evaluations() === before ? stall + 1 : 0
      const T = t0 * Math.pow(t1 / t0, Math.min(1, memo.evaluations() / budget))
      if (f <= fCur || rng.next() < Math.exp(-(f - fCur) / T)) { cur = cand; fCur = f }
    }
  } else {
    const localSearch = (start: Genome, f: number): [Genome, number] => {
      let g: Genome = start
      let fails = 0, stall = 0
      while (fails < 2 * LS_PATIENCE && left() && stall < 20 * budget) {
        const before = memo.evaluations()
        const cand = g.slice()
        move(cand)
        const fc = fitness(evalG(cand))
        stall = memo.evaluations() === before ? stall + 1 : 0
        if (fc < f) { g = cand; f = fc; fails = 0 } else fails++
      }
      return [g, f]
    }
    ;[cur, fCur] = localSearch(cur, fCur)
    let stall = 0
    while (left() && stall < 1000) {
      const before = memo.evaluations()
      const kick = cur.slice()
      for (let q = 0; q < 3; q++) runMutation(rng, kick, ev)
      const [g, f] = localSearch(kick, fitness(evalG(kick)))
      stall = memo.evaluations() === before ? stall + 1 : 0
      if (f <= fCur) { cur = g; fCur = f }
    }
  }
  return { genome: best, latencyMs: bestLat, violationBytes: bestViol, evaluations: memo.evaluations() }
}

/** A reference search on a graph and cluster, seeded like GenEFlow with every baseline (the bench's entry). */
export function referencePlan(graph: MemoriaGraph, cluster: Cluster | unknown, opt: {
  kind: ReferenceKind; seed: number; evaluations: number; order?: readonly string[]; limits?: readonly number[]; memoryModel?: MemoryModel
}): { plan: Plan; evaluations: number } {
  const c = validateCluster(cluster)
  const p = buildProblem(graph, c, opt.order)
  const ev = new Evaluator(p, opt.memoryModel ?? 'inplace', opt.limits ? Float64Array.from(opt.limits) : undefined)
  const seeds = PARTITION_BASELINES.map((n) => baselineGenome(n, ev))
  const r = referenceSearch(ev, opt.kind, { seed: opt.seed, seeds, evaluations: opt.evaluations })
  return { plan: planFrom(ev, decode(p, r.genome), { algo: opt.kind, seed: opt.seed }), evaluations: r.evaluations }
}
