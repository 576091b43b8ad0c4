/**
 * Baseline `single`: the whole model on the fastest device that fits (largest gflops first, ties in device
 * order); when none fits, the one whose plan exceeds memory least. The input comes from the source and the
 * output goes back to it like in any plan. O(K) evaluations.
 */

import type { Evaluator } from '../evaluate'
import { decode, wholeOn, type Genome } from './genome'

export function singleBaseline(ev: Evaluator): Genome {
  const { p } = ev
  const byspeed = Array.from({ length: p.K }, (_, j) => j).sort((a, b) => p.gflops[b] - p.gflops[a] || a - b)
  let best: Genome | null = null
  let bestViolation = Infinity
  for (const d of byspeed) {
    const g = wholeOn(p, d)
    ev.score(decode(p, g))
    if (ev.violationBytes === 0) return g
    if (ev.violationBytes < bestViolation) { bestViolation = ev.violationBytes; best = g }
  }
  return best as Genome
}
