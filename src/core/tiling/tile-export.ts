/**
 * The tiled model as ONNX, composed from slices of the original file and a few freshly encoded messages.
 *
 * The ModelProto is copied byte for byte except its graph field, whose length prefix is rewritten. In the
 * GraphProto every field is copied (weights included: they are never read into memory) except the node
 * entries, which are written in the given order — the nodes outside the region as their original bytes, the
 * tile copies, Slices and Concats encoded here (protobuf wire format: tag, varint length, fields) — and
 * `value_info`, which is dropped (it would describe tensors the tiled graph no longer has; onnx infers it
 * again). The Slices' int64 starts, ends and axes are added as initializers. The copies keep the original's
 * attributes with their typed values from the reader (`RawAttr`), with `pads`, `ceil_mode` and `auto_pad`
 * as the tile needs them. Cost: one wire walk of the graph's top-level fields, then O(file) copying.
 */
import { MemoriaError, fail, fmtInt } from '../errors.ts'
import type { MemoriaGraph, NodeInfo } from '../graph/types.ts'
import type { ByteSource } from '../onnx/byte-source.ts'
import type { RawAttr, RawModel } from '../onnx/raw.ts'
import { WT_LEN, WindowReader } from '../onnx/wire.ts'
import type { TiledGraph } from './tiled-graph.ts'

export type ExportPart = { offset: number; length: number } | Uint8Array

/** A minimal protobuf writer: enough for NodeProto, AttributeProto and an int64 TensorProto. */
class Pb {
  private out: number[] = []
  varint(v: number | bigint): this {
    let x = BigInt.asUintN(64, BigInt(v))
    do {
      let b = Number(x & 0x7fn)
      x >>= 7n
      if (x !== 0n) b |= 0x80
      this.out.push(b)
    } while (x !== 0n)
    return this
  }
  tag(no: number, wt: number): this {
    return this.varint((no << 3) | wt)
  }
  bytes(no: number, b: Uint8Array | number[]): this {
    this.tag(no, WT_LEN).varint(b.length)
    for (const x of b) this.out.push(x)
    return this
  }
  str(no: number, s: string): this {
    return this.bytes(no, utf8Encode(s))
  }
  int(no: number, v: number | string): this {
    return this.tag(no, 0).varint(BigInt(v))
  }
  float(no: number, v: number): this {
    const d = new DataView(new ArrayBuffer(4))
    d.setFloat32(0, v, true)
    this.tag(no, 5)
    for (let i = 0; i < 4; i++) this.out.push(d.getUint8(i))
    return this
  }
  done(): Uint8Array {
    return Uint8Array.from(this.out)
  }
}

function utf8Encode(s: string): number[] {
  const out: number[] = []
  for (const ch of s) {
    const c = ch.codePointAt(0) as number
    if (c < 0x80) out.push(c)
    else if (c < 0x800) out.push(0xc0 | (c >> 6), 0x80 | (c & 63))
    else if (c < 0x10000) out.push(0xe0 | (c >> 12), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63))
    else out.push(0xf0 | (c >> 18), 0x80 | ((c >> 12) & 63), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63))
  }
  return out
}

// AttributeProto.AttributeType
const A_FLOAT = 1, A_INT = 2, A_STRING = 3, A_FLOATS = 6, A_INTS = 7, A_STRINGS = 8

function attribute(name: string, a: RawAttr, node: string): Uint8Array {
  const p = new Pb().str(1, name)
  switch (a.type) {
    case 'float': p.float(2, a.value).int(20, A_FLOAT); break
    case 'int': p.int(3, a.value).int(20, A_INT); break
    case 'string': p.str(4, a.value).int(20, A_STRING); break
    case 'floats': for (const v of a.value) p.float(7, v); p.int(20, A_FLOATS); break
    case 'ints': for (const v of a.value) p.int(8, v); p.int(20, A_INTS); break
    case 'strings': for (const v of a.value) p.str(9, v); p.int(20, A_STRINGS); break
    default: fail('ARG_INVALID', `node ${JSON.stringify(node)} has a ${a.type} attribute ${JSON.stringify(name)}, which the tiled export does not write; tile a region without it`)
  }
  return p.done()
}

function nodeProto(n: NodeInfo, attrs: [string, RawAttr][]): Uint8Array {
  const p = new Pb()
  for (const x of n.inputs) p.str(1, x)
  for (const x of n.outputs) p.str(2, x)
  p.str(3, n.name).str(4, n.op)
  for (const [k, a] of attrs) p.bytes(5, attribute(k, a, n.name))
  if (n.domain !== '') p.str(7, n.domain)
  return p.done()
}

function int64Tensor(name: string, values: number[]): Uint8Array {
  const raw = new Uint8Array(8 * values.length)
  const d = new DataView(raw.buffer)
  values.forEach((v, i) => d.setBigInt64(8 * i, BigInt(v), true))
  return new Pb().int(1, values.length).int(2, 7).str(8, name).bytes(9, raw).done()
}

/** The attributes of a tile's copy: the original's, with pads / ceil_mode / auto_pad as the copy has them. */
function copyAttrs(copy: NodeInfo, orig: Record<string, RawAttr>): [string, RawAttr][] {
  const out: [string, RawAttr][] = []
  for (const [k, a] of Object.entries(orig)) {
    if (k === 'pads' || k === 'ceil_mode' || k === 'auto_pad') continue
    out.push([k, a])
  }
  const pads = copy.attributes.pads
  if (Array.isArray(pads)) out.push(['pads', { type: 'ints', value: pads as number[] }])
  if (typeof copy.attributes.ceil_mode === 'number') out.push(['ceil_mode', { type: 'int', value: copy.attributes.ceil_mode }])
  return out
}

