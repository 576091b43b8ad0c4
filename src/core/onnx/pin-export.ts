/**
 * Writes the order-pinned ONNX model (pin.ts): the nodes in the planned order with the tie nodes spliced
 * in before the nodes that wait, as pieces — slices of the original file, and the few new bytes (tie
 * NodeProtos, the rewritten consumers, the graph's new length prefix). Weights are never read: as in
 * reorder.ts the app turns slices into `Blob.slice` parts; `writePinnedOnnx` streams them.
 *
 * The GraphProto keeps every non-node field in place; all node entries are written where the first one
 * was. The ModelProto's graph field gets a new length prefix, so the graph must be its field 7 written
 * with a minimal varint length (as every protobuf writer does; checked). Cost: O(file) copying, plus one
 * read and re-encode of each tied consumer node (a few hundred bytes each).
 */
import { create, fromBinary, toBinary } from '@bufbuild/protobuf'
import {
  AttributeProtoSchema, NodeProtoSchema, TensorProtoSchema, TensorShapeProto_DimensionSchema, TensorShapeProtoSchema,
  TypeProto_TensorSchema, TypeProtoSchema, ValueInfoProtoSchema,
} from 'onnx-buf'
import type { Dim, DType } from '../graph/types.ts'
import { dtypeCode } from './tensor.ts'
import { MemoriaError, fmtInt } from '../errors.ts'
import type { ByteSource } from './byte-source.ts'
import { planPin, tieNodeList, PIN_PREFIX, type PinPlan, type TieNode } from './pin.ts'
import type { RawModel } from './raw.ts'
import { copyRange, reorderedRanges, type ByteRange } from './reorder.ts'

export type Piece = ByteRange | Uint8Array

function varint(v: number): number[] {
  const out: number[] = []
  while (v >= 0x80) {
    out.push((v % 128) | 0x80)
    v = Math.floor(v / 128)
  }
  out.push(v)
  return out
}

function lenField(no: number, payload: Uint8Array): Uint8Array {
  const head = [...varint(no * 8 + 2), ...varint(payload.length)]
  const out = new Uint8Array(head.length + payload.length)
  out.set(head, 0)
  out.set(payload, head.length)
  return out
}

const ATTR_INT = 2, ATTR_TENSOR = 4, INT64 = 7

function nodeBytes(n: TieNode): Uint8Array {
  const attribute = Object.entries(n.ints ?? {}).map(([name, v]) => create(AttributeProtoSchema, { name, type: ATTR_INT, i: BigInt(v) }))
  return lenField(1, toBinary(NodeProtoSchema, create(NodeProtoSchema, {
    name: n.name, opType: n.op, input: [...n.inputs], output: [...n.outputs], attribute,
  })))
}

/** The int64 [1] constants the opset 13–14 ties read (ORT turns Constant nodes into initializers). */
function intConstant(name: string, value: bigint): Uint8Array {
  const t = create(TensorProtoSchema, { dataType: INT64, dims: [1n], int64Data: [value] })
  const attribute = [create(AttributeProtoSchema, { name: 'value', type: ATTR_TENSOR, t })]
  return lenField(1, toBinary(NodeProtoSchema, create(NodeProtoSchema, {
    name: `${PIN_PREFIX}${name}`, opType: 'Constant', output: [`${PIN_PREFIX}${name}`], attribute,
  })))
}

function opsetOf(raw: RawModel): number {
  return raw.opset[''] ?? raw.opset['ai.onnx'] ?? 1
}

/** The pin plan for `order` on the model as read (node indices in file order). */
export function pinPlanOf(raw: RawModel, order: number[]): PinPlan {
  return planPin(raw.nodes, order, opsetOf(raw))
}

/**
 * dtype and shape of a tensor, when known: what ORT knows of it statically (runtime/ort-shapes.ts; a null
 * dim is one ORT does not know), so the tie's output is to ORT exactly what its input was.
 */
export type ShapeOf = (tensor: string) => { dtype: DType | null; shape: readonly (Dim | null)[] | null } | undefined

/**
 * A value_info entry (graph field 13) giving the tie's output X's dtype and shape: ONNX shape inference
 * cannot see through an Unsqueeze whose axes are computed, and without a static shape ORT's planner never
 * lets a later tensor reuse a freed buffer for it or for what is computed from it. The shape must be ORT's
 * own static shape of X (symbols kept): a dim resolved for planning (seq = 128) would make ORT plan reuse
 * for that size only, and refuse the file at another.
 */
function valueInfoBytes(name: string, info: ReturnType<ShapeOf>): Uint8Array | null {
  if (info === undefined || info.dtype === null || info.shape === null) return null
  const elemType = dtypeCode(info.dtype)
  if (elemType === null) return null
  const dim = info.shape.map((d) => create(TensorShapeProto_DimensionSchema, d === null ? {} : {
    value: typeof d === 'number' ? { case: 'dimValue', value: BigInt(d) } : { case: 'dimParam', value: d },
  }))
  const type = create(TypeProtoSchema, {
    value: { case: 'tensorType', value: create(TypeProto_TensorSchema, { elemType, shape: create(TensorShapeProtoSchema, { dim }) }) },
  })
  return lenField(13, toBinary(ValueInfoProtoSchema, create(ValueInfoProtoSchema, { name, type })))
}

