/**
 * Convolution and pooling: Conv, ConvInteger, QLinearConv, ConvTranspose, MaxPool, AveragePool, LpPool,
 * GlobalAveragePool, GlobalMaxPool, GlobalLpPool.
 *
 * Spatial output size per axis (ONNX operator spec): with the dilated kernel dk = (k − 1)·d + 1,
 *   explicit pads:  out = floor((in + pb + pe − dk) / s) + 1   (ceil with ceil_mode, dropping a last window
 *                   that would start inside the end padding, as PyTorch and ONNX ≥ 1.15 do)
 *   SAME_UPPER/LOWER: out = ceil(in / s);  VALID: pads 0.
 * ConvTranspose: out = s·(in − 1) + output_padding + dk − pb − pe, or `output_shape`, or in·s for SAME.
 * A symbolic spatial dim gives a symbolic output dim. O(rank).
 */
import type { Dim } from '../types.ts'
import { attrInt, attrInts, attrStr, bad, input, shapeOf, type Facts, type InferCtx, type InferFn } from './context.ts'
import { isNum, symDim } from './dims.ts'

export interface Window {
  kernel: number[]
  strides: number[]
  dilations: number[]
  /** begin pads then end pads, as in ONNX */
  pads: number[]
  autoPad: string
}

/** Kernel, strides, dilations and pads of a conv/pool node with `n` spatial axes. */
export function windowOf(c: InferCtx, n: number, kernelFromWeights?: Dim[]): Window {
  let kernel = attrInts(c, 'kernel_shape')
  if (kernel === undefined) {
    if (kernelFromWeights === undefined || !kernelFromWeights.every(isNum)) bad('the kernel shape is unknown')
    kernel = kernelFromWeights as number[]
  }
  if (kernel.length !== n) bad(`kernel_shape has ${kernel.length} axes for ${n} spatial axes`)
  const strides = attrInts(c, 'strides') ?? new Array<number>(n).fill(1)
  const dilations = attrInts(c, 'dilations') ?? new Array<number>(n).fill(1)
  const autoPad = attrStr(c, 'auto_pad', 'NOTSET')
  const pads = autoPad === 'NOTSET' ? (attrInts(c, 'pads') ?? new Array<number>(2 * n).fill(0)) : new Array<number>(2 * n).fill(0)
  if (strides.length !== n || dilations.length !== n || pads.length !== 2 * n) bad('strides, dilations or pads do not match the kernel rank')
  return { kernel, strides, dilations, pads, autoPad }
}

/** Output spatial dims of a convolution or pooling window over `spatial` input dims. */
export function windowOut(spatial: Dim[], w: Window, ceilMode: boolean): Dim[] {
  const n = spatial.length
  return spatial.map((d, i) => {
    const s = w.strides[i]
    const dk = (w.kernel[i] - 1) * w.dilations[i] + 1
    if (!isNum(d)) return symDim(`win_k${dk}_s${s}`, d)
    if (w.autoPad === 'SAME_UPPER' || w.autoPad === 'SAME_LOWER') return Math.ceil(d / s)
    const pb = w.pads[i]
    const pe = w.pads[i + n]
    const span = d + pb + pe - dk
    if (span < 0) bad(`the window (${dk}) is larger than the padded input (${d + pb + pe})`)
    let out = (ceilMode ? Math.ceil(span / s) : Math.floor(span / s)) + 1
    if (ceilMode && (out - 1) * s >= d + pb) out--
    return out
  })
}

const conv: InferFn = (c) => {
  const x = shapeOf(c, 0)
  const wIdx = c.node.op === 'QLinearConv' ? 3 : 1
  const wt = shapeOf(c, wIdx)
  if (x.length < 3 || wt.length !== x.length) bad(`input rank ${x.length} and weight rank ${wt.length} do not fit a convolution`)
  const win = windowOf(c, x.length - 2, wt.slice(2))
  const group = attrInt(c, 'group', 1)
  if (isNum(x[1]) && isNum(wt[1]) && x[1] !== wt[1] * group) bad(`input channels ${x[1]} ≠ weight channels ${wt[1]} × group ${group}`)
  const dtype = c.node.op === 'ConvInteger' ? 'int32' : c.node.op === 'QLinearConv' ? input(c, 7).dtype : input(c, 0).dtype
  return [{ dtype, shape: [x[0], wt[0], ...windowOut(x.slice(2), win, false)] }]
}

const convTranspose: InferFn = (c) => {
  const x = shapeOf(c, 0)
  const wt = shapeOf(c, 1)
  const n = x.length - 2
  if (n < 1 || wt.length !== x.length) bad(`input rank ${x.length} and weight rank ${wt.length} do not fit ConvTranspose`)
  const win = windowOf(c, n, wt.slice(2))
  const group = attrInt(c, 'group', 1)
  const outPad = attrInts(c, 'output_padding') ?? new Array<number>(n).fill(0)
  const given = attrInts(c, 'output_shape')
  const channels: Dim = isNum(wt[1]) ? wt[1] * group : wt[1]
  let spatial: Dim[]
  if (given !== undefined) {
    spatial = given.length === n + 2 ? given.slice(2) : given
    if (spatial.length !== n) bad('output_shape does not match the spatial rank')
  } else {
    spatial = x.slice(2).map((d, i) => {
      const s = win.strides[i]
      if (!isNum(d)) return symDim('convT', d)
      if (win.autoPad === 'SAME_UPPER' || win.autoPad === 'SAME_LOWER') return d * s
      const dk = (win.kernel[i] - 1) * win.dilations[i] + 1
      return s * (d - 1) + outPad[i] + dk - win.pads[i] - win.pads[i + n]
    })
  }
  return [{ dtype: input(c, 0).dtype, shape: [x[0], channels, ...spatial] }]
}

const pool: InferFn = (c) => {
  const x = shapeOf(c, 0)
  if (x.length < 3) bad(`pooling needs rank ≥ 3, got ${x.length}`)
  const win = windowOf(c, x.length - 2)
  const ceil = attrInt(c, 'ceil_mode', 0) === 1
  const shape = [x[0], x[1], ...windowOut(x.slice(2), win, ceil)]
  const out: Facts[] = [{ dtype: input(c, 0).dtype, shape }]
  if (c.node.outputs.length > 1) out.push({ dtype: 'int64', shape }) // MaxPool's Indices
  return out
}

const globalPool: InferFn = (c) => {
  const x = shapeOf(c, 0)
  if (x.length < 2) bad(`global pooling needs rank ≥ 2, got ${x.length}`)
  return [{ dtype: input(c, 0).dtype, shape: [x[0], x[1], ...x.slice(2).map(() => 1)] }]
}

export const CONV: Record<string, InferFn> = {
  Conv: conv,
  ConvInteger: conv,
  QLinearConv: conv,
  ConvTranspose: convTranspose,
  MaxPool: pool,
  AveragePool: pool,
  LpPool: pool,
  GlobalAveragePool: globalPool,
  GlobalMaxPool: globalPool,
  GlobalLpPool: globalPool,
}
