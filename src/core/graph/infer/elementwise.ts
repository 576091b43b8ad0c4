/**
 * Element-wise operators: unary maps, numpy-broadcasting binary and variadic operators, comparisons and
 * logic (bool outputs), Where, Cast/CastLike, Clip, PRelu, Dropout, IsNaN/IsInf.
 *
 * Folding: when every input carries constant values and the output is small, the values are computed as
 * well, because exported models do shape arithmetic with them (Shape → Gather → Mul → Concat → Reshape,
 * `Where(Equal(shape, -1), 1, shape)` before Expand). Symbolic entries fold through Add/Sub/Mul/Div into
 * dim expressions and through Equal when both sides are the same symbol; anything else leaves the value
 * unknown (never guessed). O(output elements).
 */
import type { Dim, DType } from '../types.ts'
import {
  allInputs,
  attrFloat,
  bad,
  dtypeAttr,
  facts,
  input,
  isIntegral,
  MAX_FOLD,
  optInput,
  shapeOf,
  type Facts,
  type InferCtx,
  type InferFn,
  type Scalar,
} from './context.ts'
import { addDim, broadcast, divDim, mulDim, numel, numShape, strides, subDim } from './dims.ts'
import { own } from '../../names.ts'

// ---- broadcasting of values ----------------------------------------------------------------------------

/** For each output element, the flat index into an input of shape `inShape` broadcast to `outShape`. */
function broadcastIndex(outShape: number[], inShape: number[]): number[] {
  const n = outShape.reduce((a, b) => a * b, 1)
  const rank = outShape.length
  const pad = rank - inShape.length
  const inStrides = strides(inShape)
  const idx = new Array<number>(n)
  const coord = new Array<number>(rank).fill(0)
  for (let k = 0; k < n; k++) {
    let flat = 0
    for (let d = pad; d < rank; d++) if (inShape[d - pad] !== 1) flat += coord[d] * inStrides[d - pad]
    idx[k] = flat
    for (let d = rank - 1; d >= 0; d--) {
      if (++coord[d] < outShape[d]) break
      coord[d] = 0
    }
  }
  return idx
}

/** A value of shape `inShape` broadcast to `outShape` (Expand), or undefined when too large. */
export function broadcastValue(value: Scalar[], inShape: number[], outShape: number[]): Scalar[] | undefined {
  if (numel(outShape)! > MAX_FOLD) return undefined
  return broadcastIndex(outShape, inShape).map((i) => value[i])
}

/** Folds `f` over broadcast inputs; undefined when a value is missing or `f` gives up on an element. */
function foldBroadcast(ins: Facts[], out: Dim[], f: (xs: Scalar[]) => Scalar | undefined): Scalar[] | undefined {
  const outShape = numShape(out)
  if (outShape === null) return undefined
  const n = numel(outShape)!
  if (n > MAX_FOLD) return undefined
  const maps: number[][] = []
  for (const x of ins) {
    const s = numShape(x.shape)
    if (x.value === undefined || s === null) return undefined
    maps.push(broadcastIndex(outShape, s))
  }
  const res: Scalar[] = []
  for (let k = 0; k < n; k++) {
    const r = f(ins.map((x, j) => x.value![maps[j][k]]))
    if (r === undefined) return undefined
    res.push(r)
  }
  return res
}

// ---- scalar arithmetic ---------------------------------------------------------------------------------

type Arith = (a: Scalar, b: Scalar, integral: boolean) => Scalar | undefined

const num = (f: (a: number, b: number, integral: boolean) => number): Arith => (a, b, i) =>
  typeof a === 'number' && typeof b === 'number' ? f(a, b, i) : undefined