/** The pieces whose concatenation is the pinned model, and the plan it follows. */
export async function pinnedPieces(source: ByteSource, raw: RawModel, order: number[],
  opts: { shapeOf?: ShapeOf } = {}): Promise<{ pieces: Piece[]; plan: PinPlan }> {
  // reorderedRanges checks the order and that the file is the one that was read
  const ranges = await reorderedRanges(source, raw, order)
  const plan = pinPlanOf(raw, order)
  if (plan.ties.length === 0) return { pieces: ranges, plan }
  const opset = opsetOf(raw)
  const head = await source.read(0, raw.graphOffset)
  const lenBytes = varint(raw.graphLength)
  const tagAt = raw.graphOffset - lenBytes.length - 1
  const ok = tagAt >= 0 && head[tagAt] === 0x3a && lenBytes.every((b, i) => head[tagAt + 1 + i] === b)
  if (!ok) {
    throw new MemoriaError('ONNX_MALFORMED', `the graph's length prefix before byte ${fmtInt(raw.graphOffset)} is not ` +
      'the minimal encoding protobuf writers use; re-save the model with onnx.save and export again')
  }
  const byConsumer = new Map(plan.ties.map((t) => [t.consumer, t]))
  const nodeEntries: Piece[] = []
  const valueInfos: Uint8Array[] = []
  if (opset < 15) nodeEntries.push(intConstant('zero', 0n), intConstant('minus1', -1n))
  for (const v of order) {
    const node = raw.nodes[v]
    const t = byConsumer.get(v)
    // a node entry: tag (1 byte) + varint length + the NodeProto
    const entry: ByteRange = { offset: node.offset - varint(node.length).length - 1, length: node.length + varint(node.length).length + 1 }
    if (t === undefined) {
      nodeEntries.push(entry)
      continue
    }
    const { unsqueezed, nodes } = tieNodeList(v, t, node, opset)
    for (const tn of nodes) nodeEntries.push(nodeBytes(tn))
    const vi = valueInfoBytes(unsqueezed, opts.shapeOf?.(node.inputs[t.slot]))
    if (vi !== null) valueInfos.push(vi)
    const proto = fromBinary(NodeProtoSchema, await source.read(node.offset, node.length))
    proto.input[t.slot] = unsqueezed
    nodeEntries.push(lenField(1, toBinary(NodeProtoSchema, proto)))
  }
  // the graph's other top-level fields, from the reordered ranges: everything of the graph that is not a node
  const graphEnd = raw.graphOffset + raw.graphLength
  const nodeStarts = new Set(raw.nodes.map((n) => n.offset - varint(n.length).length - 1))
  const others = graphNonNodeRanges(raw, nodeStarts)
  const graphPieces: Piece[] = []
  let placed = false
  for (const r of others) {
    if (r === 'nodes') {
      if (!placed) graphPieces.push(...nodeEntries)
      placed = true
    } else graphPieces.push(r)
  }
  graphPieces.push(...valueInfos)
  const graphBytes = graphPieces.reduce((s, p) => s + (p instanceof Uint8Array ? p.length : p.length), 0)
  return {
    plan,
    pieces: [
      { offset: 0, length: tagAt },
      Uint8Array.from([0x3a, ...varint(graphBytes)]),
      ...graphPieces,
      { offset: graphEnd, length: source.size - graphEnd },
    ].filter((p) => p.length > 0),
  }
}

/** The graph's top-level fields as ranges, each run of node entries replaced by 'nodes'. */
function graphNonNodeRanges(raw: RawModel, nodeStarts: ReadonlySet<number>): (ByteRange | 'nodes')[] {
  const out: (ByteRange | 'nodes')[] = []
  const starts = [...nodeStarts].sort((a, b) => a - b)
  const ends = raw.nodes.map((n) => n.offset + n.length).sort((a, b) => a - b)
  let pos = raw.graphOffset
  for (let i = 0; i < starts.length; i++) {
    if (starts[i] > pos) out.push({ offset: pos, length: starts[i] - pos })
    if (out[out.length - 1] !== 'nodes') out.push('nodes')
    pos = ends[i]
  }
  const end = raw.graphOffset + raw.graphLength
  if (end > pos) out.push({ offset: pos, length: end - pos })
  return out
}

/** Streams the pinned model in chunks of at most `chunkBytes` (default 4 MiB). */
export async function* writePinnedOnnx(source: ByteSource, raw: RawModel, order: number[],
  opts: { chunkBytes?: number; isCancelled?: () => boolean } = {}): AsyncGenerator<Uint8Array> {
  const chunk = Math.max(1, opts.chunkBytes ?? 4 << 20)
  for (const p of (await pinnedPieces(source, raw, order)).pieces) {
    if (p instanceof Uint8Array) {
      yield p
      continue
    }
    yield* copyRange(source, p, chunk, opts.isCancelled)
  }
}
