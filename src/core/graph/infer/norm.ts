/**
 * Normalisation and softmax: BatchNormalization (inference and training outputs), LayerNormalization
 * (with its optional Mean and InvStdDev outputs), RMSNormalization, InstanceNormalization,
 * GroupNormalization, LRN, Softmax, LogSoftmax, Hardmax.
 *
 * All keep the data input's shape and dtype; the statistics outputs of LayerNormalization have the
 * normalised axes set to 1 and dtype float32 (`stash_type` 1), as the ONNX spec says. O(rank).
 */
import { attrInt, dtypeAttr, input, same, shapeOf, type Facts, type InferFn } from './context.ts'
import { normAxis } from './dims.ts'

const batchNorm: InferFn = (c) => {
  const x = input(c, 0)
  const out: Facts[] = [{ dtype: x.dtype, shape: x.shape }]
  // training mode: running mean / var (and, before opset 14, saved mean / var) of shape [C]
  for (let k = 1; k < c.node.outputs.length; k++) {
    const stat = c.inputs[k >= 3 ? 3 : k + 2] ?? c.inputs[1]
    out.push({ dtype: stat?.dtype ?? x.dtype, shape: stat?.shape ?? null })
  }
  return out
}

const layerNorm: InferFn = (c) => {
  const x = input(c, 0)
  const shape = shapeOf(c, 0)
  const axis = normAxis(attrInt(c, 'axis', -1), shape.length)
  const stash = dtypeAttr(c, 'stash_type', 'float32')
  const stat = shape.map((d, i) => (i < axis ? d : 1))
  const out: Facts[] = [{ dtype: x.dtype, shape: x.shape }]
  for (let k = 1; k < c.node.outputs.length; k++) out.push({ dtype: stash, shape: stat })
  return out
}

export const NORM: Record<string, InferFn> = {
  BatchNormalization: batchNorm,
  LayerNormalization: layerNorm,
  RMSNormalization: same,
  SimplifiedLayerNormalization: layerNorm,
  InstanceNormalization: same,
  GroupNormalization: same,
  LRN: same,
  Softmax: same,
  LogSoftmax: same,
  Hardmax: same,
}