const ARITH: Record<string, Arith> = {
  Add: (a, b) => addDim(a, b),
  Sub: (a, b) => (typeof a === 'number' && typeof b === 'number' ? a - b : subDim(a, b)),
  Mul: (a, b) => mulDim(a, b),
  Div: (a, b, i) => {
    if (typeof a === 'number' && typeof b === 'number') {
      if (!i) return a / b
      return b === 0 ? undefined : Math.trunc(a / b)
    }
    return i ? divDim(a, b) : undefined
  },
  Mod: num((a, b) => (b === 0 ? NaN : ((a % b) + b) % b)),
  Pow: num((a, b, i) => (i ? Math.trunc(a ** b) : a ** b)),
  Min: num((a, b) => Math.min(a, b)),
  Max: num((a, b) => Math.max(a, b)),
  Equal: (a, b) => (a === b ? 1 : typeof a === 'number' && typeof b === 'number' ? 0 : undefined),
  Less: num((a, b) => +(a < b)),
  Greater: num((a, b) => +(a > b)),
  LessOrEqual: num((a, b) => +(a <= b)),
  GreaterOrEqual: num((a, b) => +(a >= b)),
  And: num((a, b) => +(a !== 0 && b !== 0)),
  Or: num((a, b) => +(a !== 0 || b !== 0)),
  Xor: num((a, b) => +((a !== 0) !== (b !== 0))),
}

const UNARY_FOLD: Record<string, ((x: number) => number) | undefined> = {
  Neg: (x) => -x, Abs: Math.abs, Floor: Math.floor, Ceil: Math.ceil, Round: (x) => Math.round(x),
  Sqrt: Math.sqrt, Exp: Math.exp, Log: Math.log, Reciprocal: (x) => 1 / x, Relu: (x) => Math.max(0, x),
  Not: (x) => +(x === 0), Sign: Math.sign, Sin: Math.sin, Cos: Math.cos,
}

// ---- operator families -----------------------------------------------------------------------------------

const unary: InferFn = (c) => {
  const x = input(c, 0)
  const f = own(UNARY_FOLD, c.node.op)
  const v = f && x.value?.every((e) => typeof e === 'number') ? (x.value as number[]).map(f) : undefined
  return [facts(x.dtype, x.shape, v)]
}

const toBool = (dtype: DType | null): InferFn => (c) => {
  const x = input(c, 0)
  return [facts(dtype ?? x.dtype, x.shape)]
}

function binaryLike(outDtype: (ins: Facts[]) => DType | null): InferFn {
  return (c) => {
    const ins = allInputs(c)
    const shape = broadcast(ins.map((_, i) => shapeOf(c, i)))
    const dtype = outDtype(ins)
    const f = own(ARITH, c.node.op)
    let value: Scalar[] | undefined
    if (f !== undefined) {
      const integral = isIntegral(ins[0].dtype)
      value = foldBroadcast(ins, shape, (xs) => {
        let acc: Scalar | undefined = xs[0]
        for (let j = 1; j < xs.length && acc !== undefined; j++) acc = f(acc, xs[j], integral)
        return acc
      })
    }
    return [facts(dtype, shape, value)]
  }
}

const sameAsFirst = binaryLike((ins) => ins[0].dtype)
const boolOut = binaryLike(() => 'bool')

const where: InferFn = (c) => {
  const ins = [input(c, 0), input(c, 1), input(c, 2)]
  const shape = broadcast([shapeOf(c, 0), shapeOf(c, 1), shapeOf(c, 2)])
  const value = foldBroadcast(ins, shape, ([cond, a, b]) => (typeof cond === 'number' ? (cond !== 0 ? a : b) : undefined))
  return [facts(ins[1].dtype ?? ins[2].dtype, shape, value)]
}

function castValues(v: Scalar[] | undefined, to: DType | null): Scalar[] | undefined {
  if (v === undefined || to === null) return undefined
  if (to === 'bool') return v.every((e) => typeof e === 'number') ? v.map((e) => +(e !== 0)) : undefined
  if (isIntegral(to)) return v.map((e) => (typeof e === 'number' ? Math.trunc(e) : e))
  if (to === 'string') return undefined
  return v
}

const cast: InferFn = (c) => {
  const x = input(c, 0)
  const to = dtypeAttr(c, 'to', null)
  if (to === null) bad('Cast has no `to` attribute')
  return [facts(to, x.shape, castValues(x.value, to))]
}

