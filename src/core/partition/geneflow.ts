/**
 * GenEFlow: a genetic algorithm over the whole model at once (MemoriaNova, section "GenEFlow";
 * docs/geneflow.md). One gene per node, in schedule order; its allele is the node's decision (whole on a
 * device, follow, channel or spatial over a device subset with shares proportional to speed).
 *
 * Population seeded with every baseline's genome plus random ones; tournament selection (size 3); two-point
 * crossover (keeps runs of consecutive genes); point mutation plus a run mutation (a run of consecutive genes
 * set to one dimension, which is how a region of the model changes layout coherently); elitism. Fitness is
 * latency plus the constraint-violation penalty: latency_ref × PENALTY × violationBytes / mean device limit,
 * so an infeasible plan is penalised by how far it exceeds memory and the search can cross infeasible plans.
 * The answer is the best plan ever evaluated: feasible first (lowest latency), else least violation — so it
 * is never worse than any seed. Convergence: stop when the best fitness improved by < 0.1 % over the last
 * `patience` (80) generations (`converged`), or after `generations`, or when the evaluation budget
 * (`maxEvaluations`, a safety net, sets budgetHit) is spent. Every budget counts generations or evaluations,
 * never wall time, so a seed gives the same plan on any machine, however loaded.
 * Cost per generation: population × one evaluation (O(Σ slots · K² + K(T + N))), memoised by genome.
 */

import { fail } from '../errors'
import { createRng, type Rng } from '../random'
import { decode, type Genome } from './baselines/genome'
import type { Evaluator } from './evaluate'
import type { Decision } from './problem'

export interface GeneflowProgress {
  generation: number
  bestLatencyMs: number
  meanLatencyMs: number
  bestViolationBytes: number
  evaluations: number
  /**
   * The best genome (a copy), only in the first report after the best plan changed, else null: the app
   * redraws the plan as generations improve without a copy per generation.
   */
  bestGenome: Genome | null
}

export interface GeneflowOptions {
  seed: number
  /** maximum generations (the budget); default 300 */
  generations?: number
  population?: number
  /** generations without ≥ tolerance relative improvement before stopping; default 80 */
  patience?: number
  tolerance?: number
  /** safety net: stop before a generation once this many plans were evaluated; default 60,000 */
  maxEvaluations?: number
  onProgress?: (p: GeneflowProgress) => void
  isCancelled?: () => boolean
  /** genomes to seed the population with (the baselines) */
  seeds: Genome[]
}

export interface GeneflowResult {
  genome: Genome
  latencyMs: number
  violationBytes: number
  generations: number
  evaluations: number
  /** the evaluation budget stopped the search */
  budgetHit: boolean
  /** the best fitness improved by less than the tolerance over the last `patience` generations */
  converged: boolean
  cancelled: boolean
  /** index of the seed the answer came from when no offspring beat the seeds, else -1 */
  fromSeed: number
}

/** convergence window (generations) and relative improvement */
export const DEFAULT_PATIENCE = 80
/** the evaluation budget: above what 300 generations of 48 take (≤ 46 children + 64 memetic trials each) */
export const DEFAULT_MAX_EVALUATIONS = 60_000
const PENALTY = 10
const LS_GENES = 8
const LS_ALLELES = 8
const LS_MOVES = 16

/** Runs GenEFlow to the end (the CLI, the bench, the minimum-memory search). */
export function geneflow(ev: Evaluator, opt: GeneflowOptions): GeneflowResult {
  const steps = geneflowSteps(ev, opt)
  for (;;) {
    const r = steps.next()
    if (r.done) return r.value
  }
}

/**
 * GenEFlow as a generator: yields each generation's progress (also given to `onProgress`) and returns the
 * result. A caller may pause between generations (the app's worker reads its messages there); the search
 * and its random stream do not depend on when or whether it pauses, so the same seed gives the same plan.
 * Genomes passed to `next()` are migrants (island model, islands.ts): they replace the population's worst
 * individuals before the next generation (ties: the later index), deterministically.
 */
