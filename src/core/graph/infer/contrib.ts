/**
 * A few operators of onnxruntime's `com.microsoft` domain that optimised transformer exports are full of,
 * with shapes that follow from their inputs alone: Gelu, FastGelu, BiasGelu, QuickGelu, BiasAdd,
 * FusedMatMul (transA/transB; batch transposes are not inferred), SkipLayerNormalization,
 * SkipSimplifiedLayerNormalization, RotaryEmbedding.
 *
 * Every other operator of that domain (Attention, GroupQueryAttention, …) stays unknown, as any custom
 * domain does: its outputs come from declarations or the user. O(rank).
 */
import { attrInt, bad, dtypeAttr, input, same, shapeOf, type Facts, type InferFn } from './context.ts'
import { matmulShape } from './linalg.ts'

const fusedMatMul: InferFn = (c) => {
  if (attrInt(c, 'transBatchA', 0) !== 0 || attrInt(c, 'transBatchB', 0) !== 0) bad('FusedMatMul with batch transposes is not inferred')
  const swap = (s: ReturnType<typeof shapeOf>, t: boolean) => (t && s.length >= 2 ? [...s.slice(0, -2), s[s.length - 1], s[s.length - 2]] : s)
  const a = swap(shapeOf(c, 0), attrInt(c, 'transA', 0) === 1)
  const b = swap(shapeOf(c, 1), attrInt(c, 'transB', 0) === 1)
  return [{ dtype: input(c, 0).dtype, shape: matmulShape(a, b) }]
}

/** Output 0 normalised like the input; 1 and 2 mean and inverse std dev (last axis 1); 3 input + skip. */
const skipLayerNorm: InferFn = (c) => {
  const x = input(c, 0)
  const s = shapeOf(c, 0)
  const stat = { dtype: dtypeAttr(c, 'stash_type', 'float32'), shape: [...s.slice(0, -1), 1] }
  const out: Facts[] = [{ dtype: x.dtype, shape: s }, stat, stat, { dtype: x.dtype, shape: s }]
  return out.slice(0, Math.max(1, c.node.outputs.length))
}

export const CONTRIB: Record<string, InferFn> = {
  Gelu: same,
  FastGelu: same,
  BiasGelu: same,
  QuickGelu: same,
  BiasAdd: same,
  RotaryEmbedding: same,
  FusedMatMul: fusedMatMul,
  SkipLayerNormalization: skipLayerNorm,
  SkipSimplifiedLayerNormalization: skipLayerNorm,
}

/** Per-element FLOPs of the contrib operators above (FusedMatMul is counted as a MatMul). */
export const CONTRIB_PER_ELEMENT: Record<string, number> = {
  Gelu: 1, FastGelu: 1, BiasGelu: 2, QuickGelu: 1, BiasAdd: 2, RotaryEmbedding: 3,
  SkipLayerNormalization: 9, SkipSimplifiedLayerNormalization: 6,
}
