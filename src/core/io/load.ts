/**
 * The model loader: probe → reader → graph (Netron's shape), for the CLI and the parse worker alike.
 *
 * The first bytes decide: a document whose first non-blank character is `{` or `[` is JSON and goes to the
 * memoria-graph reader; anything else goes to the streaming ONNX reader, whose own probe rejects what is not
 * ONNX (ONNX_NOT_A_MODEL) without reading the whole file. An empty file is FILE_EMPTY. Whatever the source,
 * the graph that comes out has passed `validateGraph`. Cost: an ONNX file costs what its structure costs to
 * read (payloads are skipped) plus the build, O(nodes + edges); a JSON graph is read whole (≤ 512 MB).
 */
import { fail, fmtInt } from '../errors.ts'
import { buildGraph } from '../graph/build.ts'
import { dtypeAssumedWarning } from '../graph/declared.ts'
import { dtypeBytes, type MemoriaGraph } from '../graph/types.ts'
import { hasName } from '../names.ts'
import { checkExternalData } from '../onnx/external.ts'
import { readOnnx } from '../onnx/read.ts'
import type { ByteSource } from '../onnx/byte-source.ts'
import type { RawModel } from '../onnx/raw.ts'
import { readGraphJson } from './graph-json.ts'
import { validateGraph } from './validate.ts'

export type { ByteSource }

export interface LoadOptions {
  /** `--dim NAME=VALUE` bindings; an unbound symbol is 1 */
  dims?: Record<string, number>
  /** `--shape NAME=1x3x224x224`: shapes for tensors the model leaves unknown */
  shapes?: Record<string, number[]>
  onProgress?: (bytesRead: number, totalBytes: number) => void
  isCancelled?: () => boolean
  /**
   * Where the model's external weights files can be seen (src/core/onnx/external.ts): `lookup` gives a
   * file's size or null when it is absent; `where` and `how` finish the warning for a missing one. Without
   * it nothing is looked up (a model read from memory has no folder).
   */
  externalData?: ExternalDataLookup
}

export interface ExternalDataLookup {
  lookup: (location: string) => Promise<number | null>
  where: string
  how: string
}

export interface LoadedModel {
  graph: MemoriaGraph
  /** the reader's output, for ONNX models (the reordered export needs its byte ranges) */
  raw?: RawModel
  /** what the external-weights check added to the graph's warnings (a rebuild with new bindings keeps them) */
  externalWarnings?: string[]
}

/** A memoria-graph bigger than this is not plausible (qwen2's is a few MB); refuse before decoding it. */
const JSON_MAX_BYTES = 512 * 1024 * 1024
const PROBE_BYTES = 64

type Decoder = { decode(bytes: Uint8Array): string }
type DecoderCtor = new (label: string, opts: { fatal: boolean }) => Decoder

export async function probeIsJson(source: ByteSource): Promise<boolean> {
  const head = await source.read(0, Math.min(PROBE_BYTES, source.size))
  let i = 0
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) i = 3 // UTF-8 byte order mark
  while (i < head.length && (head[i] === 0x20 || head[i] === 0x0a || head[i] === 0x0d || head[i] === 0x09)) i++
  return head[i] === 0x7b /* { */ || head[i] === 0x5b /* [ */
}

export async function loadModel(source: ByteSource, fileName: string, opts: LoadOptions = {}): Promise<LoadedModel> {
  if (source.size === 0) fail('FILE_EMPTY', `${fileName} is empty (0 bytes); choose the .onnx model or memoria-graph JSON file itself`)
  const cancelled = (): void => {
    if (opts.isCancelled?.()) fail('CANCELLED', `loading ${fileName} was cancelled`)
  }
  cancelled()
  if (await probeIsJson(source)) {
    const graph = await loadGraphJson(source, fileName, opts)
    return { graph }
  }
  const raw = await readOnnx(source, { onProgress: opts.onProgress, isCancelled: opts.isCancelled })
  cancelled()
  const graph = buildGraph(raw, { dims: opts.dims ?? {}, shapes: opts.shapes ?? {}, fileName })
  validateGraph(graph)
  if (opts.externalData) {
    const { lookup, where, how } = opts.externalData
    const found = await checkExternalData(raw, lookup, where, how)
    if (found.length > 0) graph.warnings = [...(graph.warnings ?? []), ...found]
    return { graph, raw, externalWarnings: found }
  }
  return { graph, raw }
}

