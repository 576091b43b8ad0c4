/**
 * Writes an ONNX model with every external initializer made inline: `raw_data` of its real size,
 * zero-filled. From gpt2.onnx (175 KB, weights external) this gives GPT-2 small's graph with 652 MB of
 * inline weights — the file `bench/parse.bench.ts` reads.
 *
 * The input is small and read whole; the output is streamed (one 4 MiB zero buffer reused), so the
 * generator itself stays small. Only the framing changes: each rewritten TensorProto drops
 * `external_data` (13) and `data_location` (14) and gains `raw_data` (9), and the length prefixes of the
 * initializers and of the graph are recomputed. Everything else is copied byte for byte.
 */
import { closeSync, ftruncateSync, openSync, writeSync } from 'node:fs'

interface Field { no: number; wt: number; start: number; dataStart: number; end: number; value: number }

function varint(b: Uint8Array, p: number): [number, number] {
  let v = 0
  let mul = 1
  for (;;) {
    const x = b[p++]
    v += (x & 0x7f) * mul
    mul *= 128
    if ((x & 0x80) === 0) return [v, p]
  }
}

function encodeVarint(v: number): Uint8Array {
  const out: number[] = []
  while (v >= 0x80) {
    out.push((v % 128) | 0x80)
    v = Math.floor(v / 128)
  }
  out.push(v)
  return Uint8Array.from(out)
}

function fields(b: Uint8Array, start: number, end: number): Field[] {
  const out: Field[] = []
  let p = start
  while (p < end) {
    const [key, q] = varint(b, p)
    const no = Math.floor(key / 8)
    const wt = key % 8
    let f: Field
    if (wt === 0) {
      const [v, r] = varint(b, q)
      f = { no, wt, start: p, dataStart: q, end: r, value: v }
    } else if (wt === 2) {
      const [len, r] = varint(b, q)
      f = { no, wt, start: p, dataStart: r, end: r + len, value: len }
    } else if (wt === 1 || wt === 5) {
      f = { no, wt, start: p, dataStart: q, end: q + (wt === 1 ? 8 : 4), value: 0 }
    } else throw new Error(`wire type ${wt} at ${p}`)
    out.push(f)
    p = f.end
  }
  return out
}

/** bytes per element by TensorProto.DataType */
const ELEMENT_BYTES: Record<number, number> = { 1: 4, 2: 1, 3: 1, 4: 2, 5: 2, 6: 4, 7: 8, 9: 1, 10: 2, 11: 8, 12: 4, 13: 8, 16: 2 }

/** A piece of the output: bytes, or a run of zeros. */
type Piece = Uint8Array | number
const size = (ps: Piece[]): number => ps.reduce<number>((s, p) => s + (typeof p === 'number' ? p : p.length), 0)

function lenField(no: number, content: Piece[]): Piece[] {
  return [encodeVarint(no * 8 + 2), encodeVarint(size(content)), ...content]
}

function tensor(b: Uint8Array, f: Field): { pieces: Piece[]; inlined: number } {
  const fs = fields(b, f.dataStart, f.end)
  const external = fs.some((x) => x.no === 14 && x.value === 1)
  if (!external) return { pieces: [b.subarray(f.start, f.end)], inlined: 0 }
  let n = 1
  let dtype = 0
  for (const x of fs) {
    if (x.no === 2) dtype = x.value
    if (x.no === 1 && x.wt === 0) n *= x.value
    if (x.no === 1 && x.wt === 2) for (let p = x.dataStart; p < x.end;) { const [v, q] = varint(b, p); n *= v; p = q }
  }
  const bytes = n * (ELEMENT_BYTES[dtype] ?? 0)
  const kept = fs.filter((x) => x.no !== 13 && x.no !== 14).map((x) => b.subarray(x.start, x.end))
  return { pieces: lenField(5, [...kept, ...lenField(9, [bytes])]), inlined: bytes }
}

/**
 * Writes `src` (an ONNX model with external weights) to `outPath` with every weight inline. `sparse`: the
 * zero payloads become holes in the file (no disk blocks, written in milliseconds) — how the > 2 GB
 * Qwen2 model of the huge-file tests is made; a reader cannot tell a hole from written zeros.
 */
export function writeInlineOnnx(src: Uint8Array, outPath: string, opts: { sparse?: boolean } = {}): { bytes: number; inlinedBytes: number; initializers: number } {
  const pieces: Piece[] = []
  let inlinedBytes = 0
  let initializers = 0
  for (const f of fields(src, 0, src.length)) {
    if (f.no !== 7) {
      pieces.push(src.subarray(f.start, f.end))
      continue
    }
    const graph: Piece[] = []
    for (const g of fields(src, f.dataStart, f.end)) {
      if (g.no === 5) {
        const t = tensor(src, g)
        graph.push(...t.pieces)
        inlinedBytes += t.inlined
        initializers++
      } else graph.push(src.subarray(g.start, g.end))
    }
    pieces.push(...lenField(7, graph))
  }
  const zeros = new Uint8Array(4 << 20)
  const fd = openSync(outPath, 'w')
  try {
    if (opts.sparse) {
      let at = 0
      for (const p of pieces) {
        if (typeof p === 'number') at += p
        else at += writeSync(fd, p, 0, p.length, at)
      }
      ftruncateSync(fd, at)
      return { bytes: size(pieces), inlinedBytes, initializers }
    }
    for (const p of pieces) {
      if (typeof p !== 'number') {
        writeSync(fd, p)
        continue
      }
      for (let left = p; left > 0; left -= zeros.length) writeSync(fd, zeros, 0, Math.min(left, zeros.length))
    }
  } finally {
    closeSync(fd)
  }
  return { bytes: size(pieces), inlinedBytes, initializers }
}
