/**
 * Genomes: one allele index per node id (problem.ts `alleles`), the common currency of GenEFlow and the
 * baselines. `decode` turns a genome into decisions; `uniform` builds the plans of the channel and spatial
 * baselines (every node the same dimension where it allows it, else follow, else whole on the source).
 * O(N · alleles).
 */

import { alleleOf, FOLLOW, noneAllele, type Decision, type Problem } from '../problem'

export type Genome = Uint16Array

export function decode(p: Problem, g: Genome, out: Decision[] = new Array(p.nN)): Decision[] {
  for (let v = 0; v < p.nN; v++) out[v] = p.alleles[v][g[v]]
  return out
}

/** Every node by `kind` (channel or spatial, over all devices) where it can, else follow, else on the source. */
export function uniform(p: Problem, kind: number): Genome {
  const g = new Uint16Array(p.nN)
  for (let v = 0; v < p.nN; v++) {
    const a = alleleOf(p, v, kind)
    const f = alleleOf(p, v, FOLLOW)
    g[v] = a >= 0 ? a : f >= 0 ? f : noneAllele(p, v, p.src)
  }
  return g
}

/** The whole model on device d. */
export function wholeOn(p: Problem, d: number): Genome {
  const g = new Uint16Array(p.nN)
  for (let v = 0; v < p.nN; v++) g[v] = noneAllele(p, v, d)
  return g
}
