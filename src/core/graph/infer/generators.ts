/**
 * Operators that make tensors from attributes or from other tensors' shapes: Constant, Shape (opset 15
 * start/end), Size, ConstantOfShape, Range, EyeLike, RandomNormal/RandomUniform(+Like), Bernoulli.
 *
 * These seed constant folding: Constant gives its values, Shape gives a tensor's dims as values (a
 * symbolic dim becomes a symbolic entry, so `Shape → Gather → Unsqueeze → Concat → Reshape` carries a
 * sequence length through to the Reshape target), Range and ConstantOfShape compute theirs when small.
 * O(rank), plus O(elements) when folding.
 */
import type { Dim } from '../types.ts'
import {
  attr,
  attrFloat,
  attrFloats,
  attrInt,
  attrInts,
  bad,
  dtypeAttr,
  facts,
  input,
  MAX_FOLD,
  shapeOf,
  tensorFacts,
  valuesOf,
  type InferFn,
  type Scalar,
} from './context.ts'
import { asDim, isNum, numel, prodDims, symDim, symbolicDims } from './dims.ts'

const constant: InferFn = (c) => {
  const a = c.node.attributes
  const v = a.value
  if (v?.type === 'tensor') return [tensorFacts(v.value)]
  if (a.value_float !== undefined) return [facts('float32', [], [attrFloat(c, 'value_float', 0)])]
  if (a.value_int !== undefined) return [facts('int64', [], [attrInt(c, 'value_int', 0)])]
  if (a.value_floats !== undefined) {
    const fs = attrFloats(c, 'value_floats')!
    return [facts('float32', [fs.length], fs)]
  }
  if (a.value_ints !== undefined) {
    const is = attrInts(c, 'value_ints')!
    return [facts('int64', [is.length], is)]
  }
  if (a.value_string !== undefined) return [{ dtype: 'string', shape: [] }]
  const ss = attr(c, 'value_strings')
  if (ss?.type === 'strings') return [{ dtype: 'string', shape: [ss.value.length] }]
  const sp = attr(c, 'sparse_value')
  if (sp?.type === 'tensor') return [{ dtype: sp.value.dtype, shape: [...sp.value.dims] }]
  return bad('Constant has no value attribute this planner reads')
}

const shape: InferFn = (c) => {
  const s = shapeOf(c, 0)
  const r = s.length
  let start = c.opset >= 15 ? attrInt(c, 'start', 0) : 0
  let end = c.opset >= 15 ? attrInt(c, 'end', r) : r
  start = Math.min(Math.max(start < 0 ? start + r : start, 0), r)
  end = Math.min(Math.max(end < 0 ? end + r : end, 0), r)
  const dims = s.slice(start, Math.max(start, end))
  return [facts('int64', [dims.length], dims)]
}

const size: InferFn = (c) => [facts('int64', [], [prodDims(shapeOf(c, 0))])]

const constantOfShape: InferFn = (c) => {
  const target = valuesOf(c, 0)
  if (target === undefined) {
    const t = shapeOf(c, 0)
    if (t.length === 1 && isNum(t[0])) return [{ dtype: 'float32', shape: symbolicDims(c.node.outputs[0], t[0], `the ConstantOfShape shape (${c.node.inputs[0]})`) }]
    return bad(`the ConstantOfShape shape (${c.node.inputs[0]}) is not a constant`)
  }
  const dims = target.map((v) => asDim(v, 'ConstantOfShape: shape'))
  const v = attr(c, 'value')
  const dtype = v?.type === 'tensor' ? v.value.dtype : 'float32'
  const fill: Scalar = v?.type === 'tensor' && v.value.values !== undefined ? Number(v.value.values[0]) : 0
  const n = numel(dims)
  const value = n !== null && n <= MAX_FOLD && (v === undefined || v.type !== 'tensor' || v.value.values !== undefined) ? new Array<Scalar>(n).fill(fill) : undefined
  return [facts(dtype, dims, value)]
}

const range: InferFn = (c) => {
  const dtype = input(c, 0).dtype
  const [start, limit, delta] = [0, 1, 2].map((i) => valuesOf(c, i)?.[0])
  if (start === undefined || limit === undefined || delta === undefined) {
    return [{ dtype, shape: [`${c.node.outputs[0]}:range`] }]
  }
  if (isNum(start) && isNum(limit) && isNum(delta)) {
    if (delta === 0) bad('Range: delta 0')
    const n = Math.max(Math.ceil((limit - start) / delta), 0)
    const value = n <= MAX_FOLD ? Array.from({ length: n }, (_, i) => start + i * delta) : undefined
    return [facts(dtype, [n], value)]
  }
  if (start === 0 && delta === 1) return [{ dtype, shape: [asDim(limit, 'Range: limit')] }]
  return [{ dtype, shape: [symDim('range', start, limit, delta)] }]
}

const eyeLike: InferFn = (c) => {
  const x = input(c, 0)
  return [{ dtype: dtypeAttr(c, 'dtype', x.dtype), shape: x.shape }]
}

const random: InferFn = (c) => {
  const s = attrInts(c, 'shape') ?? bad('the random generator has no shape')
  return [{ dtype: dtypeAttr(c, 'dtype', 'float32'), shape: s as Dim[] }]
}

const randomLike: InferFn = (c) => {
  const x = input(c, 0)
  return [{ dtype: dtypeAttr(c, 'dtype', x.dtype), shape: x.shape }]
}

export const GENERATORS: Record<string, InferFn> = {
  Constant: constant,
  Shape: shape,
  Size: size,
  ConstantOfShape: constantOfShape,
  Range: range,
  EyeLike: eyeLike,
  RandomNormal: random,
  RandomUniform: random,
  RandomNormalLike: randomLike,
  RandomUniformLike: randomLike,
  Bernoulli: randomLike,
}
