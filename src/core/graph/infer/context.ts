/**
 * What an operator's inference function sees and returns: the facts (dtype, shape, and for small tensors
 * their constant values) of its inputs, its attributes, and the opset.
 *
 * Invariants: a `Facts.value`, when present, has exactly product(shape) entries in row-major order and the
 * shape is all numbers. A value entry is a number, or a string naming a dimension no binding resolved
 * (from `Shape` of a tensor with such a dim); strings never stand for string-typed data. An inference
 * function either returns one `Facts` per output (missing trailing optional outputs may be omitted) or
 * throws `InferError`, which the builder turns into a warning and unknown outputs. O(1) per call apart from
 * the work of the operator itself (folding is capped at `MAX_FOLD` elements).
 */
import type { Dim, DType } from '../types.ts'
import type { RawAttr, RawNode, RawTensor } from '../../onnx/raw.ts'
import { own } from '../../names.ts'

export type Scalar = number | string

export interface Facts {
  dtype: DType | null
  /** null: rank unknown */
  shape: Dim[] | null
  /** constant contents, row-major; only for small tensors (≤ MAX_FOLD elements) */
  value?: Scalar[]
}

/** Largest tensor whose values are carried through folding (shape arithmetic is tiny; masks are not). */
export const MAX_FOLD = 4096

export class InferError extends Error {}

/** An input's shape (or needed value) is unknown because something upstream is: not a failure of its own. */
export class UnknownInputError extends InferError {}

export function bad(message: string): never {
  throw new InferError(message)
}

export interface InferCtx {
  node: RawNode
  /** version of the node's domain in the model's opset imports (the default domain's when absent) */
  opset: number
  /** per node input; null for an omitted optional input ('') */
  inputs: (Facts | null)[]
}

export type InferFn = (c: InferCtx) => Facts[]

// ---- attributes --------------------------------------------------------------------------------------------

function num(v: number | string): number {
  return typeof v === 'number' ? v : Number(v)
}

export function attr(c: InferCtx, name: string): RawAttr | undefined {
  return own(c.node.attributes, name)
}

export function attrInt(c: InferCtx, name: string, def: number): number {
  const a = attr(c, name)
  if (a === undefined) return def
  if (a.type === 'int') return num(a.value)
  if (a.type === 'float') return a.value
  return bad(`attribute ${name} is not an integer`)
}

export function attrFloat(c: InferCtx, name: string, def: number): number {
  const a = attr(c, name)
  if (a === undefined) return def
  if (a.type === 'float') return a.value
  if (a.type === 'int') return num(a.value)
  return bad(`attribute ${name} is not a float`)
}

export function attrInts(c: InferCtx, name: string): number[] | undefined {
  const a = attr(c, name)
  if (a === undefined) return undefined
  if (a.type === 'ints') return a.value.map(num)
  if (a.type === 'int') return [num(a.value)]
  if (a.type === 'floats') return a.value
  return bad(`attribute ${name} is not a list of integers`)
}

export function attrFloats(c: InferCtx, name: string): number[] | undefined {
  const a = attr(c, name)
  if (a === undefined) return undefined
  if (a.type === 'floats') return a.value
  if (a.type === 'ints') return a.value.map(num)
  return bad(`attribute ${name} is not a list of floats`)
}

export function attrStr(c: InferCtx, name: string, def: string): string {
  const a = attr(c, name)
  if (a === undefined) return def
  if (a.type === 'string') return a.value
  return bad(`attribute ${name} is not a string`)
}

/** A RawTensor as facts; values (big int64 as decimal strings) become numbers. */
export function tensorFacts(t: RawTensor): Facts {
  const f: Facts = { dtype: t.dtype, shape: [...t.dims] }
  if (t.values !== undefined && t.dtype !== 'string' && t.values.length <= MAX_FOLD) f.value = t.values.map(num)
  return f
}

// ---- inputs ------------------------------------------------------------------------------------------------

export function input(c: InferCtx, i: number): Facts {
  const f = c.inputs[i]
  if (f === undefined || f === null) {
    if (c.node.inputs[i]) throw new UnknownInputError(`input ${i} (${c.node.inputs[i]}) is unknown`)
    return bad(`input ${i} is missing`)
  }
  return f
}

/** Output 0 with input 0's dtype and shape: the whole inference of every shape-preserving operator. */
export const same: InferFn = (c) => {
  const x = input(c, 0)
  return [{ dtype: x.dtype, shape: x.shape }]
}

/** Every input of a variadic operator (Concat, Sum, Einsum, …); at least one is required. */
export function allInputs(c: InferCtx): Facts[] {
  if (c.node.inputs.length === 0) bad(`${c.node.op} has no inputs`)
  return c.node.inputs.map((_, i) => input(c, i))
}

export function optInput(c: InferCtx, i: number): Facts | null {
  return c.inputs[i] ?? null
}

/** The shape of input i; throws when the rank is unknown (the outputs then become unknown). */
export function shapeOf(c: InferCtx, i: number): Dim[] {
  const s = input(c, i).shape
  if (s === null) throw new UnknownInputError(`the shape of input ${i} (${c.node.inputs[i]}) is unknown`)
  return s
}

/** Constant contents of input i as numbers, or undefined when not known (or when they hold a symbol). */
export function numbersOf(c: InferCtx, i: number): number[] | undefined {
  const v = optInput(c, i)?.value
  if (v === undefined) return undefined
  return v.every((x) => typeof x === 'number') ? (v as number[]) : undefined
}

/** Constant contents of input i (numbers and symbolic dims), or undefined. */
export function valuesOf(c: InferCtx, i: number): Scalar[] | undefined {
  return optInput(c, i)?.value
}

/** Like numbersOf, but a missing value is an inference failure naming what was needed. */
export function needNumbers(c: InferCtx, i: number, what: string): number[] {
  const v = numbersOf(c, i)
  if (v === undefined) return bad(`${what} (input ${i}, ${c.node.inputs[i]}) is not a constant`)
  return v
}

export function facts(dtype: DType | null, shape: Dim[] | null, value?: Scalar[]): Facts {
  if (value !== undefined && shape !== null && value.length <= MAX_FOLD) return { dtype, shape, value }
  return { dtype, shape }
}

/** ONNX TensorProto.DataType codes (Cast's `to`, ConstantOfShape, EyeLike, …) to dtype names. */
export const ONNX_DTYPE_CODES: Record<number, DType> = {
  1: 'float32', 2: 'uint8', 3: 'int8', 4: 'uint16', 5: 'int16', 6: 'int32', 7: 'int64', 8: 'string', 9: 'bool',
  10: 'float16', 11: 'float64', 12: 'uint32', 13: 'uint64', 14: 'complex64', 15: 'complex128', 16: 'bfloat16',
  17: 'float8e4m3fn', 18: 'float8e4m3fnuz', 19: 'float8e5m2', 20: 'float8e5m2fnuz', 21: 'uint4', 22: 'int4',
  23: 'float4e2m1',
}

export function dtypeAttr(c: InferCtx, name: string, def: DType | null): DType | null {
  const a = attr(c, name)
  if (a === undefined) return def
  const code = attrInt(c, name, 0)
  const d = ONNX_DTYPE_CODES[code]
  if (d === undefined) return bad(`attribute ${name} names an unknown data type ${code}`)
  return d
}

export function isIntegral(d: DType | null): boolean {
  return d !== null && (d.startsWith('int') || d.startsWith('uint') || d === 'bool')
}
