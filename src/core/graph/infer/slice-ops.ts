/**
 * Operators that select or join parts of tensors: Concat, Split (attribute form, input form from opset 13,
 * `num_outputs` from opset 18), Slice (attribute form before opset 10, negative steps, clamping), Gather,
 * GatherElements, GatherND, Scatter*, OneHot, Compress and NonZero (data-dependent sizes become symbols).
 *
 * Concat, Slice and Gather fold their values, since `Shape → Gather/Slice → Concat` is how exported models
 * build Reshape targets. Slice follows the ONNX clamping rules exactly: start/end are made non-negative by
 * adding the dim, then clamped to [0, d] (step > 0) or [−1, d − 1] (step < 0); the length is
 * max(0, ceil((end − start) / step)). O(rank), plus O(elements) when folding.
 */
import type { Dim } from '../types.ts'
import {
  allInputs,
  attrInt,
  attrInts,
  bad,
  facts,
  input,
  needNumbers,
  numbersOf,
  optInput,
  same,
  shapeOf,
  valuesOf,
  type Facts,
  type InferFn,
  type Scalar,
} from './context.ts'
import { addDim, isNum, normAxis, numel, numShape, strides, symDim } from './dims.ts'

/** Walks every coordinate of `shape` in row-major order. */
function forEachCoord(shape: number[], f: (coord: number[]) => void): void {
  const n = shape.reduce((a, b) => a * b, 1)
  const coord = new Array<number>(shape.length).fill(0)
  for (let k = 0; k < n; k++) {
    f(coord)
    for (let d = shape.length - 1; d >= 0; d--) {
      if (++coord[d] < shape[d]) break
      coord[d] = 0
    }
  }
}

const concat: InferFn = (c) => {
  const ins = allInputs(c)
  const shapes = ins.map((_, i) => shapeOf(c, i))
  const rank = shapes[0].length
  const axis = normAxis(attrInt(c, 'axis', 0), rank)
  const shape = [...shapes[0]]
  for (let k = 1; k < shapes.length; k++) {
    const s = shapes[k]
    if (s.length !== rank) bad(`Concat: input ${k} has rank ${s.length}, input 0 rank ${rank}`)
    shape[axis] = addDim(shape[axis], s[axis])
    for (let i = 0; i < rank; i++) {
      if (i === axis) continue
      if (isNum(shape[i]) && isNum(s[i]) && shape[i] !== s[i]) bad(`Concat: dim ${i} differs (${shape[i]} vs ${s[i]})`)
      if (!isNum(shape[i]) && isNum(s[i])) shape[i] = s[i]
    }
  }
  let value: Scalar[] | undefined
  const numShapes = shapes.map(numShape)
  if (ins.every((x) => x.value !== undefined) && numShapes.every((s) => s !== null)) {
    // blocks: for each outer index, the inputs' contiguous runs along axis..end, in input order
    const outer = (numShapes[0] as number[]).slice(0, axis).reduce((a, b) => a * b, 1)
    value = []
    for (let o = 0; o < outer; o++) {
      for (let k = 0; k < ins.length; k++) {
        const run = (numShapes[k] as number[]).slice(axis).reduce((a, b) => a * b, 1)
        value.push(...ins[k].value!.slice(o * run, (o + 1) * run))
      }
    }
  }
  return [facts(ins[0].dtype, shape, value)]
}