/**
 * The parts (file slices and new bytes), in output order, whose concatenation is the tiled model. `order`
 * names every node of the tiled graph once, topologically (the plan's order).
 */
export async function tiledOnnxParts(source: ByteSource, raw: RawModel, graph: MemoriaGraph, tiled: TiledGraph,
  order: readonly string[]): Promise<ExportPart[]> {
  if (source.size !== raw.fileBytes) fail('ARG_INVALID', `the file has ${fmtInt(source.size)} bytes but the model was read from one of ${fmtInt(raw.fileBytes)}; open the model again before exporting`)
  if (raw.nodes.length !== graph.nodes.length) fail('INTERNAL', 'the graph and the file disagree on the number of nodes')
  const origIndex = new Map(graph.nodes.map((n, i) => [n.name, i]))
  const tiledByName = new Map(tiled.graph.nodes.map((n) => [n.name, n]))
  if (order.length !== tiled.graph.nodes.length || order.some((n) => !tiledByName.has(n))) {
    fail('ARG_INVALID', `the order to export must name each of the tiled graph's ${fmtInt(tiled.graph.nodes.length)} nodes once`)
  }
  const r = new WindowReader(source)
  r.push('graph')
  const start = raw.graphOffset
  const end = start + raw.graphLength
  const nodeField: { offset: number; length: number }[] = []
  const other: { start: number; end: number; firstNode: boolean }[] = []
  let pos = start
  while (pos < end) {
    const f = await r.field(pos, end)
    if (f.no === 1 && f.wt === WT_LEN) {
      nodeField.push({ offset: f.start, length: f.end - f.start })
      if (nodeField.length === 1) other.push({ start: f.start, end: f.start, firstNode: true })
    } else if (!(f.no === 13 && f.wt === WT_LEN)) other.push({ start: f.start, end: f.end, firstNode: false })
    pos = f.end
  }
  r.finish(pos, end, 'the graph')
  if (nodeField.length !== raw.nodes.length) fail('ARG_INVALID', `the file holds ${fmtInt(nodeField.length)} nodes, the model read earlier ${fmtInt(raw.nodes.length)}; open it again before exporting`)
  const graphParts: ExportPart[] = []
  const pushNodes = (): void => {
    for (const name of order) {
      const i = origIndex.get(name)
      const n = tiledByName.get(name) as NodeInfo
      if (i !== undefined && graph.nodes[i].op === n.op && n.name === graph.nodes[i].name && tiled.origin[name] === undefined) {
        graphParts.push(nodeField[i])
        continue
      }
      const from = tiled.origin[name]
      const oi = from === undefined ? undefined : origIndex.get(from)
      const attrs: [string, RawAttr][] = n.op === 'Slice' ? []
        : n.op === 'Concat' && name.startsWith('tiling/concat/') ? [['axis', { type: 'int', value: 2 }]]
        : copyAttrs(n, oi === undefined ? {} : raw.nodes[oi].attributes)
      graphParts.push(new Pb().bytes(1, nodeProto(n, attrs)).done())
    }
    for (const [name, values] of Object.entries(tiled.constants)) graphParts.push(new Pb().bytes(5, int64Tensor(name, values)).done())
  }
  for (const o of other) {
    if (o.firstNode) pushNodes()
    else graphParts.push({ offset: o.start, length: o.end - o.start })
  }
  if (nodeField.length === 0) pushNodes()
  const graphLength = graphParts.reduce((s, p) => s + (p instanceof Uint8Array ? p.length : p.length), 0)
  // the ModelProto's graph field (7, LEN) ends where the graph's content starts: tag, then the old length
  const oldLen = new Pb().varint(raw.graphLength).done().length
  const tagAt = start - oldLen - 1
  const head = await source.read(tagAt, oldLen + 1)
  if (head[0] !== 0x3a) fail('ARG_INVALID', `the graph of the model does not start where it was read (byte ${fmtInt(tagAt)}); open it again before exporting`)
  return [
    { offset: 0, length: tagAt },
    new Pb().tag(7, WT_LEN).varint(graphLength).done(),
    ...graphParts,
    { offset: end, length: source.size - end },
  ]
}

/** Streams the tiled model in chunks of at most `chunkBytes` (default 4 MiB) of the original file. */
export async function* writeTiledOnnx(source: ByteSource, raw: RawModel, graph: MemoriaGraph, tiled: TiledGraph,
  order: readonly string[], opts: { chunkBytes?: number; isCancelled?: () => boolean } = {}): AsyncGenerator<Uint8Array> {
  const chunk = Math.max(1, opts.chunkBytes ?? 4 << 20)
  for (const part of await tiledOnnxParts(source, raw, graph, tiled, order)) {
    if (part instanceof Uint8Array) { yield part; continue }
    for (let p = part.offset; p < part.offset + part.length; p += chunk) {
      if (opts.isCancelled?.()) throw new MemoriaError('CANCELLED', 'the export was cancelled')
      const len = Math.min(chunk, part.offset + part.length - p)
      const bytes = await source.read(p, len)
      if (bytes.length !== len) throw new MemoriaError('ONNX_TRUNCATED', `the file ends at byte ${fmtInt(p + bytes.length)} while it was being exported; it changed since it was opened — open it again`)
      yield bytes
    }
  }
}