async function loadGraphJson(source: ByteSource, fileName: string, opts: LoadOptions): Promise<MemoriaGraph> {
  if (source.size > JSON_MAX_BYTES) {
    fail('GRAPH_JSON_INVALID', `${fileName} starts like JSON but is ${fmtInt(source.size)} bytes, more than any memoria-graph (${fmtInt(JSON_MAX_BYTES)} at most); check that it is the right file`)
  }
  const bytes = await source.read(0, source.size)
  opts.onProgress?.(source.size, source.size)
  if (opts.isCancelled?.()) fail('CANCELLED', `loading ${fileName} was cancelled`)
  const Ctor = (globalThis as unknown as { TextDecoder: DecoderCtor }).TextDecoder
  let text: string
  try {
    text = new Ctor('utf-8', { fatal: true }).decode(bytes)
  } catch {
    fail('GRAPH_JSON_INVALID', `${fileName} starts like JSON but is not UTF-8 text; a memoria-graph is UTF-8 JSON, as the planner's graph export writes it`)
  }
  const graph = readGraphJson(text, { dims: opts.dims })
  applyShapes(graph, opts.shapes ?? {})
  return graph
}

/**
 * `--shape` on a memoria-graph: sets the shape of each named tensor whose shape is not fully known and
 * recomputes its bytes. Shape inference does not run again on a JSON graph, so tensors downstream of it keep
 * what the document says (the ONNX path, through buildGraph, propagates). A tensor without a dtype takes the
 * one of its producer's first input, with the same warning as the ONNX path (declared.ts).
 */
export function applyShapes(graph: MemoriaGraph, shapes: Record<string, number[]>): void {
  const dtypeOf = new Map(graph.tensors.map((t) => [t.name, t.dtype]))
  const assumed: string[] = []
  for (const [name, shape] of Object.entries(shapes)) {
    const t = graph.tensors.find((x) => x.name === name)
    if (t === undefined) fail('ARG_INVALID', `the shape ${shape.join('x')} given for ${JSON.stringify(name)}: the graph has no tensor of that name; check the tensor names of the model`)
    const known = t.shape !== null && t.shape.every((d) => typeof d === 'number')
    if (known && (t.shape as number[]).join('x') !== shape.join('x')) {
      fail('SHAPE_INVALID', `the shape ${shape.join('x')} given for ${JSON.stringify(name)}: that tensor already has the known shape ${(t.shape as number[]).join('x')}; drop the given shape`)
    }
    t.shape = [...shape]
    t.bytes = dtypeBytes(t.dtype, t.shape)
  }
  // dtypes from producers' inputs, to a fixpoint: a chain of given tensors resolves whatever the flag order
  const pending = graph.tensors.filter((t) => t.dtype === null && hasName(shapes, t.name))
  for (let changed = true; changed;) {
    changed = false
    for (const t of pending) {
      if (t.dtype !== null) continue
      const producer = graph.nodes.find((n) => n.outputs.includes(t.name))
      const fromInput = producer?.inputs.map((x) => dtypeOf.get(x) ?? null).find((d) => d !== null) ?? null
      if (fromInput === null) continue
      t.dtype = fromInput
      t.bytes = dtypeBytes(t.dtype, t.shape)
      dtypeOf.set(t.name, fromInput)
      assumed.push(`${t.name} (${fromInput})`)
      changed = true
    }
  }
  if (assumed.length > 0) graph.warnings = [...(graph.warnings ?? []), dtypeAssumedWarning(assumed)]
}
