/**
 * TensorProto at the wire level: dtype, dims, name and where the payload is — never the payload itself,
 * except the small tensors whose values shape arithmetic needs.
 *
 * Invariants: a payload field (raw_data, float_data, …) is skipped by its length and recorded as
 * `{ kind: 'inline', offset, length, field }`; an external tensor keeps its `location`/`offset`/`length`
 * keys; `values` are decoded only for integer (and bool) tensors whose payload is ≤ 64 KiB, and for any
 * tensor of ≤ 64 elements (int64 beyond ±2^53 as decimal strings). Cost: O(fields) window reads, plus
 * O(payload) only for decoded values.
 */
import { fromBinary } from '@bufbuild/protobuf'
import { StringStringEntryProtoSchema } from 'onnx-buf'
import { fmtInt, shownName } from '../errors.ts'
import { DTYPE_BITS, type DType } from '../graph/types.ts'
import type { RawTensor, TensorDataField, TensorLocation } from './raw.ts'
import { WT_I32, WT_I64, WT_LEN, WT_VARINT, getOwn, setOwn, utf8, type Field, type WindowReader } from './wire.ts'

/** TensorProto.DataType codes (onnx.proto) → numpy-style names. */
const DTYPE_CODES: Record<number, DType> = {
  1: 'float32', 2: 'uint8', 3: 'int8', 4: 'uint16', 5: 'int16', 6: 'int32', 7: 'int64', 8: 'string', 9: 'bool',
  10: 'float16', 11: 'float64', 12: 'uint32', 13: 'uint64', 14: 'complex64', 15: 'complex128', 16: 'bfloat16',
  17: 'float8e4m3fn', 18: 'float8e4m3fnuz', 19: 'float8e5m2', 20: 'float8e5m2fnuz', 21: 'uint4', 22: 'int4',
  23: 'float4e2m1',
}

export function dtypeOf(code: number): DType | null {
  return DTYPE_CODES[code] ?? null
}

/** The TensorProto.DataType code of a dtype name (inverse of dtypeOf); null for one ONNX has no code for. */
export function dtypeCode(dtype: DType): number | null {
  for (const [code, name] of Object.entries(DTYPE_CODES)) if (name === dtype) return Number(code)
  return null
}

const INTEGER: ReadonlySet<DType> = new Set<DType>([
  'int4', 'uint4', 'int8', 'uint8', 'int16', 'uint16', 'int32', 'uint32', 'int64', 'uint64', 'bool',
])

const DATA_FIELDS: Record<number, TensorDataField> = {
  4: 'float_data', 5: 'int32_data', 6: 'string_data', 7: 'int64_data', 9: 'raw_data', 10: 'double_data',
  11: 'uint64_data',
}

const describeTensorField = (no: number): string => DATA_FIELDS[no] ?? `field ${no}`

/** Small integer tensors (shape arithmetic) are decoded up to this many payload bytes. */
export const VALUES_MAX_BYTES = 64 << 10
/** Any tensor is decoded up to this many elements. */
export const VALUES_MAX_ELEMENTS = 64
/** Unpacked repeated payloads beyond this many fields are located but not decoded. */
const MAX_PIECES = 4096

export function elementCount(dims: number[]): number {
  let n = 1
  for (const d of dims) n *= d
  return n
}

/** Bytes of a dense tensor; null for `string` or an unknown dtype. */
export function tensorBytes(dtype: DType | null, dims: number[]): number | null {
  if (dtype === null) return null
  const bits = DTYPE_BITS[dtype]
  return bits === null ? null : Math.ceil((elementCount(dims) * bits) / 8)
}