const castLike: InferFn = (c) => {
  const x = input(c, 0)
  const to = input(c, 1).dtype
  return [facts(to, x.shape, castValues(x.value, to))]
}

/** A Clip bound: the attribute before opset 11, the optional input after; undefined when not constant. */
function clipBound(c: InferCtx, i: number, name: string, def: number): number | undefined {
  if (c.opset < 11) return attrFloat(c, name, def)
  if (!c.node.inputs[i]) return def
  const v = optInput(c, i)?.value?.[0]
  return typeof v === 'number' ? v : undefined
}

const clip: InferFn = (c) => {
  const x = input(c, 0)
  const lo = clipBound(c, 1, 'min', -Infinity)
  const hi = clipBound(c, 2, 'max', Infinity)
  const v =
    lo !== undefined && hi !== undefined && x.value?.every((e) => typeof e === 'number')
      ? (x.value as number[]).map((e) => Math.min(hi, Math.max(lo, e)))
      : undefined
  return [facts(x.dtype, x.shape, v)]
}

/** PRelu: the slope broadcasts to X (unidirectionally; before opset 7 a 1-D slope runs along axis 1). */
const prelu: InferFn = (c) => {
  const x = input(c, 0)
  return [facts(x.dtype, x.shape)]
}

/** Dropout (inference): output 0 is the input; the optional mask is bool of the same shape. */
const dropout: InferFn = (c) => {
  const x = input(c, 0)
  const out: Facts[] = [facts(x.dtype, x.shape, x.value)]
  if (c.node.outputs.length > 1) out.push({ dtype: 'bool', shape: x.shape })
  return out
}

const UNARY_OPS = [
  'Relu', 'LeakyRelu', 'Elu', 'Selu', 'Celu', 'Sigmoid', 'HardSigmoid', 'HardSwish', 'Tanh', 'Softplus',
  'Softsign', 'Gelu', 'FastGelu', 'Mish', 'Erf', 'Abs', 'Neg', 'Exp', 'Log', 'Sqrt', 'Reciprocal', 'Floor',
  'Ceil', 'Round', 'Sin', 'Cos', 'Tan', 'Asin', 'Acos', 'Atan', 'Sinh', 'Cosh', 'Asinh', 'Acosh', 'Atanh',
  'Sign', 'ThresholdedRelu', 'Shrink', 'Not', 'BitwiseNot', 'LpNormalization', 'MeanVarianceNormalization',
  'QuickGelu', 'Swish',
]

/** Ops counted as element-wise by FLOPs (one op per output element unless flops.ts says otherwise). */
export const ELEMENTWISE_OPS = new Set<string>([
  ...UNARY_OPS, 'Add', 'Sub', 'Mul', 'Div', 'Pow', 'Mod', 'Min', 'Max', 'Sum', 'Mean', 'PRelu', 'BitShift',
  'BitwiseAnd', 'BitwiseOr', 'BitwiseXor', 'And', 'Or', 'Xor', 'Equal', 'Less', 'Greater', 'LessOrEqual',
  'GreaterOrEqual', 'Where', 'Clip', 'IsNaN', 'IsInf',
])

export const ELEMENTWISE: Record<string, InferFn> = {
  ...Object.fromEntries(UNARY_OPS.map((op) => [op, unary])),
  ...Object.fromEntries(
    ['Add', 'Sub', 'Mul', 'Div', 'Pow', 'Mod', 'Min', 'Max', 'Sum', 'Mean', 'BitShift', 'BitwiseAnd', 'BitwiseOr', 'BitwiseXor'].map(
      (op) => [op, sameAsFirst],
    ),
  ),
  ...Object.fromEntries(
    ['And', 'Or', 'Xor', 'Equal', 'Less', 'Greater', 'LessOrEqual', 'GreaterOrEqual'].map((op) => [op, boolOut]),
  ),
  IsNaN: toBool('bool'),
  IsInf: toBool('bool'),
  Where: where,
  Cast: cast,
  CastLike: castLike,
  Clip: clip,
  Dropout: dropout,
  PRelu: prelu,
}
