/**
 * Less common operators of the ONNX set: GridSample, RoiAlign, MaxRoiPool, MaxUnpool, NonMaxSuppression,
 * Unique, ReverseSequence, Det, the window generators (Hann/Hamming/Blackman), DFT and STFT (opset 17),
 * MelWeightMatrix, and the losses NegativeLogLikelihoodLoss and SoftmaxCrossEntropyLoss.
 *
 * Data-dependent sizes (the boxes NonMaxSuppression keeps, the values Unique finds) become symbols named
 * after the output, so their bytes are unknown rather than guessed. O(rank).
 */
import type { Dim } from '../types.ts'
import {
  attrInt,
  attrInts,
  attrStr,
  bad,
  dtypeAttr,
  input,
  needNumbers,
  optInput,
  same,
  shapeOf,
  type Facts,
  type InferFn,
} from './context.ts'
import { isNum, normAxis, numel, symDim } from './dims.ts'

const gridSample: InferFn = (c) => {
  const x = shapeOf(c, 0)
  const grid = shapeOf(c, 1)
  return [{ dtype: input(c, 0).dtype, shape: [x[0], x[1], ...grid.slice(1, -1)] }]
}

const roiAlign: InferFn = (c) => {
  const x = shapeOf(c, 0)
  const rois = shapeOf(c, 1)
  const h = attrInt(c, 'output_height', 1)
  const w = attrInt(c, 'output_width', 1)
  return [{ dtype: input(c, 0).dtype, shape: [rois[0], x[1], h, w] }]
}

const maxRoiPool: InferFn = (c) => {
  const x = shapeOf(c, 0)
  const rois = shapeOf(c, 1)
  const pooled = attrInts(c, 'pooled_shape') ?? bad('MaxRoiPool has no pooled_shape')
  return [{ dtype: input(c, 0).dtype, shape: [rois[0], x[1], ...pooled] }]
}

const maxUnpool: InferFn = (c) => {
  const x = shapeOf(c, 0)
  const dtype = input(c, 0).dtype
  if (c.node.inputs[2]) return [{ dtype, shape: needNumbers(c, 2, 'MaxUnpool output_shape') }]
  const k = attrInts(c, 'kernel_shape') ?? bad('MaxUnpool has no kernel_shape')
  const n = k.length
  const s = attrInts(c, 'strides') ?? new Array<number>(n).fill(1)
  const p = attrInts(c, 'pads') ?? new Array<number>(2 * n).fill(0)
  const spatial = x.slice(2).map((d, i) => (isNum(d) ? (d - 1) * s[i] + k[i] - p[i] - p[i + n] : symDim('unpool', d)))
  return [{ dtype, shape: [x[0], x[1], ...spatial] }]
}

const nms: InferFn = (c) => [{ dtype: 'int64', shape: [`${c.node.outputs[0]}:selected`, 3] }]

const unique: InferFn = (c) => {
  const x = shapeOf(c, 0)
  const u = `${c.node.outputs[0]}:unique`
  const a = c.node.attributes.axis
  const dtype = input(c, 0).dtype
  if (a === undefined) {
    const all = numel(x) ?? symDim('numel', ...x)
    return [{ dtype, shape: [u] }, { dtype: 'int64', shape: [u] }, { dtype: 'int64', shape: [all] }, { dtype: 'int64', shape: [u] }]
  }
  const axis = normAxis(attrInt(c, 'axis', 0), x.length)
  return [
    { dtype, shape: x.map((d, i) => (i === axis ? u : d)) },
    { dtype: 'int64', shape: [u] },
    { dtype: 'int64', shape: [x[axis]] },
    { dtype: 'int64', shape: [u] },
  ]
}

const det: InferFn = (c) => {
  const x = shapeOf(c, 0)
  if (x.length < 2) bad('Det needs rank ≥ 2')
  return [{ dtype: input(c, 0).dtype, shape: x.slice(0, -2) }]
}

const windowFn: InferFn = (c) => {
  const size = needNumbers(c, 0, 'window size')[0]
  return [{ dtype: dtypeAttr(c, 'output_datatype', 'float32'), shape: [size] }]
}

const dft: InferFn = (c) => {
  const x = shapeOf(c, 0)
  if (c.opset >= 20) bad('DFT from opset 20 (axis as input) is not supported')
  const axis = normAxis(attrInt(c, 'axis', 1), x.length)
  const len: Dim = c.node.inputs[1] ? needNumbers(c, 1, 'DFT length')[0] : x[axis]
  const onesided = attrInt(c, 'onesided', 0) === 1
  const shape = [...x]
  shape[axis] = onesided ? (isNum(len) ? Math.floor(len / 2) + 1 : symDim('half', len)) : len
  shape[shape.length - 1] = 2
  return [{ dtype: input(c, 0).dtype, shape }]
}

const stft: InferFn = (c) => {
  const x = shapeOf(c, 0)
  const step = needNumbers(c, 1, 'STFT frame_step')[0]
  const window = optInput(c, 2)?.shape
  const frameLen: Dim = c.node.inputs[3] ? needNumbers(c, 3, 'STFT frame_length')[0] : (window?.[0] ?? bad('STFT frame length unknown'))
  const frames = isNum(x[1]) && isNum(frameLen) ? Math.floor((x[1] - frameLen) / step) + 1 : symDim('frames', x[1], frameLen, step)
  const onesided = attrInt(c, 'onesided', 1) === 1
  const bins = onesided ? (isNum(frameLen) ? Math.floor(frameLen / 2) + 1 : symDim('half', frameLen)) : frameLen
  return [{ dtype: input(c, 0).dtype, shape: [x[0], frames, bins, 2] }]
}

const melWeights: InferFn = (c) => {
  const bins = needNumbers(c, 0, 'num_mel_bins')[0]
  const dftLen = needNumbers(c, 1, 'dft_length')[0]
  return [{ dtype: dtypeAttr(c, 'output_datatype', 'float32'), shape: [Math.floor(dftLen / 2) + 1, bins] }]
}

/** NLL and softmax cross-entropy: scalar loss, or per element (`reduction` none) of the target's shape. */
const loss: InferFn = (c) => {
  const x = input(c, 0)
  const target = shapeOf(c, 1)
  const reduction = attrStr(c, 'reduction', 'mean')
  const out: Facts[] = [{ dtype: x.dtype, shape: reduction === 'none' ? target : [] }]
  if (c.node.op === 'SoftmaxCrossEntropyLoss' && c.node.outputs.length > 1) out.push({ dtype: x.dtype, shape: x.shape })
  return out
}

export const MISC_OPS: Record<string, InferFn> = {
  GridSample: gridSample,
  RoiAlign: roiAlign,
  MaxRoiPool: maxRoiPool,
  MaxUnpool: maxUnpool,
  NonMaxSuppression: nms,
  Unique: unique,
  ReverseSequence: same,
  Det: det,
  HannWindow: windowFn,
  HammingWindow: windowFn,
  BlackmanWindow: windowFn,
  DFT: dft,
  STFT: stft,
  MelWeightMatrix: melWeights,
  NegativeLogLikelihoodLoss: loss,
  SoftmaxCrossEntropyLoss: loss,
}
