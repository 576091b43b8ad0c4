/**
 * Baseline `channel`: every node split by output channels (Conv, pooling, Gemm/MatMul features, attention
 * heads) over all devices in proportion to their speed; nodes that cannot split by channel follow their
 * producer where that is exact, else run whole on the source. No search: one evaluation.
 */

import type { Evaluator } from '../evaluate'
import { CHANNEL } from '../problem'
import { uniform, type Genome } from './genome'

export function channelBaseline(ev: Evaluator): Genome {
  return uniform(ev.p, CHANNEL)
}
