/**
 * TEST-ONLY: a RawModel from a whole ONNX file in memory, decoded with onnx-buf (@bufbuild/protobuf).
 *
 * The planner's real reader is `onnx/read.ts` (streaming, never holds the file); this adapter exists so the
 * graph builder's tests do not depend on it. It follows RawModel's contract where the builder relies on it:
 * dims and dtypes of every tensor, `values` for integer tensors ≤ 64 KiB and any tensor of ≤ 64 elements,
 * int64 beyond ±2^53 as decimal strings. Offsets are not tracked (0). Do not use it outside tests.
 */
import { fromBinary } from '@bufbuild/protobuf'
import {
  ModelProtoSchema,
  type AttributeProto,
  type GraphProto,
  type NodeProto,
  type TensorProto,
  type ValueInfoProto,
} from 'onnx-buf'
import type { DType } from './types.ts'
import type { RawAttr, RawModel, RawNode, RawSubgraph, RawTensor, RawValueInfo } from '../onnx/raw.ts'

const ONNX_DTYPES: Record<number, DType> = {
  1: 'float32', 2: 'uint8', 3: 'int8', 4: 'uint16', 5: 'int16', 6: 'int32', 7: 'int64', 8: 'string', 9: 'bool',
  10: 'float16', 11: 'float64', 12: 'uint32', 13: 'uint64', 14: 'complex64', 15: 'complex128', 16: 'bfloat16',
  17: 'float8e4m3fn', 18: 'float8e4m3fnuz', 19: 'float8e5m2', 20: 'float8e5m2fnuz', 21: 'uint4', 22: 'int4',
  23: 'float4e2m1',
}

function big(v: bigint): number | string {
  return v > BigInt(Number.MAX_SAFE_INTEGER) || v < -BigInt(Number.MAX_SAFE_INTEGER) ? v.toString() : Number(v)
}

function decodeValues(t: TensorProto, dtype: DType | null, count: number): (number | string)[] | undefined {
  if (dtype === null || dtype === 'string') return undefined
  const isInt = dtype.startsWith('int') || dtype.startsWith('uint') || dtype === 'bool'
  const size = count * ((dtype.endsWith('64') ? 8 : 4))
  if (!(count <= 64 || (isInt && size <= 65536))) return undefined
  if (t.externalData.length > 0) return undefined
  if (t.rawData.length > 0) {
    const dv = new DataView(t.rawData.buffer, t.rawData.byteOffset, t.rawData.byteLength)
    const out: (number | string)[] = []
    for (let i = 0; i < count; i++) {
      switch (dtype) {
        case 'float32': out.push(dv.getFloat32(i * 4, true)); break
        case 'float64': out.push(dv.getFloat64(i * 8, true)); break
        case 'int64': out.push(big(dv.getBigInt64(i * 8, true))); break
        case 'uint64': out.push(big(dv.getBigUint64(i * 8, true))); break
        case 'int32': out.push(dv.getInt32(i * 4, true)); break
        case 'uint32': out.push(dv.getUint32(i * 4, true)); break
        case 'int16': out.push(dv.getInt16(i * 2, true)); break
        case 'uint16': out.push(dv.getUint16(i * 2, true)); break
        case 'int8': out.push(dv.getInt8(i)); break
        case 'uint8': case 'bool': out.push(dv.getUint8(i)); break
        default: return undefined
      }
    }
    return out
  }
  if (t.floatData.length > 0) return [...t.floatData]
  if (t.doubleData.length > 0) return [...t.doubleData]
  if (t.int64Data.length > 0) return t.int64Data.map(big)
  if (t.uint64Data.length > 0) return t.uint64Data.map(big)
  if (t.int32Data.length > 0) return [...t.int32Data]
  return count === 0 ? [] : undefined
}

/** TEST-ONLY: one TensorProto as a RawTensor (values decoded per RawModel's rule). */
export function rawTensor(t: TensorProto): RawTensor {
  const dtype = ONNX_DTYPES[t.dataType] ?? null
  const dims = t.dims.map(Number)
  const count = dims.reduce((a, b) => a * b, 1)
  const external = t.externalData.length > 0
  const out: RawTensor = {
    name: t.name,
    dtype,
    dims,
    location: external
      ? { kind: 'external', location: t.externalData.find((e) => e.key === 'location')?.value ?? '', offset: 0, length: null }
      : { kind: 'inline', offset: 0, length: 0 },
  }
  const values = decodeValues(t, dtype, count)
  if (values !== undefined) out.values = values
  return out
}