/** Reads the TensorProto whose bytes are [start, end); `label` names it in errors and warnings. */
export async function readTensor(r: WindowReader, start: number, end: number, label: string): Promise<RawTensor> {
  r.push(label)
  let name = ''
  let typeCode = 0
  const dims: number[] = []
  let dataNo = 0
  const pieces: Field[] = []
  let pieceCount = 0
  let firstData = -1
  let lastData = -1
  let external = false
  const ext: Record<string, string> = {}
  let pos = start
  while (pos < end) {
    const f = r.has(pos, 20) ? r.fieldAt(pos, end, describeTensorField) : await r.field(pos, end, describeTensorField)
    switch (f.no) {
      case 1: await readInts(r, f, dims, 'a dim'); break
      case 2: if (f.wt === WT_VARINT) typeCode = f.value; break
      case 8:
        if (f.wt === WT_LEN) {
          name = r.hasPayload(f) ? r.stringAt(f) : await r.string(f)
          r.relabel(`${label} '${shownName(name)}'`)
        }
        break
      case 13:
        if (f.wt === WT_LEN) {
          const e = decodeEntry(r, await r.bytes(f))
          setOwn(ext, e.key, e.value)
        }
        break
      case 14: if (f.wt === WT_VARINT) external = f.value === 1; break
      case 4: case 5: case 6: case 7: case 9: case 10: case 11:
        if (dataNo !== 0 && dataNo !== f.no) {
          r.fail('ONNX_MALFORMED', `the tensor holds both ${DATA_FIELDS[dataNo]} and ${DATA_FIELDS[f.no]} ` +
            `(byte ${fmtInt(f.start)})`)
        }
        dataNo = f.no
        if (firstData < 0) firstData = f.dataStart
        lastData = f.dataEnd
        if (++pieceCount <= MAX_PIECES) pieces.push(f)
        break
      default: break // segment, doc_string, metadata_props: not needed
    }
    pos = f.end
  }
  r.finish(pos, end, 'the tensor')
  const dtype = dtypeOf(typeCode)
  if (dtype === null) {
    r.warnings.push(`${r.where()} has data type ${typeCode}, which this planner does not know; its size is unknown`)
  }
  let location: TensorLocation = { kind: 'none' }
  if (external) location = externalLocation(r, ext)
  else if (dataNo !== 0) location = { kind: 'inline', offset: firstData, length: lastData - firstData, field: DATA_FIELDS[dataNo] }
  const t: RawTensor = { name, dtype, dims, location }
  if (location.kind === 'none' && elementCount(dims) === 0) t.values = [] // an empty tensor's values are known
  if (location.kind === 'inline' && location.field === 'raw_data') checkRawSize(r, t, location.length)
  if (location.kind === 'inline' && pieceCount <= MAX_PIECES && wantValues(dtype, dims, location.length)) {
    const values = await decodeValues(r, dtype as DType, dataNo, pieces)
    const n = elementCount(dims)
    // int4 pads the last byte; a payload shorter than the dims (warned above) gives no values
    if (values !== null && values.length >= n) t.values = values.length === n ? values : values.slice(0, n)
  }
  r.pop()
  return t
}

function wantValues(dtype: DType | null, dims: number[], payloadBytes: number): boolean {
  if (dtype === null) return false
  // the byte cap holds for both cases: a damaged length must not make a 64-element tensor load gigabytes
  return payloadBytes <= VALUES_MAX_BYTES && (elementCount(dims) <= VALUES_MAX_ELEMENTS || INTEGER.has(dtype))
}

function checkRawSize(r: WindowReader, t: RawTensor, length: number): void {
  const expected = tensorBytes(t.dtype, t.dims)
  if (expected !== null && expected !== length) {
    r.warnings.push(`${r.where()}: dims [${t.dims.join(', ')}] of ${t.dtype} take ${fmtInt(expected)} bytes, but ` +
      `its raw_data holds ${fmtInt(length)}; sizes use the dims`)
  }
}

function externalLocation(r: WindowReader, ext: Record<string, string>): TensorLocation {
  const num = (key: string): number | null => {
    const s = getOwn(ext, key)
    if (s === undefined) return null
    const v = Number(s)
    if (!Number.isSafeInteger(v) || v < 0) {
      r.warnings.push(`${r.where()}: external data ${key} '${s}' is not a byte count; it is ignored`)
      return null
    }
    return v
  }
  const location = getOwn(ext, 'location') ?? ''
  if (location === '') r.warnings.push(`${r.where()} is stored externally but names no location`)
  return { kind: 'external', location, offset: num('offset') ?? 0, length: num('length') }
}

function decodeEntry(r: WindowReader, bytes: Uint8Array): { key: string; value: string } {
  try {
    const e = fromBinary(StringStringEntryProtoSchema, bytes, { readUnknownFields: false })
    return { key: e.key, value: e.value }
  } catch (e) {
    r.fail('ONNX_MALFORMED', `a key/value entry does not decode (${e instanceof Error ? e.message : String(e)})`)
  }
}

/** Reads an int64 repeated field (packed or not) into `out`; every value must be a count (0 … 2^53). */
export async function readInts(r: WindowReader, f: Field, out: number[], what: string): Promise<void> {
  const push = (v: bigint): void => {
    if (v < 0n || v > BigInt(Number.MAX_SAFE_INTEGER)) {
      r.fail('ONNX_MALFORMED', `${what} at byte ${fmtInt(f.start)} is ${v}, which is not a size`)
    }
    out.push(Number(v))
  }
  if (f.wt === WT_VARINT) {
    await r.ensure(f.dataStart, 10)
    push(r.varintBig(f.dataStart, f.dataEnd))
  } else if (f.wt === WT_LEN) {
    if (f.dataEnd - f.dataStart > 1 << 20) {
      r.fail('ONNX_MALFORMED', `the list of ${what}s at byte ${fmtInt(f.start)} is ${fmtInt(f.dataEnd - f.dataStart)} bytes long`)
    }
    await r.ensure(f.dataStart, f.dataEnd - f.dataStart)
    for (let p = f.dataStart; p < f.dataEnd; p = r.next) push(r.varintBig(p, f.dataEnd))
  }
}

