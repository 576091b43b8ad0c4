/**
 * NodeProto and AttributeProto → RawNode, without copying any tensor payload.
 *
 * The node's own fields (inputs, outputs, name, op_type, domain) are read at the wire level, so that the
 * node's byte range and every tensor attribute's payload offset are exact whatever its size (a Constant
 * may carry a 100 MB `value`). An attribute without tensors or graphs — nearly all of them — is decoded
 * with the ONNX schema (onnx-buf, `fromBinary(AttributeProtoSchema)`); a tensor attribute goes through
 * `readTensor` (payload located, not read), a graph attribute through the subgraph reader given by the
 * caller (graph.ts), which summarises it. Cost: O(node bytes) outside tensor payloads.
 */
import { fromBinary } from '@bufbuild/protobuf'
import { AttributeProtoSchema, type AttributeProto } from 'onnx-buf'
import { fmtInt, shownName } from '../errors.ts'
import type { RawAttr, RawNode, RawSubgraph, RawTensor } from './raw.ts'
import { readTensor } from './tensor.ts'
import { WT_LEN, WT_VARINT, setOwn, utf8, type Field, type WindowReader } from './wire.ts'

/** Reads the GraphProto [start, end) of an attribute and summarises it (graph.ts). */
export type SubgraphReader = (r: WindowReader, start: number, end: number, depth: number) => Promise<RawSubgraph>

const NODE_FIELDS: Record<number, string> = { 1: 'an input name', 2: 'an output name', 3: 'the name', 4: 'op_type',
  5: 'an attribute', 7: 'the domain' }

/** Nodes up to this size are loaded whole before their fields are read (a big Constant is walked). */
const SYNC_NODE_BYTES = 1 << 20

const describeNodeField = (no: number): string => NODE_FIELDS[no] ?? `field ${no}`

/** AttributeProto.AttributeType codes (onnx.proto). */
const A_FLOAT = 1, A_INT = 2, A_STRING = 3, A_TENSOR = 4, A_GRAPH = 5, A_FLOATS = 6, A_INTS = 7, A_STRINGS = 8
const A_TENSORS = 9, A_GRAPHS = 10
const TYPE_NAMES: Record<number, string> = { 11: 'sparse_tensor', 12: 'sparse_tensors', 13: 'type_proto', 14: 'type_protos' }

/** 'ai.onnx' and '' name the same default domain; the reader writes ''. */
export function normalDomain(domain: string): string {
  return domain === 'ai.onnx' ? '' : domain
}

/** Reads the NodeProto whose bytes are [start, end); `index` is its position in the graph's node list. */
export async function readNode(r: WindowReader, start: number, end: number, index: number, depth: number,
  readSubgraph: SubgraphReader): Promise<RawNode> {
  let label = `node ${index}`
  r.push(label)
  const node: RawNode = { name: '', op: '', domain: '', inputs: [], outputs: [], attributes: {}, offset: start, length: end - start }
  // a node of normal size is loaded at once, so its fields are read without an await each
  if (end - start <= SYNC_NODE_BYTES) await r.ensure(start, end - start)
  let pos = start
  while (pos < end) {
    const f = r.has(pos, 20) ? r.fieldAt(pos, end, describeNodeField, NODE_CONTAINERS)
      : await r.field(pos, end, describeNodeField, NODE_CONTAINERS)
    if (f.wt === WT_LEN) {
      switch (f.no) {
        case 1: node.inputs.push(r.hasPayload(f) ? r.stringAt(f) : await r.string(f)); break
        case 2: node.outputs.push(r.hasPayload(f) ? r.stringAt(f) : await r.string(f)); break
        case 3:
          node.name = r.hasPayload(f) ? r.stringAt(f) : await r.string(f)
          label = `${label} '${shownName(node.name)}'`
          r.relabel(label)
          break
        case 4: node.op = r.hasPayload(f) ? r.stringAt(f) : await r.string(f); break
        case 7: node.domain = normalDomain(r.hasPayload(f) ? r.stringAt(f) : await r.string(f)); break
        case 5: {
          const [name, attr] = await readAttribute(r, f, depth, readSubgraph)
          setOwn(node.attributes, name, attr)
          break
        }
        default: break // doc_string, overload, metadata_props, device_configurations
      }
    }
    pos = f.end
  }
  r.finish(pos, end, 'the node')
  if (node.op === '') r.fail('ONNX_MALFORMED', `the node at byte ${fmtInt(start)} has no op_type`)
  r.pop()
  return node
}

/** Field numbers of AttributeProto that hold tensors or graphs (read at the wire level). */
const F_T = 5, F_G = 6, F_TENSORS = 10, F_GRAPHS = 11
const NODE_CONTAINERS: ReadonlySet<number> = new Set([5])
const ATTR_CONTAINERS: ReadonlySet<number> = new Set([F_T, F_G, F_TENSORS, F_GRAPHS])

