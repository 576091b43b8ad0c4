/**
 * ValueInfoProto → RawValueInfo: the name, and for a tensor (or an optional / sparse tensor) its element type
 * and shape, read with protobuf-es's `BinaryReader` field by field.
 *
 * Why not `fromBinary(ValueInfoProtoSchema)`: it builds every message of the type tree with all its
 * defaults, which made graph inputs/outputs a third of the reader's time on a graph that declares 100k
 * outputs. The rules are protobuf's: a repeated singular field keeps its last value, a message field met
 * twice is merged (so is a oneof member met twice; another member replaces it), unknown fields and fields
 * of an unexpected wire type are skipped. Sequences, maps and opaque types have no single shape: dtype and
 * shape null. Cost: O(bytes).
 */
import { BinaryReader, WireType } from '@bufbuild/protobuf/wire'
import type { Dim } from '../graph/types.ts'
import type { RawValueInfo } from './raw.ts'
import { dtypeOf } from './tensor.ts'

/** TypeProto field numbers (onnx.proto): the oneof `value` members this reader looks into. */
const T_TENSOR = 1, T_OPTIONAL = 9, T_SPARSE = 8
/** An optional type's element type nested deeper than this is refused (protobuf-es stops at 100 too). */
const MAX_TYPE_DEPTH = 64

interface TypeState {
  /** the TypeProto `value` case met last: 0 none, or its field number */
  kind: number
  elemType: number
  /** null: no shape field; otherwise its dims (a null dim: neither value nor param) */
  dims: (bigint | string | null)[] | null
  /** the element type of an optional */
  inner: TypeState | null
}

const emptyType = (): TypeState => ({ kind: 0, elemType: 0, dims: null, inner: null })

/**
 * Decodes a ValueInfoProto. Throws a RangeError or Error (protobuf-es's) on bytes that do not decode, and
 * an Error naming the tensor for a dimension outside [0, 2^53); the caller turns both into ONNX_MALFORMED.
 */
export function decodeValueInfo(bytes: Uint8Array): RawValueInfo {
  const r = new BinaryReader(bytes)
  let name = ''
  const type = emptyType()
  while (r.pos < r.len) {
    const [no, wt] = r.tag()
    if (no === 1 && wt === WireType.LengthDelimited) name = r.string()
    else if (no === 2 && wt === WireType.LengthDelimited) readType(r.bytes(), type, 0)
    else r.skip(wt, no)
  }
  let t: TypeState | null = type
  // optional(tensor) reads as its tensor
  while (t !== null && t.kind === T_OPTIONAL) t = t.inner
  if (t === null || (t.kind !== T_TENSOR && t.kind !== T_SPARSE)) return { name, dtype: null, shape: null }
  const shape = t.dims === null ? null : t.dims.map((d): Dim | null => (typeof d === 'bigint' ? checkedDim(d, name) : d))
  return { name, dtype: dtypeOf(t.elemType), shape }
}

function checkedDim(n: bigint, tensor: string): number {
  if (n < 0n || n > BigInt(Number.MAX_SAFE_INTEGER)) throw new DimError(tensor, n)
  return Number(n)
}

/** A declared dimension no tensor can have; graph.ts reports it with the tensor's name. */
export class DimError extends Error {
  constructor(readonly tensor: string, readonly dim: bigint) {
    super(`tensor '${tensor}' declares the dimension ${dim}`)
  }
}

/** Merges the TypeProto `bytes` into `t`. */
function readType(bytes: Uint8Array, t: TypeState, depth: number): void {
  if (depth > MAX_TYPE_DEPTH) throw new Error(`types nested more than ${MAX_TYPE_DEPTH} levels deep`)
  const r = new BinaryReader(bytes)
  while (r.pos < r.len) {
    const [no, wt] = r.tag()
    if (wt !== WireType.LengthDelimited || (no !== T_TENSOR && no !== T_SPARSE && no !== T_OPTIONAL && no !== 4 && no !== 5 && no !== 7)) {
      r.skip(wt, no)
      continue
    }
    const body = r.bytes()
    // another member of the oneof replaces what was there; the same member again merges into it
    if (t.kind !== no) Object.assign(t, emptyType(), { kind: no })
    if (no === T_TENSOR || no === T_SPARSE) readTensorType(body, t)
    else if (no === T_OPTIONAL) readOptional(body, t, depth)
    // 4 sequence, 5 map, 7 opaque: no single shape, nothing more to read
  }
}

/** TypeProto.Optional: field 1, its element type. */
function readOptional(bytes: Uint8Array, t: TypeState, depth: number): void {
  const r = new BinaryReader(bytes)
  while (r.pos < r.len) {
    const [no, wt] = r.tag()
    if (no === 1 && wt === WireType.LengthDelimited) readType(r.bytes(), (t.inner ??= emptyType()), depth + 1)
    else r.skip(wt, no)
  }
}

/** TypeProto.Tensor / SparseTensor: elem_type (1) and shape (2), a TensorShapeProto of dims (1). */
function readTensorType(bytes: Uint8Array, t: TypeState): void {
  const r = new BinaryReader(bytes)
  while (r.pos < r.len) {
    const [no, wt] = r.tag()
    if (no === 1 && wt === WireType.Varint) t.elemType = r.int32()
    else if (no === 2 && wt === WireType.LengthDelimited) {
      const shape = new BinaryReader(r.bytes())
      const dims = (t.dims ??= [])
      while (shape.pos < shape.len) {
        const [dno, dwt] = shape.tag()
        if (dno === 1 && dwt === WireType.LengthDelimited) dims.push(readDim(shape.bytes()))
        else shape.skip(dwt, dno)
      }
    } else r.skip(wt, no)
  }
}

/** TensorShapeProto.Dimension: dim_value (1) or dim_param (2), the last one met; neither is null. */
function readDim(bytes: Uint8Array): bigint | string | null {
  const r = new BinaryReader(bytes)
  let d: bigint | string | null = null
  while (r.pos < r.len) {
    const [no, wt] = r.tag()
    if (no === 1 && wt === WireType.Varint) d = BigInt(r.int64())
    else if (no === 2 && wt === WireType.LengthDelimited) {
      const s = r.string()
      d = s === '' ? null : s
    } else r.skip(wt, no)
  }
  return d
}
