/**
 * The format-neutral graph every algorithm works on: `memoria-graph` version 1 (docs/spec.md section 1).
 *
 * Readers (ONNX, JSON) produce it; the memory models, schedulers, partitioners, the app and the CLI consume
 * it. It is plain data so it crosses worker boundaries and serialises as is. Invariants, checked by
 * `validateGraph`: node names unique; every tensor named by a node or by `inputs`/`outputs` appears once in
 * `tensors`; every tensor has at most one producer; the nodes form a DAG (their file order need not be
 * topological). `bytes` is null exactly when the size is not known: nothing unknown counts as zero.
 */

export const DTYPES = [
  'float32', 'float16', 'bfloat16', 'float64', 'float8e4m3fn', 'float8e4m3fnuz', 'float8e5m2', 'float8e5m2fnuz',
  'float4e2m1', 'int4', 'uint4', 'int8', 'int16', 'int32', 'int64', 'uint8', 'uint16', 'uint32', 'uint64',
  'bool', 'complex64', 'complex128', 'string',
] as const
export type DType = (typeof DTYPES)[number]

/** Size of one element in bits; null for `string` (no fixed size). */
export const DTYPE_BITS: Record<DType, number | null> = {
  float32: 32, float16: 16, bfloat16: 16, float64: 64,
  float8e4m3fn: 8, float8e4m3fnuz: 8, float8e5m2: 8, float8e5m2fnuz: 8, float4e2m1: 4,
  int4: 4, uint4: 4, int8: 8, int16: 16, int32: 32, int64: 64,
  uint8: 8, uint16: 16, uint32: 32, uint64: 64,
  bool: 8, complex64: 64, complex128: 128, string: null,
}

/** A dimension: a size, or the name of a symbol no binding resolved. */
export type Dim = number | string

export type TensorKind = 'input' | 'weight' | 'output' | 'activation'

export interface TensorInfo {
  name: string
  kind: TensorKind
  /** null when an unknown operator produced it and nobody said its type */
  dtype: DType | null
  /** null when even the rank is unknown */
  shape: Dim[] | null
  /** product(shape) × dtype size, sub-byte types rounded up; null when not fully known or `string` */
  bytes: number | null
}

/** A tensor-valued attribute (e.g. Constant's `value`): values only when it has at most 64 elements. */
export interface TensorAttr {
  dtype: DType | null
  shape: number[]
  values?: (number | string)[]
}

export type AttrValue =
  | number
  | string
  | number[]
  | string[]
  | (number | string)[]
  | TensorAttr
  | TensorAttr[]
  | { graph: { nodes: number } }

export interface NodeInfo {
  name: string
  op: string
  domain: string
  /** `""` is an omitted optional input and names no tensor */
  inputs: string[]
  outputs: string[]
  attributes: Record<string, AttrValue>
  /** a multiply–add counts 2; an estimate for non-compute operators (docs/shape-inference.md) */
  flops: number
}

export interface MemoriaGraph {
  format: 'memoria-graph'
  version: 1
  name: string
  producer: string
  opset: Record<string, number>
  /** every symbol that occurs, with the value used (an unbound symbol is 1) */
  symbols: Record<string, number>
  inputs: string[]
  outputs: string[]
  tensors: TensorInfo[]
  nodes: NodeInfo[]
  /** optional extras the ONNX reader fills; not part of the core contract */
  docString?: string
  metadata?: Record<string, string>
  irVersion?: number
  /** symbols the user did not bind (assumed 1) */
  assumedSymbols?: string[]
  warnings?: string[]
}

export function dtypeBytes(dtype: DType | null, shape: Dim[] | null): number | null {
  if (dtype === null || shape === null) return null
  const bits = DTYPE_BITS[dtype]
  if (bits === null) return null
  let n = 1
  for (const d of shape) {
    if (typeof d !== 'number') return null
    n *= d
  }
  return Math.ceil((n * bits) / 8)
}