async function readAttribute(r: WindowReader, af: Field, depth: number,
  readSubgraph: SubgraphReader): Promise<[string, RawAttr]> {
  let name = ''
  let type = 0
  const heavy: Field[] = []
  let pos = af.dataStart
  const end = af.dataEnd
  r.push('an attribute')
  while (pos < end) {
    const f = r.has(pos, 20) ? r.fieldAt(pos, end, undefined, ATTR_CONTAINERS) : await r.field(pos, end, undefined, ATTR_CONTAINERS)
    if (f.no === 1 && f.wt === WT_LEN) {
      name = r.hasPayload(f) ? r.stringAt(f) : await r.string(f)
      r.relabel(`attribute '${shownName(name)}'`)
    } else if (f.no === 20 && f.wt === WT_VARINT) type = f.value
    else if (f.wt === WT_LEN && (f.no === F_T || f.no === F_G || f.no === F_TENSORS || f.no === F_GRAPHS)) heavy.push(f)
    pos = f.end
  }
  r.finish(pos, end, 'the attribute')
  let attr: RawAttr
  if (heavy.length === 0) attr = simpleAttr(r, decodeAttribute(r, r.hasPayload(af) ? r.bytesAt(af) : await r.bytes(af)))
  else {
    if (type === 0) type = heavy[0].no === F_T ? A_TENSOR : heavy[0].no === F_G ? A_GRAPH : heavy[0].no === F_TENSORS ? A_TENSORS : A_GRAPHS
    const of = (no: number): Field[] => heavy.filter((f) => f.no === no)
    const tensors = async (fs: Field[]): Promise<RawTensor[]> => {
      const out: RawTensor[] = []
      for (const [i, f] of fs.entries()) out.push(await readTensor(r, f.dataStart, f.dataEnd, `tensor ${i}`))
      return out
    }
    const graphs = async (fs: Field[]): Promise<RawSubgraph[]> => {
      const out: RawSubgraph[] = []
      for (const f of fs) out.push(await readSubgraph(r, f.dataStart, f.dataEnd, depth + 1))
      return out
    }
    if (type === A_TENSOR && of(F_T).length > 0) attr = { type: 'tensor', value: (await tensors(of(F_T).slice(-1)))[0] }
    else if (type === A_GRAPH && of(F_G).length > 0) attr = { type: 'graph', value: (await graphs(of(F_G).slice(-1)))[0] }
    else if (type === A_TENSORS) attr = { type: 'tensors', value: await tensors(of(F_TENSORS)) }
    else if (type === A_GRAPHS) attr = { type: 'graphs', value: await graphs(of(F_GRAPHS)) }
    else {
      // a scalar/list type with a stray tensor or graph beside it: decode the declared value, skip the rest
      attr = simpleAttr(r, decodeAttribute(r, await r.bytes(af)))
    }
  }
  r.pop()
  return [name, attr]
}

function decodeAttribute(r: WindowReader, bytes: Uint8Array): AttributeProto {
  try {
    return fromBinary(AttributeProtoSchema, bytes, { readUnknownFields: false })
  } catch (e) {
    r.fail('ONNX_MALFORMED', `the attribute does not decode (${e instanceof Error ? e.message : String(e)})`)
  }
}

/** int64 → number when exact, else its decimal string (docs/spec.md section 1). */
export function int64Value(v: bigint): number | string {
  return v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v.toString()
}

/** A decoded attribute without tensors or graphs → RawAttr. An undefined type is inferred from what is set. */
function simpleAttr(r: WindowReader, a: AttributeProto): RawAttr {
  let type: number = a.type
  if (type === 0) {
    if (a.floats.length > 0) type = A_FLOATS
    else if (a.ints.length > 0) type = A_INTS
    else if (a.strings.length > 0) type = A_STRINGS
    else if (a.s.length > 0) type = A_STRING
    else if (a.i !== 0n) type = A_INT
    else if (a.f !== 0) type = A_FLOAT
    else {
      r.warnings.push(`${r.where()} has no type and no value; it is read as the integer 0`)
      type = A_INT
    }
  }
  switch (type) {
    case A_FLOAT: return { type: 'float', value: a.f }
    case A_INT: return { type: 'int', value: int64Value(a.i) }
    case A_STRING: return { type: 'string', value: utf8(a.s) }
    case A_FLOATS: return { type: 'floats', value: a.floats.slice() }
    case A_INTS: return { type: 'ints', value: a.ints.map(int64Value) }
    case A_STRINGS: return { type: 'strings', value: a.strings.map((s) => utf8(s)) }
    // a TENSOR/GRAPH type without its payload field: an empty value
    case A_TENSOR: return { type: 'tensor', value: { name: '', dtype: null, dims: [], location: { kind: 'none' } } }
    case A_GRAPH: return { type: 'graph', value: { nodes: 0, ops: {}, weightBytes: 0, outerInputs: [] } }
    case A_TENSORS: return { type: 'tensors', value: [] }
    case A_GRAPHS: return { type: 'graphs', value: [] }
    default: return { type: 'other', value: TYPE_NAMES[type] ?? `type ${type}` }
  }
}