export function* geneflowSteps(ev: Evaluator, opt: GeneflowOptions): Generator<GeneflowProgress, GeneflowResult, Genome[] | undefined> {
  const { p } = ev
  const N = p.nN
  const rng = createRng(opt.seed)
  const popSize = Math.max(8, opt.population ?? 48)
  const maxGen = opt.generations ?? 300
  const patience = opt.patience ?? DEFAULT_PATIENCE
  const tolerance = opt.tolerance ?? 0.001
  const maxEvaluations = opt.maxEvaluations ?? DEFAULT_MAX_EVALUATIONS
  const nAll = Uint16Array.from(p.alleles, (a) => a.length)
  const decisions: Decision[] = new Array(N)
  const chainNext = chains(ev)
  // genes with a choice (Constant and static nodes have one allele): where the memetic step looks
  const mutable = Int32Array.from(Array.from(p.order).filter((v) => nAll[v] >= 2))
  let meanLimit = 0
  for (let j = 0; j < p.K; j++) meanLimit += ev.limit[j] / p.K

  // memoised evaluation: genome → [latency, violation]
  const memo = memoEvaluator(ev, decisions)
  const evalG = memo.evalG

  // best ever: feasible by latency, else least violation then latency
  let best: Genome = opt.seeds[0] ?? randomGenome(rng, nAll)
  let bestLat = Infinity, bestViol = Infinity, fromSeed = -1
  let improved = false
  const consider = (g: Genome, lat: number, viol: number, seedIndex: number): void => {
    if (viol < bestViol || (viol === bestViol && lat < bestLat)) {
      best = g; bestLat = lat; bestViol = viol; fromSeed = seedIndex; improved = true
    }
  }

  let pop: Genome[] = []
  opt.seeds.forEach((s, i) => {
    if (pop.length < popSize) pop.push(s.slice())
    const [l, v] = evalG(s)
    consider(s, l, v, i)
  })
  while (pop.length < popSize) pop.push(randomGenome(rng, nAll))
  let latRef = Infinity
  for (const g of pop) latRef = Math.min(latRef, evalG(g)[0])
  if (!Number.isFinite(latRef) || latRef <= 0) latRef = 1
  const fitness = (lat: number, viol: number): number => lat + (latRef * PENALTY * viol) / Math.max(1, meanLimit)

  /**
   * Memetic step on the generation's best: LS_GENES random genes, each tried with every other allele when it
   * has at most LS_ALLELES of them, else with LS_ALLELES random ones; improvements are kept. Costs at most
   * LS_GENES × LS_ALLELES evaluations per generation.
   */
  const localSearch = (): void => {
    let bi = 0
    for (let i = 1; i < popSize; i++) if (fit[i] < fit[bi]) bi = i
    const g = pop[bi].slice()
    let f = fit[bi], fl = lats[bi]
    for (let t = 0; t < LS_GENES && mutable.length > 0; t++) {
      const v = mutable[rng.int(mutable.length)]
      const nA = nAll[v]
      if (nA < 2) continue
      let keep = g[v]
      const cur = keep
      // every other allele when few, else LS_ALLELES random ones
      const tries = nA - 1 <= LS_ALLELES ? nA - 1 : LS_ALLELES
      for (let q = 0; q < tries; q++) {
        const a = nA - 1 <= LS_ALLELES ? (cur + 1 + q) % nA : rng.int(nA)
        if (a === keep) continue
        g[v] = a
        const [l, vi] = evalG(g)
        const ff = fitness(l, vi)
        if (ff < f) { f = ff; fl = l; keep = a; consider(g.slice(), l, vi, -1) }
      }
      g[v] = keep
    }
    // then LS_MOVES structured moves (a run, a chain, a boundary or a point), first improvement: the moves
    // that change a whole region at once, which single-gene steps cannot reach through worse plans
    for (let t = 0; t < LS_MOVES; t++) {
      const cand = g.slice()
      moveOf(rng, cand, ev, chainNext, nAll)
      const [l, vi] = evalG(cand)
      const ff = fitness(l, vi)
      if (ff < f) { f = ff; fl = l; g.set(cand); consider(cand, l, vi, -1) }
    }
    pop[bi] = g
    fit[bi] = f; lats[bi] = fl
  }

  // per member of pop: latency and fitness, kept in step with pop so the generation's report
  // reads them instead of evaluating every genome again (a full cache would re-score them all)
  let lats: number[] = []
  const scorePop = (): number[] => {
    lats = new Array<number>(popSize)
    return pop.map((g, i) => { const [l, v] = evalG(g); lats[i] = l; consider(g, l, v, -1); return fitness(l, v) })
  }
  let fit = scorePop()
  let history: number[] = []
  let gen = 0, budgetHit = false, cancelled = false, converged = false
  const elite = 2
  const mutRate = Math.min(0.2, 1.5 / Math.max(1, N))
  while (gen < maxGen) {
    if (opt.isCancelled?.()) { cancelled = true; break }
    if (memo.evaluations() >= maxEvaluations) { budgetHit = true; break }
    gen++
    const idx = pop.map((_, i) => i).sort((a, b) => fit[a] - fit[b] || a - b)
    const next: Genome[] = idx.slice(0, elite).map((i) => pop[i])
    const pick = (): Genome => {
      let w = rng.int(popSize)
      for (let k = 1; k < 3; k++) { const c = rng.int(popSize); if (fit[c] < fit[w]) w = c }
      return pop[w]
    }
    while (next.length < popSize) {
      const a = pick(), b = pick()
      const child = a.slice()
      if (rng.next() < 0.9) {
        // two-point crossover over the schedule order: a run of consecutive genes comes from b
        let x = rng.int(N + 1), y = rng.int(N + 1)
        if (x > y) [x, y] = [y, x]
        for (let k = x; k < y; k++) child[p.order[k]] = b[p.order[k]]
      }
      for (let k = 0; k < N; k++) if (rng.next() < mutRate) { const v = p.order[k]; child[v] = rng.int(nAll[v]) }
      const m = rng.next()
      if (m < 0.2) runMutation(rng, child, ev)
      else if (m < 0.4) chainMutation(rng, child, ev, chainNext)
      else if (m < 0.5) boundaryMutation(rng, child, ev)
      next.push(child)
    }
    pop = next
    fit = scorePop()
    localSearch()
    let bestFit = Infinity, sumLat = 0
    for (let i = 0; i < popSize; i++) {
      sumLat += lats[i]
      if (fit[i] < bestFit) bestFit = fit[i]
    }
    const report: GeneflowProgress = {
      generation: gen, bestLatencyMs: bestLat, meanLatencyMs: sumLat / popSize, bestViolationBytes: bestViol, evaluations: memo.evaluations(),
      bestGenome: improved ? best.slice() : null,
    }
    improved = false
    opt.onProgress?.(report)
    const migrants = yield report
    if (migrants && migrants.length > 0) {
      const worst = pop.map((_, i) => i).sort((a, b) => fit[b] - fit[a] || b - a)
      migrants.slice(0, popSize - elite).forEach((m, q) => {
        const i = worst[q]
        const [l, v] = evalG(m)
        consider(m.slice(), l, v, -1)
        pop[i] = m.slice()
        fit[i] = fitness(l, v); lats[i] = l
      })
    }
    history.push(bestFit)
    if (history.length > patience) {
      const old = history[history.length - 1 - patience]
      if (old - bestFit < tolerance * old) { converged = true; break }
      history = history.slice(-patience - 1)
    }
  }
  if (!Number.isFinite(bestLat)) fail('INTERNAL', 'GenEFlow evaluated no plan')
  return { genome: best, latencyMs: bestLat, violationBytes: bestViol, generations: gen, evaluations: memo.evaluations(), budgetHit, converged, cancelled, fromSeed }
}