const split: InferFn = (c) => {
  const x = input(c, 0)
  const s = shapeOf(c, 0)
  const axis = normAxis(attrInt(c, 'axis', 0), s.length)
  const n = c.node.outputs.length
  let sizes: Dim[] | undefined =
    c.opset < 13 ? attrInts(c, 'split') : c.node.inputs[1] ? needNumbers(c, 1, 'Split sizes') : undefined
  const d = s[axis]
  if (sizes === undefined) {
    const parts = c.opset >= 18 ? attrInt(c, 'num_outputs', n) : n
    if (parts !== n) bad(`Split: num_outputs ${parts} but ${n} outputs`)
    if (isNum(d)) {
      // opset 18: the last chunk is smaller when d is not divisible; earlier opsets require divisibility
      const chunk = Math.ceil(d / n)
      if (c.opset < 18 && d % n !== 0) bad(`Split: ${d} does not divide into ${n} equal parts`)
      sizes = Array.from({ length: n }, (_, i) => Math.max(0, Math.min(chunk, d - i * chunk)))
    } else sizes = Array.from({ length: n }, (_, i) => symDim('split', d, n, i))
  }
  if (sizes.length !== n) bad(`Split: ${sizes.length} sizes for ${n} outputs`)
  const sum = (sizes as number[]).reduce((a, b) => a + b, 0)
  if (isNum(d) && sizes.every(isNum) && sum !== d) bad(`Split: sizes sum to ${sum}, the axis has ${d}`)
  return sizes.map((k) => ({ dtype: x.dtype, shape: s.map((e, i) => (i === axis ? k : e)) }))
}

/** Start, length and step of a slice of a dim of size d (symbolic d or bounds give a symbolic length). */
function sliceAxis(d: Dim, start: Scalar, end: Scalar, step: number): { start: number; len: Dim } | null {
  if (step === 0) bad('Slice: step 0')
  const BIG = 2 ** 31 - 1
  if (!isNum(d) || !isNum(start) || !isNum(end)) {
    if (step === 1 && start === 0 && isNum(end) && end >= BIG) return { start: 0, len: d }
    if (step === 1 && start === 0 && end === d) return { start: 0, len: d }
    if (step === 1 && start === 0 && !isNum(end) && isNum(d)) return null // end symbolic: unknown length
    return { start: 0, len: symDim('slice', d, start, end, step) }
  }
  let s = start < 0 ? start + d : start
  let e = end < 0 ? end + d : end
  if (step > 0) {
    s = Math.min(Math.max(s, 0), d)
    e = Math.min(Math.max(e, 0), d)
  } else {
    s = Math.min(Math.max(s, 0), d - 1)
    e = Math.min(Math.max(e, -1), d - 1)
  }
  return { start: s, len: Math.max(0, Math.ceil((e - s) / step)) }
}

const slice: InferFn = (c) => {
  const x = input(c, 0)
  const s = shapeOf(c, 0)
  let starts: Scalar[]
  let ends: Scalar[]
  let axes: number[] | undefined
  let steps: number[] | undefined
  if (c.opset < 10) {
    starts = attrInts(c, 'starts') ?? bad('Slice has no starts')
    ends = attrInts(c, 'ends') ?? bad('Slice has no ends')
    axes = attrInts(c, 'axes')
  } else {
    starts = valuesOf(c, 1) ?? bad(`Slice starts (${c.node.inputs[1]}) are not a constant`)
    ends = valuesOf(c, 2) ?? bad(`Slice ends (${c.node.inputs[2]}) are not a constant`)
    axes = c.node.inputs[3] ? needNumbers(c, 3, 'Slice axes') : undefined
    steps = c.node.inputs[4] ? needNumbers(c, 4, 'Slice steps') : undefined
  }
  axes = (axes ?? starts.map((_, i) => i)).map((a) => normAxis(a, s.length))
  steps = steps ?? starts.map(() => 1)
  if (ends.length !== starts.length || axes.length !== starts.length || steps.length !== starts.length) bad('Slice: starts, ends, axes and steps differ in length')
  const shape = [...s]
  const begin = s.map(() => 0)
  const step = s.map(() => 1)
  let foldable = true
  for (let k = 0; k < axes.length; k++) {
    const a = axes[k]
    const r = sliceAxis(s[a], starts[k], ends[k], steps[k])
    if (r === null) {
      // a symbolic end on a numeric dim: the output length is that end when in range
      shape[a] = ends[k] as string
      foldable = false
      continue
    }
    shape[a] = r.len
    begin[a] = r.start
    step[a] = steps[k]
  }
  let value: Scalar[] | undefined
  const inShape = numShape(s)
  const outShape = numShape(shape)
  if (foldable && x.value !== undefined && inShape !== null && outShape !== null) {
    const st = strides(inShape)
    value = []
    forEachCoord(outShape, (co) => {
      let flat = 0
      for (let d = 0; d < co.length; d++) flat += (begin[d] + co[d] * step[d]) * st[d]
      value!.push(x.value![flat])
    })
  }
  return [facts(x.dtype, shape, value)]
}

