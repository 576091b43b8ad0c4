/**
 * GenEFlow's island model (docs/geneflow.md, "Islands"): `islands` independent GenEFlow runs, each with its
 * own seed (island i: seed + 7919·i, so one island is plain GenEFlow) and the same baseline seeds, stepped in
 * lockstep, one generation each per round. Every `migrateEvery` generations each island sends a copy of its
 * best genome to the next one in a ring; it replaces the receiver's worst individual (geneflow.ts takes
 * migrants through `next()`). Migration happens only at those fixed generations and in island order, so the
 * result depends only on the seed — not on how the islands would be spread over workers or how fast each
 * runs. An island that has converged stops; the others go on (it still sends its final best).
 * The answer is the best over the islands (least violation, then latency; ties: the lower island).
 * Cost: the sum of the islands' evaluations; run in parallel, the busiest island's. `onProgress` gets one
 * report per round: the best over the islands, the mean of their means, and the busiest island's evaluations
 * (what a parallel run would have spent by then); no genome.
 * Runs here in one thread: this is what bench/islands.bench.ts measures before any worker is spent on it.
 */

import type { Genome } from './baselines/genome'
import type { Evaluator } from './evaluate'
import { geneflowSteps, type GeneflowOptions, type GeneflowProgress, type GeneflowResult } from './geneflow'

export interface IslandOptions extends GeneflowOptions {
  /** number of islands (≥ 1) */
  islands: number
  /** generations between migrations; default 10 */
  migrateEvery?: number
}

export interface IslandResult extends GeneflowResult {
  /** the island the answer came from */
  island: number
  /** per island: generations run and evaluations made (run in parallel, the largest is the wall time) */
  perIsland: { generations: number; evaluations: number }[]
}

export function geneflowIslands(ev: Evaluator, opt: IslandOptions): IslandResult {
  const I = Math.max(1, Math.floor(opt.islands))
  const every = Math.max(1, opt.migrateEvery ?? 10)
  const runs = Array.from({ length: I }, (_, i) => geneflowSteps(ev, { ...opt, seed: opt.seed + 7919 * i, onProgress: undefined }))
  const best: (Genome | null)[] = new Array(I).fill(null)
  const results: (GeneflowResult | null)[] = new Array(I).fill(null)
  const inbox: (Genome[] | undefined)[] = new Array(I).fill(undefined)
  const last: (GeneflowProgress | null)[] = new Array(I).fill(null)
  let generation = 0
  while (results.some((r) => r === null)) {
    generation++
    let stepped = false
    for (let i = 0; i < I; i++) {
      if (results[i] !== null) continue
      const step = runs[i].next(inbox[i])
      inbox[i] = undefined
      if (step.done) {
        results[i] = step.value
        best[i] = step.value.genome
      } else {
        stepped = true
        last[i] = step.value
        if (step.value.bestGenome) best[i] = step.value.bestGenome
      }
    }
    if (opt.onProgress && stepped) {
      const seen = last.filter((x): x is GeneflowProgress => x !== null)
      let b = seen[0]
      for (const x of seen) if (x.bestViolationBytes < b.bestViolationBytes || (x.bestViolationBytes === b.bestViolationBytes && x.bestLatencyMs < b.bestLatencyMs)) b = x
      opt.onProgress({
        generation, bestLatencyMs: b.bestLatencyMs, bestViolationBytes: b.bestViolationBytes, bestGenome: null,
        meanLatencyMs: seen.reduce((s, x) => s + x.meanLatencyMs, 0) / seen.length,
        evaluations: Math.max(...seen.map((x) => x.evaluations)),
      })
    }
    if (I > 1 && generation % every === 0) {
      for (let i = 0; i < I; i++) {
        const from = best[(i - 1 + I) % I]
        if (results[i] === null && from !== null) inbox[i] = [from.slice()]
      }
    }
  }
  const done = results as GeneflowResult[]
  let k = 0
  for (let i = 1; i < I; i++) {
    const a = done[i], b = done[k]
    if (a.violationBytes < b.violationBytes || (a.violationBytes === b.violationBytes && a.latencyMs < b.latencyMs)) k = i
  }
  return {
    ...done[k],
    island: k,
    generations: Math.max(...done.map((r) => r.generations)),
    evaluations: done.reduce((s, r) => s + r.evaluations, 0),
    budgetHit: done.some((r) => r.budgetHit),
    converged: done.every((r) => r.converged),
    cancelled: done.some((r) => r.cancelled),
    perIsland: done.map((r) => ({ generations: r.generations, evaluations: r.evaluations })),
  }
}
