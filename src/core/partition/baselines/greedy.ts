/**
 * Baseline `greedy`: EdgeFlow-style progressive partitioning (Hu & Li, EdgeFlow, 2022), the local-optimum
 * approach GenEFlow improves on. Nodes are decided one by one in schedule order; each takes, among all its
 * alleles (whole on a device, follow, channel or spatial over any device subset of ≥ 2), the one that
 * finishes the node earliest given every decision before it (a dry run of the same simulation `evaluate`
 * uses), considering only alleles whose weights still fit every device; ties go to fewer bytes sent, then
 * to the earlier allele. Activation memory is not looked at (it depends on later decisions): the plan is
 * evaluated afterwards like any other. O(N · alleles · K² · slots).
 */

import type { Evaluator } from '../evaluate'
import type { Genome } from './genome'

export function greedyBaseline(ev: Evaluator): Genome {
  const { p, sim, limit } = ev
  const g = new Uint16Array(p.nN)
  sim.reset()
  for (let k = 0; k < p.nN; k++) {
    const v = p.order[k]
    const alleles = p.alleles[v]
    let best = -1, bestFinish = Infinity, bestBytes = Infinity, bestFits = false
    for (let a = 0; a < alleles.length; a++) {
      const finish = sim.step(v, alleles[a], false)
      let fits = true
      for (let j = 0; j < p.K; j++) if (sim.stepWeights[j] > limit[j]) fits = false
      const bytes = sim.stepCommBytes
      const better = fits !== bestFits ? fits
        : finish < bestFinish - 1e-12 || (Math.abs(finish - bestFinish) <= 1e-12 && bytes < bestBytes)
      if (best < 0 || better) { best = a; bestFinish = finish; bestBytes = bytes; bestFits = fits }
    }
    g[v] = best
    sim.step(v, alleles[best], true)
  }
  return g
}