const gather: InferFn = (c) => {
  const x = input(c, 0)
  const s = shapeOf(c, 0)
  const idxShape = shapeOf(c, 1)
  const axis = normAxis(attrInt(c, 'axis', 0), s.length)
  const shape = [...s.slice(0, axis), ...idxShape, ...s.slice(axis + 1)]
  let value: Scalar[] | undefined
  const idx = numbersOf(c, 1)
  const inShape = numShape(s)
  const outShape = numShape(shape)
  if (x.value !== undefined && idx !== undefined && inShape !== null && outShape !== null) {
    const st = strides(inShape)
    const r = idxShape.length
    const idxSt = strides(numShape(idxShape)!)
    value = []
    forEachCoord(outShape, (co) => {
      let k = 0
      for (let j = 0; j < r; j++) k += co[axis + j] * idxSt[j]
      let i = idx[k]
      if (i < 0) i += inShape[axis]
      let flat = i * st[axis]
      for (let d = 0; d < axis; d++) flat += co[d] * st[d]
      for (let d = axis + 1; d < inShape.length; d++) flat += co[d + r - 1] * st[d]
      value!.push(x.value![flat])
    })
    if (value.some((v) => v === undefined)) value = undefined
  }
  return [facts(x.dtype, shape, value)]
}

const gatherElements: InferFn = (c) => [{ dtype: input(c, 0).dtype, shape: shapeOf(c, 1) }]

const gatherND: InferFn = (c) => {
  const s = shapeOf(c, 0)
  const idx = shapeOf(c, 1)
  const b = attrInt(c, 'batch_dims', 0)
  const last = idx[idx.length - 1]
  if (!isNum(last)) bad('GatherND: the index depth is symbolic')
  return [{ dtype: input(c, 0).dtype, shape: [...idx.slice(0, -1), ...s.slice(b + last)] }]
}

const oneHot: InferFn = (c) => {
  const idx = shapeOf(c, 0)
  const depth = needNumbers(c, 1, 'OneHot depth')[0]
  const rank = idx.length + 1
  const axis = normAxis(attrInt(c, 'axis', -1), rank)
  const shape = [...idx.slice(0, axis), Math.trunc(depth), ...idx.slice(axis)]
  return [{ dtype: optInput(c, 2)?.dtype ?? null, shape }]
}

const nonZero: InferFn = (c) => {
  const s = shapeOf(c, 0)
  // known values (a constant mask) give the count; otherwise it depends on data
  const v = numbersOf(c, 0)
  const count: Dim = v !== undefined ? v.filter((x) => x !== 0).length : `${c.node.outputs[0]}:nonzero`
  return [{ dtype: 'int64', shape: [s.length, count] }]
}

const compress: InferFn = (c): Facts[] => {
  const s = shapeOf(c, 0)
  const cond = numbersOf(c, 1)
  const a = c.node.attributes.axis
  const avail = a === undefined ? numel(s) : s[normAxis(attrInt(c, 'axis', 0), s.length)]
  // a constant condition selects its true entries, up to the axis length
  const n: Dim = cond !== undefined && typeof avail === 'number' ? cond.slice(0, avail).filter((x) => x !== 0).length : `${c.node.outputs[0]}:selected`
  if (a === undefined) return [{ dtype: input(c, 0).dtype, shape: [n] }]
  const axis = normAxis(attrInt(c, 'axis', 0), s.length)
  return [{ dtype: input(c, 0).dtype, shape: s.map((d, i) => (i === axis ? n : d)) }]
}

export const SLICE_OPS: Record<string, InferFn> = {
  Concat: concat,
  Split: split,
  Slice: slice,
  Gather: gather,
  GatherElements: gatherElements,
  GatherND: gatherND,
  Scatter: same,
  ScatterElements: same,
  ScatterND: same,
  OneHot: oneHot,
  NonZero: nonZero,
  Compress: compress,
}
