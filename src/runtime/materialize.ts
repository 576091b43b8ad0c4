/**
 * Makes any ONNX model runnable: every weight without bytes (external data that is not there, or a
 * tensor with neither payload nor location) gets deterministic random bytes of its dtype and shape
 * (fill.ts), inline as `raw_data`; and the graph's inputs get random values with symbolic dims bound.
 *
 * Weights that carry bytes keep them (they can be shape constants a Reshape needs). Constant nodes'
 * tensors are treated the same way. Sparse initializers and subgraph weights are left as they are.
 * `materializeModel` gives a self-contained model (no external data), which like any protobuf must stay
 * under 2 GiB; `materializeModelFile` writes the filled weights beside the model as ONNX external data, for
 * models above that (Qwen2-0.5B: 2.5 GB). Node order, names and every other field are kept, so a model's
 * node list is the same before and after. Cost: one decode and one encode of the model, O(weights) random
 * draws.
 */
import { closeSync, mkdtempSync, openSync, rmSync, writeFileSync, writeSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { basename, join } from 'node:path'
import { create, fromBinary, toBinary } from '@bufbuild/protobuf'
import {
  ModelProtoSchema, StringStringEntryProtoSchema, TensorProto_DataLocation, type GraphProto, type ModelProto,
  type TensorProto, type ValueInfoProto,
} from 'onnx-buf'
import { MemoriaError, fmtInt } from '../core/errors.ts'
import { dtypeOf } from '../core/onnx/tensor.ts'
import { FILL_BYTES, isFillType, randomTensorBytes, type FillType } from './fill.ts'

export interface MaterializeOptions {
  seed: number
  /** values of symbolic dims (not needed by the weights, accepted so the options match randomInputs) */
  symbols?: Record<string, number>
}

const PROTO_MAX = 2 ** 31 - 1

export function decodeModel(bytes: Uint8Array): ModelProto {
  try {
    return fromBinary(ModelProtoSchema, bytes)
  } catch (e) {
    throw new MemoriaError('ONNX_MALFORMED', `the model does not decode as an ONNX ModelProto ` +
      `(${e instanceof Error ? e.message : String(e)}); check it with onnx.checker.check_model`)
  }
}

function hasPayload(t: TensorProto): boolean {
  return t.rawData.length > 0 || t.floatData.length > 0 || t.int32Data.length > 0 || t.int64Data.length > 0 ||
    t.doubleData.length > 0 || t.uint64Data.length > 0 || t.stringData.length > 0
}

function needsBytes(t: TensorProto): boolean {
  if (t.dataLocation === TensorProto_DataLocation.EXTERNAL) return true
  const elements = t.dims.reduce((a, d) => a * Number(d), 1)
  return !hasPayload(t) && elements > 0
}

/** Stores a filled tensor's bytes: inline as `raw_data`, or in an external data file. */
type Place = (t: TensorProto, data: Uint8Array<ArrayBuffer>) => void

const placeInline: Place = (t, data) => {
  t.dataLocation = TensorProto_DataLocation.DEFAULT
  t.externalData = []
  t.rawData = data
}

/** The tensor `t` with random bytes in place of missing or external ones. */
function fill(t: TensorProto, seed: number, label: string, place: Place): TensorProto {
  const dtype = dtypeOf(t.dataType)
  if (!isFillType(dtype)) {
    throw new MemoriaError('ARG_INVALID', `${label} has data type ${dtype ?? t.dataType} and no bytes; random values ` +
      `can be made for ${Object.keys(FILL_BYTES).join(', ')} — give the model its weights`)
  }
  const dims = t.dims.map(Number)
  const elements = dims.reduce((a, b) => a * b, 1)
  if (elements * FILL_BYTES[dtype] > PROTO_MAX) {
    // one tensor's bytes are one typed array and, inline, one protobuf field
    throw new MemoriaError('ARG_INVALID', `${label} would take ${fmtInt(elements * FILL_BYTES[dtype])} bytes; ` +
      'random values are made for tensors up to 2 GiB each')
  }
  // the decoded model is ours: the tensor is changed in place
  place(t, randomTensorBytes(dtype, dims, seed, t.name || label))
  return t
}

function fillGraph(g: GraphProto, seed: number, place: Place): void {
  g.initializer = g.initializer.map((t) => (needsBytes(t) ? fill(t, seed, `initializer '${t.name}'`, place) : t))
  g.node.forEach((n, i) => {
    for (const a of n.attribute) {
      if (a.t !== undefined && needsBytes(a.t)) a.t = fill(a.t, seed, `node ${i} '${n.name}' attribute '${a.name}'`, place)
    }
  })
}

/** The model's graph; a typed error for a model without one. */
export function graphOf(m: ModelProto): GraphProto {
  if (m.graph === undefined) throw new MemoriaError('ONNX_MALFORMED', 'the model has no graph; export it again')
  return m.graph
}

/** Bytes the model's weights take once filled (inline ones as they are, missing ones at their dtype's size). */
export function filledWeightBytes(m: ModelProto): number {
  const g = graphOf(m)
  const tensors = [...g.initializer, ...g.node.flatMap((n) => n.attribute.flatMap((a) => (a.t === undefined ? [] : [a.t])))]
  let total = 0
  for (const t of tensors) {
    if (!needsBytes(t)) total += t.rawData.length
    else {
      const dtype = dtypeOf(t.dataType)
      total += t.dims.reduce((a, d) => a * Number(d), 1) * (isFillType(dtype) ? FILL_BYTES[dtype] : 0)
    }
  }
  return total
}

/** Weights above this go to an external data file: the rest of the protobuf must fit beside them. */
export const INLINE_WEIGHTS_MAX = 2 ** 31 - 2 ** 26

/** The model with every missing weight filled inline (see the module comment), serialised. */
export function materializeModel(bytes: Uint8Array | ModelProto, opts: MaterializeOptions): Uint8Array {
  const m = bytes instanceof Uint8Array ? decodeModel(bytes) : bytes
  const total = filledWeightBytes(m)
  if (total > INLINE_WEIGHTS_MAX) {
    throw new MemoriaError('ARG_INVALID', `the model's weights take ${fmtInt(total)} bytes, more than one ONNX file ` +
      'can hold inline (2 GiB); write it with its weights as external data (materializeModelFile)')
  }
  fillGraph(graphOf(m), opts.seed, placeInline)
  return toBinary(ModelProtoSchema, m)
}

/** External data offsets are multiples of this, so ORT can map each tensor from the file. */
const EXTERNAL_ALIGN = 4096

/**
 * The model with every missing weight filled, written to `path` with the filled weights in `path + '.data'`
 * (ONNX external data: location, offset, length), for a model whose weights exceed one protobuf. Weights
 * that carry bytes stay inline. The same seed gives the same values as `materializeModel`.
 */
export function materializeModelFile(bytes: Uint8Array | ModelProto, opts: MaterializeOptions, path: string): void {
  const m = bytes instanceof Uint8Array ? decodeModel(bytes) : bytes
  const location = `${basename(path)}.data`
  const fd = openSync(`${path}.data`, 'w')
  try {
    let offset = 0
    fillGraph(graphOf(m), opts.seed, (t, data) => {
      offset = Math.ceil(offset / EXTERNAL_ALIGN) * EXTERNAL_ALIGN
      for (let at = 0; at < data.length;) at += writeSync(fd, data, at, data.length - at, offset + at)
      t.dataLocation = TensorProto_DataLocation.EXTERNAL
      t.rawData = new Uint8Array(0)
      t.externalData = [['location', location], ['offset', String(offset)], ['length', String(data.length)]]
        .map(([key, value]) => create(StringStringEntryProtoSchema, { key, value }))
      offset += data.length
    })
  } finally {
    closeSync(fd)
  }
  writeFileSync(path, toBinary(ModelProtoSchema, m))
}

/**
 * `bytes` with every missing weight filled, handed to `use` as something ORT loads: the model's bytes when
 * its weights fit one protobuf, else the path of a model file in a temporary folder with its weights as
 * external data beside it (the folder, also given to `use`, is removed afterwards). `filled` is the
 * decoded, filled model.
 */
export async function withFilledModel<T>(bytes: Uint8Array, opts: MaterializeOptions,
  use: (model: Uint8Array | string, filled: ModelProto, dir: string | null) => Promise<T>): Promise<T> {
  const m = decodeModel(bytes)
  if (filledWeightBytes(m) <= INLINE_WEIGHTS_MAX) return use(materializeModel(m, opts), m, null)
  const dir = mkdtempSync(join(tmpdir(), 'memoria-model-'))
  try {
    const path = join(dir, 'model.onnx')
    materializeModelFile(m, opts, path)
    return await use(path, m, dir)
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

/** A random input value: its dtype, shape (symbols bound) and bytes. */
export interface RandomInput {
  name: string
  dtype: FillType
  dims: number[]
  data: Uint8Array
}

function inputDims(v: ValueInfoProto, symbols: Record<string, number>): number[] {
  const t = v.type?.value.case === 'tensorType' ? v.type.value.value : undefined
  if (t === undefined) {
    throw new MemoriaError('ARG_INVALID', `graph input '${v.name}' is not a tensor; only tensor inputs can be made up`)
  }
  return (t.shape?.dim ?? []).map((d, k) => {
    if (d.value.case === 'dimValue') return Number(d.value.value)
    const sym = d.value.case === 'dimParam' ? d.value.value : ''
    const value = sym === '' ? undefined : symbols[sym]
    if (value === undefined || !Number.isInteger(value) || value < 0) {
      throw new MemoriaError('ARG_INVALID', `graph input '${v.name}' dim ${k} is ${sym === '' ? 'unknown' : `'${sym}'`}, ` +
        `which has no value; bind it (e.g. ${sym === '' ? 'give the input a shape' : `${sym}=128`})`)
    }
    return value
  })
}

/**
 * The largest index an integer input may hold: an input that feeds a Gather's indices must stay below the
 * gathered axis of its data (an embedding table's vocabulary); others are small (fill.ts).
 */
function intBound(g: GraphProto, name: string): number | undefined {
  const dims = new Map<string, number[]>()
  for (const t of g.initializer) dims.set(t.name, t.dims.map(Number))
  let bound: number | undefined
  for (const n of g.node) {
    if (n.opType !== 'Gather' || n.input[1] !== name) continue
    const d = dims.get(n.input[0])
    const axisAttr = n.attribute.find((a) => a.name === 'axis')
    const axis = Number(axisAttr?.i ?? 0n)
    if (d === undefined || d.length === 0) continue
    const size = d[axis < 0 ? axis + d.length : axis]
    if (size !== undefined) bound = Math.min(bound ?? size, size)
  }
  return bound
}

/** Random values for every graph input that no initializer provides, in the graph's input order. */
export function randomInputs(bytes: Uint8Array | ModelProto, seed: number, symbols: Record<string, number> = {}): RandomInput[] {
  const m = bytes instanceof Uint8Array ? decodeModel(bytes) : bytes
  const g = m.graph
  if (g === undefined) throw new MemoriaError('ONNX_MALFORMED', 'the model has no graph; export it again')
  const weights = new Set(g.initializer.map((t) => t.name))
  return g.input.filter((v) => !weights.has(v.name)).map((v) => {
    const code = v.type?.value.case === 'tensorType' ? v.type.value.value.elemType : 0
    const dtype = dtypeOf(code)
    if (!isFillType(dtype)) {
      throw new MemoriaError('ARG_INVALID', `graph input '${v.name}' has data type ${dtype ?? code}; random inputs ` +
        `can be made for ${Object.keys(FILL_BYTES).join(', ')}`)
    }
    const dims = inputDims(v, symbols)
    return { name: v.name, dtype, dims, data: randomTensorBytes(dtype, dims, seed, `input:${v.name}`, { intBound: intBound(g, v.name) }) }
  })
}
