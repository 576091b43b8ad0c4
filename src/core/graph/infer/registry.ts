/**
 * The operator registry: one inference function per ONNX operator of the default domain, gathered from
 * the family modules, plus a few `com.microsoft` ones (contrib.ts). An operator absent here (or in any
 * other domain) is unknown to the planner: its outputs come from declared value_info or the user's
 * shapes, or stay unknown (see build.ts). Lookup is O(1).
 */
import type { InferFn } from './context.ts'
import { CONTRIB } from './contrib.ts'
import { CONV } from './conv.ts'
import { ELEMENTWISE } from './elementwise.ts'
import { GENERATORS } from './generators.ts'
import { LINALG } from './linalg.ts'
import { MISC_OPS } from './misc-ops.ts'
import { NORM } from './norm.ts'
import { RECURRENT } from './recurrent.ts'
import { REDUCE } from './reduce.ts'
import { SHAPE_OPS } from './shape-ops.ts'
import { SLICE_OPS } from './slice-ops.ts'

export const INFER: Readonly<Record<string, InferFn>> = {
  ...ELEMENTWISE,
  ...CONV,
  ...LINALG,
  ...NORM,
  ...SHAPE_OPS,
  ...SLICE_OPS,
  ...GENERATORS,
  ...REDUCE,
  ...RECURRENT,
  ...MISC_OPS,
}

/** Operators that carry subgraphs: known, but their outputs come from declarations only. */
export const SUBGRAPH_OPS = new Set(['If', 'Loop', 'Scan', 'SequenceMap'])

/** The default ONNX domain under its two spellings. */
export function isDefaultDomain(domain: string): boolean {
  return domain === '' || domain === 'ai.onnx'
}

/** The `com.microsoft` operators with shapes that follow from their inputs (contrib.ts). */
export const CONTRIB_DOMAIN = 'com.microsoft'

export function inferFnFor(op: string, domain: string): InferFn | undefined {
  if (domain === CONTRIB_DOMAIN) return Object.hasOwn(CONTRIB, op) ? CONTRIB[op] : undefined
  if (!isDefaultDomain(domain)) return undefined
  return Object.hasOwn(INFER, op) ? INFER[op] : undefined
}

/** Every operator with an inference function, sorted (docs and tests list them). */
export function knownOps(): string[] {
  return Object.keys(INFER).sort()
}
