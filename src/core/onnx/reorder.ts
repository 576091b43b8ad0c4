/**
 * The ONNX model rewritten with its nodes in a given order, composed from slices of the original file.
 *
 * The GraphProto's node entries (field 1, tag and length included) are permuted in place: slot k of the
 * file's node entries receives entry `order[k]`. Everything else — weights, the GraphProto's and the
 * ModelProto's other fields, their length prefixes — is copied byte for byte, and since the graph's content
 * is a permutation of the same entries its length prefix stays valid. Weights are never read into memory:
 * `reorderedRanges` gives the slices (the app turns them into `Blob.slice` parts), `writeReorderedOnnx`
 * streams them in chunks. Cost: one wire walk of the graph's top-level fields, then O(file) copying.
 */
import { MemoriaError, fmtInt } from '../errors.ts'
import type { ByteSource } from './byte-source.ts'
import type { RawModel } from './raw.ts'
import { WT_LEN, WindowReader } from './wire.ts'

export interface ByteRange {
  offset: number
  length: number
}

function checkOrder(raw: RawModel, order: number[]): void {
  const n = raw.nodes.length
  const bad = (why: string): never => {
    throw new MemoriaError('ARG_INVALID', `the order to export ${why}; give each of the ${fmtInt(n)} node indices ` +
      `0…${n - 1} exactly once`)
  }
  if (order.length !== n) bad(`has ${fmtInt(order.length)} entries, not ${fmtInt(n)}`)
  const seen = new Uint8Array(n)
  for (const i of order) {
    if (!Number.isInteger(i) || i < 0 || i >= n) bad(`names node ${i}, which does not exist`)
    if (seen[i]) bad(`names node ${i} twice`)
    seen[i] = 1
  }
}

/** The file's slices, in output order, whose concatenation is the reordered model. */
export async function reorderedRanges(source: ByteSource, raw: RawModel, order: number[]): Promise<ByteRange[]> {
  checkOrder(raw, order)
  if (source.size !== raw.fileBytes) {
    throw new MemoriaError('ARG_INVALID', `the file has ${fmtInt(source.size)} bytes but the model was read from one ` +
      `of ${fmtInt(raw.fileBytes)}; open the model again before exporting`)
  }
  const r = new WindowReader(source)
  r.push('graph')
  const start = raw.graphOffset
  const end = start + raw.graphLength
  // top-level graph fields in file order; node entries carry their index
  const fields: { start: number; end: number; node: number }[] = []
  const nodeField: ByteRange[] = []
  let pos = start
  while (pos < end) {
    const f = await r.field(pos, end)
    let node = -1
    if (f.no === 1 && f.wt === WT_LEN) {
      node = nodeField.length
      const n = raw.nodes[node]
      if (n === undefined || n.offset !== f.dataStart || n.length !== f.dataEnd - f.dataStart) {
        throw new MemoriaError('ARG_INVALID', `node entry ${node} at byte ${fmtInt(f.start)} is not where the model ` +
          'read earlier put it; the file changed — open it again before exporting')
      }
      nodeField.push({ offset: f.start, length: f.end - f.start })
    }
    fields.push({ start: f.start, end: f.end, node })
    pos = f.end
  }
  r.finish(pos, end, 'the graph')
  if (nodeField.length !== raw.nodes.length) {
    throw new MemoriaError('ARG_INVALID', `the file holds ${fmtInt(nodeField.length)} nodes, the model read earlier ` +
      `${fmtInt(raw.nodes.length)}; open it again before exporting`)
  }
  const out: ByteRange[] = []
  const add = (offset: number, length: number): void => {
    const last = out[out.length - 1]
    if (length === 0) return
    if (last !== undefined && last.offset + last.length === offset) last.length += length
    else out.push({ offset, length })
  }
  add(0, start)
  for (const f of fields) {
    if (f.node < 0) add(f.start, f.end - f.start)
    else {
      const src = nodeField[order[f.node]]
      add(src.offset, src.length)
    }
  }
  add(end, source.size - end)
  return out
}

/** Streams the reordered model in chunks of at most `chunkBytes` (default 4 MiB). */
export async function* writeReorderedOnnx(source: ByteSource, raw: RawModel, order: number[],
  opts: { chunkBytes?: number; isCancelled?: () => boolean } = {}): AsyncGenerator<Uint8Array> {
  const chunk = Math.max(1, opts.chunkBytes ?? 4 << 20)
  for (const range of await reorderedRanges(source, raw, order)) yield* copyRange(source, range, chunk, opts.isCancelled)
}

/**
 * The bytes of `range` of the source file, in chunks of at most `chunk` bytes, for the exports that copy the
 * file's pieces through (reordered, pinned); a file that got shorter since it was opened is ONNX_TRUNCATED.
 */
export async function* copyRange(source: ByteSource, range: { offset: number; length: number }, chunk: number,
  isCancelled?: () => boolean): AsyncGenerator<Uint8Array> {
  for (let p = range.offset; p < range.offset + range.length; p += chunk) {
    if (isCancelled?.()) throw new MemoriaError('CANCELLED', 'the export was cancelled')
    const len = Math.min(chunk, range.offset + range.length - p)
    const bytes = await source.read(p, len)
    if (bytes.length !== len) {
      throw new MemoriaError('ONNX_TRUNCATED', `the file ends at byte ${fmtInt(p + bytes.length)} while it was ` +
        'being exported; it changed since it was opened — open it again')
    }
    yield bytes
  }
}