function valueInfo(v: ValueInfoProto): RawValueInfo {
  const tt = v.type?.value.case === 'tensorType' ? v.type.value.value : undefined
  const dtype = tt ? (ONNX_DTYPES[tt.elemType] ?? null) : null
  const shape = tt?.shape
    ? tt.shape.dim.map((d) => (d.value.case === 'dimValue' ? Number(d.value.value) : d.value.case === 'dimParam' ? d.value.value : null))
    : null
  return { name: v.name, dtype, shape }
}

function subgraph(g: GraphProto): RawSubgraph {
  const ops: Record<string, number> = {}
  let nodes = 0
  const visit = (gr: GraphProto): void => {
    for (const n of gr.node) {
      nodes++
      ops[n.opType] = (ops[n.opType] ?? 0) + 1
      for (const a of n.attribute) {
        if (a.g) visit(a.g)
        for (const s of a.graphs) visit(s)
      }
    }
  }
  visit(g)
  const produced = new Set<string>([...g.input.map((i) => i.name), ...g.initializer.map((i) => i.name)])
  const outer: string[] = []
  for (const n of g.node) {
    for (const i of n.input) if (i !== '' && !produced.has(i) && !outer.includes(i)) outer.push(i)
    for (const o of n.output) produced.add(o)
  }
  return { nodes, ops, weightBytes: null, outerInputs: outer }
}

/** UTF-8 → string (core compiles without the DOM library, so no TextDecoder). */
function utf8(b: Uint8Array): string {
  let s = ''
  for (let i = 0; i < b.length; ) {
    const c = b[i++]
    let cp = c
    if (c >= 0xf0) cp = ((c & 7) << 18) | ((b[i++] & 63) << 12) | ((b[i++] & 63) << 6) | (b[i++] & 63)
    else if (c >= 0xe0) cp = ((c & 15) << 12) | ((b[i++] & 63) << 6) | (b[i++] & 63)
    else if (c >= 0xc0) cp = ((c & 31) << 6) | (b[i++] & 63)
    s += String.fromCodePoint(cp)
  }
  return s
}

function attr(a: AttributeProto): RawAttr {
  const dec = { decode: utf8 }
  switch (a.type) {
    case 1: return { type: 'float', value: a.f }
    case 2: return { type: 'int', value: big(a.i) }
    case 3: return { type: 'string', value: dec.decode(a.s) }
    case 4: return { type: 'tensor', value: rawTensor(a.t!) }
    case 5: return { type: 'graph', value: subgraph(a.g!) }
    case 6: return { type: 'floats', value: [...a.floats] }
    case 7: return { type: 'ints', value: a.ints.map(big) }
    case 8: return { type: 'strings', value: a.strings.map((s) => dec.decode(s)) }
    case 9: return { type: 'tensors', value: a.tensors.map(rawTensor) }
    case 10: return { type: 'graphs', value: a.graphs.map(subgraph) }
    default: return { type: 'other', value: String(a.type) }
  }
}

function node(n: NodeProto): RawNode {
  const attributes: Record<string, RawAttr> = {}
  for (const a of n.attribute) attributes[a.name] = attr(a)
  return { name: n.name, op: n.opType, domain: n.domain, inputs: [...n.input], outputs: [...n.output], attributes, offset: 0, length: 0 }
}

/** TEST-ONLY adapter (see the module comment). */
export function rawFromBytes(bytes: Uint8Array): RawModel {
  const m = fromBinary(ModelProtoSchema, bytes)
  const g = m.graph!
  const opset: Record<string, number> = {}
  for (const o of m.opsetImport) opset[o.domain === 'ai.onnx' ? '' : o.domain] = Number(o.version)
  return {
    irVersion: Number(m.irVersion),
    producerName: m.producerName,
    producerVersion: m.producerVersion,
    domain: m.domain,
    modelVersion: Number(m.modelVersion),
    docString: m.docString,
    opset,
    metadata: Object.fromEntries(m.metadataProps.map((p) => [p.key, p.value])),
    graphName: g.name,
    graphDocString: g.docString,
    inputs: g.input.map(valueInfo),
    outputs: g.output.map(valueInfo),
    valueInfo: g.valueInfo.map(valueInfo),
    initializers: g.initializer.map(rawTensor),
    nodes: g.node.map(node),
    fileBytes: bytes.length,
    graphOffset: 0,
    graphLength: 0,
    warnings: [],
  }
}
