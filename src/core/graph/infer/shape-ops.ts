/**
 * Operators that rearrange a tensor without computing on it: Reshape (0 copies, −1 infers, allowzero),
 * Flatten, Transpose, Squeeze/Unsqueeze (attribute form before opset 13, input form after), Expand, Tile,
 * Pad (attribute and input forms, opset 18 axes), Identity, DepthToSpace, SpaceToDepth.
 *
 * Values fold through all of them when known, since Reshape/Unsqueeze/Squeeze/Expand sit inside the shape
 * arithmetic of exported models. Reshape's −1 with symbolic dims cancels matching symbols between input and
 * target (`[1, seq, 768] → [1, seq, 12, −1]` gives 64 even when `seq` is unresolved). O(rank), plus
 * O(elements) when folding.
 */
import type { Dim } from '../types.ts'
import {
  attrInt,
  attrInts,
  bad,
  facts,
  input,
  needNumbers,
  shapeOf,
  valuesOf,
  type InferCtx,
  type InferFn,
  type Scalar,
} from './context.ts'
import { asDim, broadcast, checkPerm, divDim, isNum, mulDim, normAxis, numShape, prodDims, strides, symbolicDims } from './dims.ts'
import { broadcastValue } from './elementwise.ts'

/** The dim that −1 stands for: elements of `from` over the product of `known`. */
function inferMinusOne(from: Dim[], known: Dim[]): Dim {
  let numIn = 1
  const symsIn: string[] = []
  for (const d of from) {
    if (isNum(d)) numIn *= d
    else symsIn.push(d)
  }
  let numOut = 1
  const symsOut: string[] = []
  for (const d of known) {
    if (isNum(d)) numOut *= d
    else {
      const j = symsIn.indexOf(d)
      if (j >= 0) symsIn.splice(j, 1)
      else symsOut.push(d)
    }
  }
  if (symsOut.length > 0) return divDim(mulDim(numIn, prodDims(symsIn)), mulDim(numOut, prodDims(symsOut)))
  if (numOut === 0) return bad('Reshape: −1 next to a 0-sized dimension is ambiguous')
  if (symsIn.length === 0 && numIn % numOut !== 0) bad(`Reshape: ${numIn} elements do not divide into ${numOut}`)
  return mulDim(numIn / numOut, prodDims(symsIn))
}

export function reshapeDims(from: Dim[], target: Scalar[], allowZero: boolean): Dim[] {
  let minus = -1
  const out: Dim[] = target.map((v, i) => {
    if (v === -1) {
      if (minus >= 0) bad('Reshape: more than one −1 in the target shape')
      minus = i
      return 1
    }
    if (v === 0 && !allowZero) {
      if (i >= from.length) bad(`Reshape: 0 at position ${i} copies a dimension the input does not have`)
      return from[i]
    }
    return asDim(v, 'Reshape: target')
  })
  if (minus >= 0) out[minus] = inferMinusOne(from, out.filter((_, i) => i !== minus))
  else {
    const a = prodDims(from)
    const b = prodDims(out)
    if (isNum(a) && isNum(b) && a !== b) bad(`Reshape: ${a} elements cannot take the shape [${out.join(', ')}]`)
  }
  return out
}

const reshape: InferFn = (c) => {
  const x = input(c, 0)
  const target = valuesOf(c, 1)
  if (target === undefined) {
    const t = shapeOf(c, 1)
    // rank known from the shape input's length even when its values are not
    if (t.length === 1 && isNum(t[0])) return [{ dtype: x.dtype, shape: symbolicDims(c.node.outputs[0], t[0], `the Reshape target shape (${c.node.inputs[1]})`) }]
    return bad(`the target shape (${c.node.inputs[1]}) is not a constant`)
  }
  const shape = reshapeDims(shapeOf(c, 0), target, attrInt(c, 'allowzero', 0) === 1)
  return [facts(x.dtype, shape, x.value)]
}

const flatten: InferFn = (c) => {
  const x = input(c, 0)
  const s = shapeOf(c, 0)
  const raw = attrInt(c, 'axis', 1)
  const axis = raw < 0 ? raw + s.length : raw
  if (axis < 0 || axis > s.length) bad(`Flatten axis ${raw} is out of range for rank ${s.length}`)
  return [facts(x.dtype, [prodDims(s.slice(0, axis)), prodDims(s.slice(axis))], x.value)]
}

function transposeValue(v: Scalar[], shape: number[], perm: number[]): Scalar[] {
  const outShape = perm.map((p) => shape[p])
  const inStr = strides(shape)
  const n = v.length
  const res = new Array<Scalar>(n)
  const coord = new Array<number>(outShape.length).fill(0)
  for (let k = 0; k < n; k++) {
    let flat = 0
    for (let d = 0; d < perm.length; d++) flat += coord[d] * inStr[perm[d]]
    res[k] = v[flat]
    for (let d = outShape.length - 1; d >= 0; d--) {
      if (++coord[d] < outShape[d]) break
      coord[d] = 0
    }
  }
  return res
}