function randomGenome(rng: Rng, nAll: Uint16Array): Genome {
  return Uint16Array.from(nAll, (n) => rng.int(n))
}

/** Sets a run of 1–16 consecutive genes (schedule order) to one kind of decision where each node has it. */
export function runMutation(rng: Rng, g: Genome, ev: Evaluator): void {
  const { p } = ev
  const N = p.nN
  const start = rng.int(N)
  const len = 1 + rng.int(16)
  // the template: a random allele of the first node of the run, matched by kind (and device / mask) downstream
  const v0 = p.order[start]
  const tmpl = p.alleles[v0][rng.int(p.alleles[v0].length)]
  for (let k = start; k < Math.min(N, start + len); k++) setLike(g, ev, p.order[k], tmpl)
}

/**
 * Moves a boundary: a run of 1–16 genes (schedule order) takes the decision of the gene just before it (or
 * just after it), as when a pipeline stage or a region split one way grows into its neighbour.
 */
export function boundaryMutation(rng: Rng, g: Genome, ev: Evaluator): void {
  const { p } = ev
  const N = p.nN
  if (N < 2) return
  const len = 1 + rng.int(16)
  const forward = rng.next() < 0.5
  const start = forward ? 1 + rng.int(N - 1) : rng.int(N - 1)
  const from = p.order[forward ? start - 1 : start + 1]
  const tmpl = p.alleles[from][g[from]]
  for (let n = 0, k = start; n < len && k >= 0 && k < N; n++, k += forward ? 1 : -1) setLike(g, ev, p.order[k], tmpl)
}

