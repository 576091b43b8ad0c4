/**
 * Baseline `spatial`: every node split by output rows (convolutions and pooling, with their halo rows) or
 * tokens (MatMul rows) over all devices in proportion to their speed; nodes that cannot follow their
 * producer where exact, else run whole on the source. No search: one evaluation.
 */

import type { Evaluator } from '../evaluate'
import { SPATIAL } from '../problem'
import { uniform, type Genome } from './genome'

export function spatialBaseline(ev: Evaluator): Genome {
  return uniform(ev.p, SPATIAL)
}