/** Decodes the payload pieces of a small tensor; null when the encoding is not one this reader decodes. */
async function decodeValues(r: WindowReader, dtype: DType, no: number, pieces: Field[]): Promise<(number | string)[] | null> {
  const out: (number | string)[] = []
  for (const f of pieces) {
    const len = f.dataEnd - f.dataStart
    await r.ensure(f.dataStart, len)
    const a = f.dataStart - r.start
    const b = r.buf.subarray(a, a + len)
    if (no === 9) {
      const v = decodeRaw(dtype, b)
      if (v === null) return null
      out.push(...v)
    } else if (no === 6) {
      if (f.wt !== WT_LEN) return null
      out.push(utf8(b))
    } else if ((no === 4 && (f.wt === WT_I32 || f.wt === WT_LEN)) || (no === 10 && (f.wt === WT_I64 || f.wt === WT_LEN))) {
      out.push(...(decodeRaw(no === 4 ? 'float32' : 'float64', b) ?? []))
    } else if (no === 5 || no === 7 || no === 11) {
      if (f.wt !== WT_VARINT && f.wt !== WT_LEN) return null
      for (let p = f.dataStart; p < f.dataEnd; p = r.next) {
        let v = r.varintBig(p, f.dataEnd)
        if (no === 5) v = BigInt.asIntN(32, v)
        else if (no === 11) v = BigInt.asUintN(64, v)
        out.push(typedInt(dtype, v))
      }
    } else return null
  }
  return no === 5 && (dtype === 'float16' || dtype === 'bfloat16') ? out.map((v) => halfBits(dtype, Number(v))) : out
}

function typedInt(dtype: DType, v: bigint): number | string {
  if (dtype === 'bool') return v === 0n ? 0 : 1
  return v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v.toString()
}

function halfBits(dtype: 'float16' | 'bfloat16', bits: number): number {
  if (dtype === 'bfloat16') {
    const dv = new DataView(new ArrayBuffer(4))
    dv.setUint32(0, (bits & 0xffff) << 16)
    return dv.getFloat32(0)
  }
  const sign = bits & 0x8000 ? -1 : 1
  const exp = (bits >> 10) & 0x1f
  const frac = bits & 0x3ff
  if (exp === 0) return sign * frac * 2 ** -24
  if (exp === 31) return frac === 0 ? sign * Infinity : NaN
  return sign * (1 + frac / 1024) * 2 ** (exp - 15)
}

/** Little-endian raw bytes → values; null for types without a plain numeric reading (float8, complex, …). */
export function decodeRaw(dtype: DType, b: Uint8Array): (number | string)[] | null {
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength)
  const out: (number | string)[] = []
  const each = (size: number, get: (o: number) => number | string): void => {
    for (let o = 0; o + size <= b.length; o += size) out.push(get(o))
  }
  switch (dtype) {
    case 'bool': each(1, (o) => (b[o] === 0 ? 0 : 1)); break
    case 'uint8': each(1, (o) => b[o]); break
    case 'int8': each(1, (o) => dv.getInt8(o)); break
    case 'uint16': each(2, (o) => dv.getUint16(o, true)); break
    case 'int16': each(2, (o) => dv.getInt16(o, true)); break
    case 'uint32': each(4, (o) => dv.getUint32(o, true)); break
    case 'int32': each(4, (o) => dv.getInt32(o, true)); break
    case 'int64': each(8, (o) => typedInt(dtype, dv.getBigInt64(o, true))); break
    case 'uint64': each(8, (o) => typedInt(dtype, dv.getBigUint64(o, true))); break
    case 'float32': each(4, (o) => dv.getFloat32(o, true)); break
    case 'float64': each(8, (o) => dv.getFloat64(o, true)); break
    case 'float16': case 'bfloat16': each(2, (o) => halfBits(dtype, dv.getUint16(o, true))); break
    case 'int4': case 'uint4':
      for (const byte of b) {
        for (const nib of [byte & 0x0f, byte >> 4]) out.push(dtype === 'int4' && nib >= 8 ? nib - 16 : nib)
      }
      break
    default: return null
  }
  return out
}
