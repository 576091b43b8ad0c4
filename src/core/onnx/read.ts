/**
 * The ONNX reader's entry point: probe, then walk ModelProto → GraphProto at the wire level, streaming the
 * file through a small window, and return the `RawModel` (structure only; payloads located, not copied).
 *
 * Invariants: never holds the whole file (memory is O(window + structure)); never throws anything but a
 * `MemoriaError` (bugs become `INTERNAL`); a file cut at any byte is `ONNX_TRUNCATED` naming where it ends,
 * unless the cut falls exactly between two top-level fields after the graph and opset imports (protobuf
 * cannot tell that from a shorter model). Cost: O(structure bytes + one small read per skipped payload).
 */
import { fromBinary, type DescMessage, type MessageShape } from '@bufbuild/protobuf'
import { OperatorSetIdProtoSchema, StringStringEntryProtoSchema } from 'onnx-buf'
import { MemoriaError, fmtInt } from '../errors.ts'
import type { ByteSource } from './byte-source.ts'
import { readGraphBody, subgraphWarning, type GraphBody } from './graph.ts'
import { normalDomain } from './node.ts'
import { MODEL, MODEL_FIELDS } from './model-fields.ts'
import { probeOnnx } from './probe.ts'
import type { RawModel } from './raw.ts'
import { DOC_MAX_BYTES, WT_LEN, WT_VARINT, WindowReader, setOwn, type Field, type ReadOptions } from './wire.ts'

export type { ReadOptions } from './wire.ts'

const MODEL_CONTAINERS: ReadonlySet<number> = new Set([MODEL.graph, MODEL.functions])

/** Reads an ONNX model from `source`. Progress and cancellation as in `ReadOptions`. */
export async function readOnnx(source: ByteSource, opts: ReadOptions = {}): Promise<RawModel> {
  try {
    await probeOnnx(source)
    return await walkModel(new WindowReader(source, opts))
  } catch (e) {
    if (e instanceof MemoriaError) throw e
    const why = e instanceof Error ? `${e.name}: ${e.message}` : String(e)
    throw new MemoriaError('INTERNAL', `the ONNX reader failed unexpectedly (${why}); please report it with the model`)
  }
}

async function walkModel(r: WindowReader): Promise<RawModel> {
  const m: RawModel = {
    irVersion: 0, producerName: '', producerVersion: '', domain: '', modelVersion: 0, docString: '', opset: {},
    metadata: {}, graphName: '', graphDocString: '', inputs: [], outputs: [], valueInfo: [], initializers: [],
    nodes: [], fileBytes: r.size, graphOffset: 0, graphLength: 0, warnings: [],
  }
  let graph: GraphBody | null = null
  let sawOpset = false
  const functions: string[] = []
  let pos = 0
  const end = r.size
  while (pos < end) {
    const f = await r.field(pos, end, (no) => MODEL_FIELDS[no]?.label ?? `field ${no}`, MODEL_CONTAINERS)
    if (f.wt === WT_VARINT) {
      if (f.no === MODEL.irVersion) m.irVersion = f.value
      else if (f.no === MODEL.modelVersion) m.modelVersion = f.value
    } else if (f.wt === WT_LEN) {
      switch (f.no) {
        case MODEL.producerName: m.producerName = await r.string(f); break
        case MODEL.producerVersion: m.producerVersion = await r.string(f); break
        case MODEL.domain: m.domain = await r.string(f); break
        case MODEL.docString: m.docString = await r.string(f, DOC_MAX_BYTES); break
        case MODEL.graph:
          if (graph !== null) r.fail('ONNX_MALFORMED', `a second graph starts at byte ${fmtInt(f.start)}`)
          graph = await readGraphBody(r, f.dataStart, f.dataEnd, 0, 'graph')
          m.graphOffset = f.dataStart
          m.graphLength = f.dataEnd - f.dataStart
          break
        case MODEL.opsetImport: {
          const o = decode(r, await r.bytes(f), OperatorSetIdProtoSchema, 'an opset import', f.start)
          setOwn(m.opset, normalDomain(o.domain), Number(o.version))
          sawOpset = true
          break
        }
        case MODEL.metadataProps: {
          const e = decode(r, await r.bytes(f), StringStringEntryProtoSchema, 'a metadata entry', f.start)
          setOwn(m.metadata, e.key, e.value)
          break
        }
        case MODEL.functions: functions.push(await functionName(r, f)); break
        default: break // training_info, configuration, unknown future fields (MODEL_FIELDS names them)
      }
    }
    pos = f.end
  }
  if (graph === null) {
    throw new MemoriaError('ONNX_TRUNCATED', `the file ends at byte ${fmtInt(r.size)} without a graph: it starts like ` +
      'an ONNX model but holds no graph; the file is incomplete — download or export it again')
  }
  if (!sawOpset) {
    if (m.irVersion >= 3) {
      throw new MemoriaError('ONNX_TRUNCATED', `the file ends at byte ${fmtInt(r.size)}, after the graph but before ` +
        'its opset imports (every ONNX model since IR version 3 has them); the file is incomplete — download or ' +
        'export it again')
    }
    m.opset[''] = 1
    r.warnings.push(`the model (IR version ${m.irVersion}) declares no opset; opset 1 is assumed`)
  }
  m.graphName = graph.name
  m.graphDocString = graph.docString
  m.inputs = graph.inputs
  m.outputs = graph.outputs
  m.valueInfo = graph.valueInfo
  m.initializers = graph.initializers
  m.nodes = graph.nodes
  m.warnings = [...r.warnings]
  graph.nodes.forEach((n, i) => {
    const w = subgraphWarning(n, i)
    if (w !== null) m.warnings.push(w)
  })
  if (functions.length > 0) {
    m.warnings.push(`the model defines ${functions.length} local function${functions.length === 1 ? '' : 's'} ` +
      `(${functions.join(', ')}); nodes that call them are read as operators of their domain`)
  }
  r.progress(r.size)
  return m
}

function decode<S extends DescMessage>(r: WindowReader, bytes: Uint8Array, schema: S, what: string, at: number): MessageShape<S> {
  try {
    return fromBinary(schema, bytes, { readUnknownFields: false })
  } catch (e) {
    r.fail('ONNX_MALFORMED', `${what} at byte ${fmtInt(at)} does not decode (${e instanceof Error ? e.message : String(e)})`)
  }
}

/** A FunctionProto's domain and name (fields 10 and 1), without decoding its body. */
async function functionName(r: WindowReader, fn: Field): Promise<string> {
  let name = ''
  let domain = ''
  let pos = fn.dataStart
  r.push('a local function')
  while (pos < fn.dataEnd) {
    const f = await r.field(pos, fn.dataEnd)
    if (f.wt === WT_LEN && f.no === 1) name = await r.string(f)
    else if (f.wt === WT_LEN && f.no === 10) domain = await r.string(f)
    pos = f.end
  }
  r.finish(pos, fn.dataEnd, 'the function')
  r.pop()
  return domain === '' ? name : `${domain}.${name}`
}