/**
 * For each node, the next node of its chain (its only consumer, when that consumer reads no other
 * activation), else -1: the branches of inception blocks and the straight runs of a backbone.
 */
export function chains(ev: Evaluator): Int32Array {
  const { p } = ev
  const consumers: number[][] = Array.from({ length: p.nT }, () => [])
  for (let v = 0; v < p.nN; v++) for (const t of new Set(p.nIn[v])) if (t >= 0 && p.tWeight[t] === 0) consumers[t].push(v)
  const next = new Int32Array(p.nN).fill(-1)
  for (let v = 0; v < p.nN; v++) {
    const outs = Array.from(p.nOut[v]).filter((t) => p.tWeight[t] === 0)
    if (outs.length !== 1 || consumers[outs[0]].length !== 1 || p.tGraphOut[outs[0]] === 1) continue
    const w = consumers[outs[0]][0]
    const acts = new Set(Array.from(p.nIn[w]).filter((t) => t >= 0 && p.tWeight[t] === 0))
    if (acts.size === 1) next[v] = w
  }
  return next
}

/** Sets a whole chain (from a random node along `next`) to one kind of decision where each node has it. */
export function chainMutation(rng: Rng, g: Genome, ev: Evaluator, next: Int32Array): void {
  const { p } = ev
  const v0 = p.order[rng.int(p.nN)]
  const tmpl = p.alleles[v0][rng.int(p.alleles[v0].length)]
  for (let v = v0, n = 0; v >= 0 && n < 64; v = next[v], n++) setLike(g, ev, v, tmpl)
}

function setLike(g: Genome, ev: Evaluator, v: number, tmpl: Decision): void {
  const al = ev.p.alleles[v]
  let a = al.findIndex((x) => x.kind === tmpl.kind && x.device === tmpl.device && (x.shares === null) === (tmpl.shares === null) &&
    (x.shares === null || sameMask(x.shares, tmpl.shares as Int32Array)))
  if (a < 0) a = al.findIndex((x) => x.kind === 3) // follow where the template's dim is not available
  if (a >= 0) g[v] = a
}

function sameMask(a: Int32Array, b: Int32Array): boolean {
  for (let j = 0; j < a.length; j++) if ((a[j] > 0) !== (b[j] > 0)) return false
  return true
}

/** One random move: a point mutation (half the time), else a run, chain or boundary mutation. */
export function moveOf(rng: Rng, g: Genome, ev: Evaluator, next: Int32Array, nAll: Uint16Array): void {
  const r = rng.next()
  if (r < 0.5) { const v = rng.int(g.length); g[v] = rng.int(nAll[v]) }
  else if (r < 0.7) runMutation(rng, g, ev)
  else if (r < 0.85) chainMutation(rng, g, ev, next)
  else boundaryMutation(rng, g, ev)
}

/**
 * Genome → [latency, violation bytes], memoised (up to 50,000 genomes) and counted: GenEFlow and the reference
 * searches spend the same evaluation budget this way. `onNew` sees each genome scored for the first time.
 */
export function memoEvaluator(ev: Evaluator, decisions: Decision[], onNew?: (g: Genome, latencyMs: number, violationBytes: number) => void): {
  evalG: (g: Genome) => [number, number]
  evaluations: () => number
} {
  const cache = new Map<string, [number, number]>()
  let evaluations = 0
  const evalG = (g: Genome): [number, number] => {
    // a typed array is a valid argument list: no array copy per evaluation
    const key = String.fromCharCode.apply(null, g as unknown as number[])
    const hit = cache.get(key)
    if (hit) return hit
    evaluations++
    const lat = ev.score(decode(ev.p, g, decisions))
    const r: [number, number] = [lat, ev.violationBytes]
    if (cache.size < 50_000) cache.set(key, r)
    onNew?.(g, lat, r[1])
    return r
  }
  return { evalG, evaluations: () => evaluations }
}
