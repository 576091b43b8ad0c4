/**
 * Reductions, scans and resampling: Reduce* (axes as attribute, or as input for ReduceSum from opset 13 and
 * all others from opset 18; keepdims; noop_with_empty_axes), ArgMax/ArgMin, TopK, CumSum, Trilu, Resize
 * (scales or sizes, opset 18 axes and keep_aspect_ratio_policy), Upsample.
 *
 * Resize without sizes gives floor(in · scale) per axis, as ONNX's reference and onnxruntime do. Reduce
 * folds values for ReduceProd/ReduceSum over all axes of a small constant (a Size computed the long way).
 * O(rank).
 */
import type { Dim } from '../types.ts'
import {
  attrFloats,
  attrInt,
  attrInts,
  attrStr,
  bad,
  facts,
  input,
  needNumbers,
  numbersOf,
  optInput,
  same,
  shapeOf,
  type InferFn,
  type Scalar,
} from './context.ts'
import { isNum, normAxis, symDim } from './dims.ts'

const REDUCE_OPS = [
  'ReduceSum', 'ReduceMean', 'ReduceMax', 'ReduceMin', 'ReduceProd', 'ReduceL1', 'ReduceL2', 'ReduceLogSum',
  'ReduceLogSumExp', 'ReduceSumSquare',
]

const reduce: InferFn = (c) => {
  const x = input(c, 0)
  const s = shapeOf(c, 0)
  const axesAsInput = c.node.op === 'ReduceSum' ? c.opset >= 13 : c.opset >= 18
  let axes: number[] | undefined
  if (axesAsInput) axes = c.node.inputs[1] ? needNumbers(c, 1, `${c.node.op} axes`) : undefined
  else axes = attrInts(c, 'axes')
  const keep = attrInt(c, 'keepdims', 1) === 1
  if (axes === undefined || axes.length === 0) {
    if (axesAsInput && attrInt(c, 'noop_with_empty_axes', 0) === 1) return [facts(x.dtype, s, x.value)]
    axes = s.map((_, i) => i)
  }
  const set = new Set(axes.map((a) => normAxis(a, s.length)))
  const shape = keep ? s.map((d, i) => (set.has(i) ? 1 : d)) : s.filter((_, i) => !set.has(i))
  let value: Scalar[] | undefined
  if (set.size === s.length && x.value?.every(isNum) && (c.node.op === 'ReduceProd' || c.node.op === 'ReduceSum')) {
    const v = x.value as number[]
    value = [c.node.op === 'ReduceProd' ? v.reduce((a, b) => a * b, 1) : v.reduce((a, b) => a + b, 0)]
  }
  return [facts(x.dtype, shape, value)]
}

const argReduce: InferFn = (c) => {
  const s = shapeOf(c, 0)
  const axis = normAxis(attrInt(c, 'axis', 0), s.length)
  const keep = attrInt(c, 'keepdims', 1) === 1
  const shape = keep ? s.map((d, i) => (i === axis ? 1 : d)) : s.filter((_, i) => i !== axis)
  return [{ dtype: 'int64', shape }]
}

const topK: InferFn = (c) => {
  const x = input(c, 0)
  const s = shapeOf(c, 0)
  const axis = normAxis(attrInt(c, 'axis', -1), s.length)
  const k: Dim = c.opset < 10 ? attrInt(c, 'k', 1) : (numbersOf(c, 1)?.[0] ?? `${c.node.outputs[0]}:k`)
  const shape = s.map((d, i) => (i === axis ? k : d))
  return [{ dtype: x.dtype, shape }, { dtype: 'int64', shape }]
}

const resize: InferFn = (c) => {
  const x = input(c, 0)
  const s = shapeOf(c, 0)
  const rank = s.length
  const axes = (c.opset >= 18 ? attrInts(c, 'axes') : undefined)?.map((a) => normAxis(a, rank)) ?? s.map((_, i) => i)
  // opset 10 / Upsample: scales is input 1 (or an attribute before opset 9); from 11: roi, scales, sizes
  const scalesIdx = c.opset >= 11 && c.node.op === 'Resize' ? 2 : 1
  const sizesIn = c.opset >= 11 && c.node.op === 'Resize' && c.node.inputs[3] ? optInput(c, 3) : null
  const shape = [...s]
  if (sizesIn !== null) {
    const sizes = numbersOf(c, 3)
    if (sizes === undefined) return [{ dtype: x.dtype, shape: s.map((d, i) => (axes.includes(i) ? symDim('resize', d) : d)) }]
    if (sizes.length !== axes.length) bad(`Resize: ${sizes.length} sizes for ${axes.length} axes`)
    const policy = attrStr(c, 'keep_aspect_ratio_policy', 'stretch')
    if (policy === 'stretch' || !axes.every((a) => isNum(s[a]))) axes.forEach((a, k) => (shape[a] = sizes[k]))
    else {
      const ratios = axes.map((a, k) => sizes[k] / (s[a] as number))
      const r = policy === 'not_larger' ? Math.min(...ratios) : Math.max(...ratios)
      axes.forEach((a) => (shape[a] = Math.round((s[a] as number) * r)))
    }
    return [{ dtype: x.dtype, shape }]
  }
  const scales = c.node.inputs[scalesIdx] ? numbersOf(c, scalesIdx) : attrFloats(c, 'scales')
  if (scales === undefined) bad(`Resize: neither sizes nor constant scales (${c.node.inputs[scalesIdx] ?? 'absent'})`)
  if (scales.length !== axes.length) bad(`Resize: ${scales.length} scales for ${axes.length} axes`)
  axes.forEach((a, k) => {
    const d = s[a]
    // floor(in · scale), with a small tolerance so 0.5 · 2 = 1 survives float rounding of stored scales
    shape[a] = isNum(d) ? Math.floor(d * scales[k] + 1e-9) : scales[k] === 1 ? d : symDim('resize', d, scales[k])
  })
  return [{ dtype: x.dtype, shape }]
}

export const REDUCE: Record<string, InferFn> = {
  ...Object.fromEntries(REDUCE_OPS.map((op) => [op, reduce])),
  ArgMax: argReduce,
  ArgMin: argReduce,
  TopK: topK,
  CumSum: same,
  Trilu: same,
  Resize: resize,
  Upsample: resize,
}