const transpose: InferFn = (c) => {
  const x = input(c, 0)
  const s = shapeOf(c, 0)
  const perm = attrInts(c, 'perm') ?? s.map((_, i) => s.length - 1 - i)
  checkPerm(perm, s.length)
  const ns = numShape(s)
  const value = x.value !== undefined && ns !== null ? transposeValue(x.value, ns, perm) : undefined
  return [facts(x.dtype, perm.map((p) => s[p]), value)]
}

/** Axes from the attribute (before opset 13) or from input 1; undefined when absent. */
function axesOf(c: InferCtx, what: string): number[] | undefined {
  if (c.opset < 13) return attrInts(c, 'axes')
  if (!c.node.inputs[1]) return attrInts(c, 'axes')
  return needNumbers(c, 1, `${what} axes`)
}

const squeeze: InferFn = (c) => {
  const x = input(c, 0)
  const s = shapeOf(c, 0)
  const axes = axesOf(c, 'Squeeze')
  let shape: Dim[]
  if (axes === undefined) shape = s.filter((d) => d !== 1)
  else {
    const drop = new Set(axes.map((a) => normAxis(a, s.length)))
    for (const a of drop) if (isNum(s[a]) && s[a] !== 1) bad(`Squeeze: axis ${a} has size ${s[a]}, not 1`)
    shape = s.filter((_, i) => !drop.has(i))
  }
  return [facts(x.dtype, shape, x.value)]
}

const unsqueeze: InferFn = (c) => {
  const x = input(c, 0)
  const s = shapeOf(c, 0)
  const axes = axesOf(c, 'Unsqueeze')
  if (axes === undefined) bad('Unsqueeze has no axes')
  const rank = s.length + axes.length
  const add = new Set(axes.map((a) => normAxis(a, rank)))
  if (add.size !== axes.length) bad('Unsqueeze: repeated axes')
  const shape: Dim[] = []
  let j = 0
  for (let i = 0; i < rank; i++) shape.push(add.has(i) ? 1 : s[j++])
  return [facts(x.dtype, shape, x.value)]
}

const expand: InferFn = (c) => {
  const x = input(c, 0)
  const target = valuesOf(c, 1)
  if (target === undefined) bad(`the Expand shape (${c.node.inputs[1]}) is not a constant`)
  const shape = broadcast([shapeOf(c, 0), target.map((v) => asDim(v, 'Expand: shape'))])
  const from = numShape(x.shape)
  const to = numShape(shape)
  const value = x.value !== undefined && from !== null && to !== null ? broadcastValue(x.value, from, to) : undefined
  return [facts(x.dtype, shape, value)]
}

const tile: InferFn = (c) => {
  const x = input(c, 0)
  const s = shapeOf(c, 0)
  const reps = needNumbers(c, 1, 'Tile repeats')
  if (reps.length !== s.length) bad(`Tile: ${reps.length} repeats for rank ${s.length}`)
  return [{ dtype: x.dtype, shape: s.map((d, i) => mulDim(d, reps[i])) }]
}

const pad: InferFn = (c) => {
  const x = input(c, 0)
  const s = shapeOf(c, 0)
  const pads = c.opset < 11 ? (attrInts(c, 'pads') ?? bad('Pad has no pads')) : needNumbers(c, 1, 'Pad pads')
  const rawAxes = c.opset >= 18 && c.node.inputs[3] ? needNumbers(c, 3, 'Pad axes') : undefined
  const axes = rawAxes?.map((a) => normAxis(a, s.length)) ?? s.map((_, i) => i)
  if (pads.length !== 2 * axes.length) bad(`Pad: ${pads.length} pads for ${axes.length} axes`)
  const shape = [...s]
  axes.forEach((a, k) => {
    const d = shape[a]
    shape[a] = isNum(d) ? d + pads[k] + pads[k + axes.length] : `${d}+${pads[k] + pads[k + axes.length]}`
  })
  return [{ dtype: x.dtype, shape }]
}

const identity: InferFn = (c) => {
  const x = input(c, 0)
  return [facts(x.dtype, x.shape, x.value)]
}

const depthToSpace: InferFn = (c) => {
  const s = shapeOf(c, 0)
  const b = attrInt(c, 'blocksize', 1)
  if (s.length !== 4) bad('DepthToSpace needs rank 4')
  return [{ dtype: input(c, 0).dtype, shape: [s[0], divDim(s[1], b * b), mulDim(s[2], b), mulDim(s[3], b)] }]
}

const spaceToDepth: InferFn = (c) => {
  const s = shapeOf(c, 0)
  const b = attrInt(c, 'blocksize', 1)
  if (s.length !== 4) bad('SpaceToDepth needs rank 4')
  return [{ dtype: input(c, 0).dtype, shape: [s[0], mulDim(s[1], b * b), divDim(s[2], b), divDim(s[3], b)] }]
}

export const SHAPE_OPS: Record<string, InferFn> = {
  Reshape: reshape,
  Flatten: flatten,
  Transpose: transpose,
  Squeeze: squeeze,
  Unsqueeze: unsqueeze,
  Expand: expand,
  Tile: tile,
  Pad: pad,
  Identity: identity,
  DepthToSpace: depthToSpace,
  SpaceToDepth: spaceToDepth,
}
