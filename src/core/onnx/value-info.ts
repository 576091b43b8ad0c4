/**
 * ValueInfoProto → RawValueInfo: the name, and for a tensor (or an optional / sparse tensor) its element type
 * and shape, read with one protobuf-es `BinaryReader` field by field (nested messages by their end offset).
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
    else if (no === 2 && wt === WireType.LengthDelimited) readType(r, nestedEnd(r), type, 0)
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

/** The end of the nested message whose length prefix is at `r.pos` (one reader for the whole tree). */
function nestedEnd(r: BinaryReader): number {
  const len = r.uint32()
  const end = r.pos + len
  if (end > r.len) throw new RangeError('premature EOF: a nested message runs past the value info')
  return end
}

/** After a nested message's fields: a field that ran past its end overlapped the next one. */
function closeNested(r: BinaryReader, end: number): void {
  if (r.pos !== end) throw new Error('a field runs past the end of the message it is in')
}

/** Merges the TypeProto [r.pos, end) into `t`. */
function readType(r: BinaryReader, end: number, t: TypeState, depth: number): void {
  if (depth > MAX_TYPE_DEPTH) throw new Error(`types nested more than ${MAX_TYPE_DEPTH} levels deep`)
  while (r.pos < end) {
    const [no, wt] = r.tag()
    if (wt !== WireType.LengthDelimited || (no !== T_TENSOR && no !== T_SPARSE && no !== T_OPTIONAL && no !== 4 && no !== 5 && no !== 7)) {
      r.skip(wt, no)
      continue
    }
    const bodyEnd = nestedEnd(r)
    // another member of the oneof replaces what was there; the same member again merges into it
    if (t.kind !== no) Object.assign(t, emptyType(), { kind: no })
    if (no === T_TENSOR || no === T_SPARSE) readTensorType(r, bodyEnd, t)
    else if (no === T_OPTIONAL) readOptional(r, bodyEnd, t, depth)
    // 4 sequence, 5 map, 7 opaque: no single shape, nothing more to read
    r.pos = bodyEnd
  }
  closeNested(r, end)
}

/** TypeProto.Optional: field 1, its element type. */
function readOptional(r: BinaryReader, end: number, t: TypeState, depth: number): void {
  while (r.pos < end) {
    const [no, wt] = r.tag()
    if (no === 1 && wt === WireType.LengthDelimited) readType(r, nestedEnd(r), (t.inner ??= emptyType()), depth + 1)
    else r.skip(wt, no)
  }
  closeNested(r, end)
}

/** TypeProto.Tensor / SparseTensor: elem_type (1) and shape (2), a TensorShapeProto of dims (1). */
function readTensorType(r: BinaryReader, end: number, t: TypeState): void {
  while (r.pos < end) {
    const [no, wt] = r.tag()
    if (no === 1 && wt === WireType.Varint) t.elemType = r.int32()
    else if (no === 2 && wt === WireType.LengthDelimited) {
      const shapeEnd = nestedEnd(r)
      const dims = (t.dims ??= [])
      while (r.pos < shapeEnd) {
        const [dno, dwt] = r.tag()
        if (dno === 1 && dwt === WireType.LengthDelimited) dims.push(readDim(r, nestedEnd(r)))
        else r.skip(dwt, dno)
      }
      closeNested(r, shapeEnd)
    } else r.skip(wt, no)
  }
  closeNested(r, end)
}

/** TensorShapeProto.Dimension: dim_value (1) or dim_param (2), the last one met; neither is null. */
function readDim(r: BinaryReader, end: number): bigint | string | null {
  let d: bigint | string | null = null
  while (r.pos < end) {
    const [no, wt] = r.tag()
    if (no === 1 && wt === WireType.Varint) d = BigInt(r.int64())
    else if (no === 2 && wt === WireType.LengthDelimited) {
      const s = r.string()
      d = s === '' ? null : s
    } else r.skip(wt, no)
  }
  closeNested(r, end)
  return d
}
