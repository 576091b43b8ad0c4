/**
 * Protobuf wire format over a windowed `ByteSource`: tags, varints and length-delimited fields, read from
 * a sliding window so a file of any size streams through a few MiB of memory.
 *
 * `WindowReader.ensure(pos, n)` makes bytes [pos, min(pos + n, size)) available in `buf`; the synchronous
 * decoders then read them. After a jump (a skipped weight payload) the next read is small (`minReadBytes`)
 * and doubles while reads stay sequential, up to `windowBytes`: reading a 650 MB file with inline weights
 * touches about its structure plus one small read per skipped payload. A request larger than the window is
 * read whole (it is a message the caller needs in one piece).
 *
 * Every failure is a `MemoriaError`: a field that runs past the end of the file is `ONNX_TRUNCATED` (the
 * file is incomplete); one that runs past its enclosing message, a bad wire type or field number is
 * `ONNX_MALFORMED`. Messages name the byte offset and the context stack (`node 17 'x' > attribute 'value'`).
 * Cancellation is checked at every window load and by `tick()`; progress is reported at window loads.
 * Cost: time linear in the bytes decoded (skipped payloads cost one small read each); memory O(windowBytes).
 */
import { getTextEncoding } from '@bufbuild/protobuf/wire'
import { MemoriaError, fmtInt } from '../errors.ts'
import type { ByteSource } from './byte-source.ts'

export interface ReadOptions {
  /** called with (bytes covered so far, total bytes) at window loads and at the end */
  onProgress?: (bytesRead: number, totalBytes: number) => void
  /** polled at window loads and every few hundred messages; true ends the read with `CANCELLED` */
  isCancelled?: () => boolean
  /** largest read the reader makes on its own (default 4 MiB) */
  windowBytes?: number
  /** first read after a jump (default 64 KiB, capped by windowBytes) */
  minReadBytes?: number
}

export const WT_VARINT = 0
export const WT_I64 = 1
export const WT_LEN = 2
export const WT_I32 = 5

/** One field: its number and wire type; for LEN the payload is [dataStart, dataEnd); `end` follows it. */
export interface Field {
  no: number
  wt: number
  /** offset of the tag */
  start: number
  dataStart: number
  dataEnd: number
  /** offset just after the field */
  end: number
  /** varint value (exact up to 2^53) for WT_VARINT; 0 otherwise */
  value: number
}

const TWO32 = 4294967296
/** Longest name (node, tensor, op, producer) the reader accepts. */
export const NAME_MAX_BYTES = 1 << 20
/** labels kept at each end of a deep error path (`where`) */
const PATH_HEAD = 2
const PATH_TAIL = 3

/** Largest structure message (attribute, value info) the reader decodes in one piece. */
export const MESSAGE_MAX_BYTES = 64 << 20
/** Longest doc string the reader accepts. */
export const DOC_MAX_BYTES = 64 << 20

export class WindowReader {
  readonly size: number
  /** the window: file bytes [start, start + buf.length) */
  buf: Uint8Array = new Uint8Array(0)
  start = 0
  /** bytes actually read from the source */
  bytesRead = 0
  private readonly src: ByteSource
  private readonly windowBytes: number
  private readonly minRead: number
  private readSize: number
  private readonly opts: ReadOptions
  private readonly labels: string[] = []
  private ticks = 0
  private covered = 0
  /** warnings found while reading (a payload of the wrong size, a missing external location, …) */
  readonly warnings: string[] = []

  constructor(src: ByteSource, opts: ReadOptions = {}) {
    this.src = src
    this.size = src.size
    this.opts = opts
    this.windowBytes = Math.max(16, Math.floor(opts.windowBytes ?? 4 << 20))
    this.minRead = Math.max(16, Math.min(this.windowBytes, Math.floor(opts.minReadBytes ?? 64 << 10)))
    this.readSize = this.minRead
  }

  /** Makes [pos, min(pos + n, size)) available in the read window (buffered bytes). */
  async ensure(pos: number, n: number): Promise<void> {
    const want = Math.min(pos + n, this.size)
    if (pos >= this.start && want <= this.start + this.buf.length) return
    this.checkCancel()
    const end = this.start + this.buf.length
    const sequential = this.buf.length > 0 && pos >= this.start && pos <= end
    this.readSize = sequential ? Math.min(this.readSize * 2, this.windowBytes) : this.minRead
    const len = Math.min(Math.max(want - pos, this.readSize), this.size - pos)
    let bytes: Uint8Array
    try {
      bytes = await this.src.read(pos, len)
    } catch (e) {
      if (e instanceof MemoriaError) throw e
      const why = e instanceof Error ? e.message : String(e)
      throw new MemoriaError('ONNX_TRUNCATED', `the file could not be read at byte ${fmtInt(pos)} (${why}); ` +
        'check that the file is still there and readable, then open it again')
    }
    if (bytes.length < want - pos) {
      this.fail('ONNX_TRUNCATED', `the file ends at byte ${fmtInt(pos + bytes.length)} ` +
        `although it announced ${fmtInt(this.size)} bytes`, 'the file changed while it was read or is incomplete — ' +
        'download or export it again')
    }
    this.buf = bytes
    this.start = pos
    this.bytesRead += bytes.length
    this.progress(pos + bytes.length)
  }

  progress(pos: number): void {
    if (pos > this.covered) this.covered = Math.min(pos, this.size)
    this.opts.onProgress?.(this.covered, this.size)
  }

  checkCancel(): void {
    if (this.opts.isCancelled?.()) {
      throw new MemoriaError('CANCELLED', `reading the model was cancelled at byte ${fmtInt(this.covered)}`)
    }
  }

  /** Call once per message in long loops: polls cancellation every 256 calls. */
  tick(): void {
    if ((++this.ticks & 255) === 0) this.checkCancel()
  }

  // --- context for error messages -------------------------------------------------------------------------

  push(label: string): void {
    this.labels.push(label)
  }
  pop(): void {
    this.labels.pop()
  }
  /** Renames the innermost context once its name is known (`node 17` → `node 17 '/conv1/Conv'`). */
  relabel(label: string): void {
    if (this.labels.length > 0) this.labels[this.labels.length - 1] = label
  }
  /**
   * The path to what is being read. A deep one (subgraphs nest up to 64 levels, so a path could run to
   * kilobytes) keeps its ends: the first PATH_HEAD labels, how many are left out, the last PATH_TAIL.
   */
  where(): string {
    const l = this.labels
    if (l.length === 0) return 'the model'
    if (l.length <= PATH_HEAD + PATH_TAIL + 1) return l.join(' > ')
    return [...l.slice(0, PATH_HEAD), `… ${l.length - PATH_HEAD - PATH_TAIL} levels …`, ...l.slice(-PATH_TAIL)].join(' > ')
  }

  fail(code: 'ONNX_TRUNCATED' | 'ONNX_MALFORMED', what: string, todo?: string): never {
    const action = todo ?? (code === 'ONNX_TRUNCATED'
      ? 'the file is incomplete — download or export it again'
      : 'the file is damaged or not a valid ONNX model — export it again (e.g. with torch.onnx.export) and ' +
        'check it with onnx.checker.check_model')
    throw new MemoriaError(code, `${what}, inside ${this.where()}; ${action}`)
  }

  /** A payload [p, p + len) must fit in its message (ending at `end`) and in the file. */
  checkSpan(p: number, len: number, end: number, what: string): void {
    const stop = p + len
    if (stop > this.size && end >= this.size) {
      this.fail('ONNX_TRUNCATED', `the file ends at byte ${fmtInt(this.size)} in the middle of ${what} ` +
        `(bytes ${fmtInt(p)}–${fmtInt(stop)})`)
    }
    if (stop > end) {
      this.fail('ONNX_MALFORMED', `${what} at byte ${fmtInt(p)} claims ${fmtInt(len)} bytes, past the end of ` +
        `its enclosing message at byte ${fmtInt(end)}`)
    }
  }

  // --- synchronous decoding inside the window ----------------------------------------------------------------

  /** A varint at `pos` (ensured), inside a message ending at `end`. Returns value (number) and sets `next`. */
  next = 0
  varint(pos: number, end: number): number {
    const limit = Math.min(end, this.size)
    let lo = 0
    let hi = 0
    let p = pos
    for (let i = 0; i < 10; i++) {
      if (p >= limit) {
        if (limit === this.size && end >= this.size) {
          this.fail('ONNX_TRUNCATED', `the file ends at byte ${fmtInt(this.size)} in the middle of a number`)
        }
        this.fail('ONNX_MALFORMED', `a number at byte ${fmtInt(pos)} runs past the end of its message ` +
          `at byte ${fmtInt(end)}`)
      }
      const b = this.buf[p - this.start]
      p++
      if (i < 4) lo |= (b & 0x7f) << (7 * i)
      else if (i === 4) {
        lo |= (b & 0x0f) << 28
        hi = (b & 0x7f) >> 4
      } else hi |= (b & 0x7f) << (7 * i - 32)
      if ((b & 0x80) === 0) {
        this.next = p
        return (hi >>> 0) * TWO32 + (lo >>> 0)
      }
    }
    this.fail('ONNX_MALFORMED', `a number at byte ${fmtInt(pos)} is longer than 10 bytes`)
  }

  /** The same varint as a signed 64-bit bigint (int64 fields: attribute `i`, `ints`, dims). */
  varintBig(pos: number, end: number): bigint {
    const approx = this.varint(pos, end)
    if (approx <= Number.MAX_SAFE_INTEGER) return BigInt(approx)
    let v = 0n
    let shift = 0n
    for (let p = pos; p < this.next; p++) {
      v |= BigInt(this.buf[p - this.start] & 0x7f) << shift
      shift += 7n
    }
    return BigInt.asIntN(64, v)
  }

  /** Reads the field at `pos` of a message ending at `end` (ensures its header, not a LEN payload). */
  /**
   * Reads the field at `pos` of a message ending at `end` (ensures its header, not a LEN payload). A LEN
   * field that runs past the end of the file is `ONNX_TRUNCATED` at once — unless its number is in
   * `containers`: the caller walks into it, so the error names the innermost message the file ends in.
   */
  async field(pos: number, end: number, describe?: (no: number) => string,
    containers?: ReadonlySet<number>): Promise<Field> {
    if (pos < this.size && !this.has(pos, 20)) await this.ensure(pos, 20)
    return this.fieldAt(pos, end, describe, containers)
  }

  /** True when [pos, min(pos + n, size)) is in the window: the `…At` methods may then be used without await. */
  has(pos: number, n: number): boolean {
    return pos >= this.start && Math.min(pos + n, this.size) <= this.start + this.buf.length
  }

  /** `field` when `has(pos, 20)`: synchronous, so the hot loops allocate no promise per field. */
  fieldAt(pos: number, end: number, describe?: (no: number) => string, containers?: ReadonlySet<number>): Field {
    if (pos >= this.size) {
      this.fail('ONNX_TRUNCATED', `the file ends at byte ${fmtInt(this.size)}, ${fmtInt(end - this.size)} bytes ` +
        `short of the end of the message it is in (byte ${fmtInt(end)})`)
    }
    const key = this.varint(pos, end)
    let p = this.next
    const no = Math.floor(key / 8)
    const wt = key % 8
    if (no === 0 || no > 536870911) {
      this.fail('ONNX_MALFORMED', `byte ${fmtInt(pos)} holds field number ${no}, which protobuf forbids`)
    }
    const f: Field = { no, wt, start: pos, dataStart: p, dataEnd: p, end: p, value: 0 }
    switch (wt) {
      case WT_VARINT:
        f.value = this.varint(p, end)
        f.dataEnd = f.end = this.next
        return f
      case WT_I64:
      case WT_I32: {
        const n = wt === WT_I64 ? 8 : 4
        this.checkSpan(p, n, end, describe?.(no) ?? `field ${no}`)
        f.dataEnd = f.end = p + n
        return f
      }
      case WT_LEN: {
        const len = this.varint(p, end)
        p = this.next
        if (!(containers?.has(no) && p + len > this.size && end >= this.size)) {
          this.checkSpan(p, len, end, describe?.(no) ?? `field ${no}`)
        }
        f.dataStart = p
        f.dataEnd = f.end = p + len
        return f
      }
      default:
        this.fail('ONNX_MALFORMED', `byte ${fmtInt(pos)} holds field ${no} with wire type ${wt}, which ONNX ` +
          'never uses')
    }
  }

  /**
   * The payload of a LEN field, as a view (valid until the next `ensure`). Only structure goes through here
   * (attributes, value infos, key/value entries), never weights: more than `maxBytes` is a damaged length.
   */
  async bytes(f: Field, maxBytes = MESSAGE_MAX_BYTES): Promise<Uint8Array> {
    this.checkPayload(f, maxBytes)
    await this.ensure(f.dataStart, f.dataEnd - f.dataStart)
    return this.bytesAt(f, maxBytes)
  }

  /** `bytes` when the payload is in the window (`has`). */
  bytesAt(f: Field, maxBytes = MESSAGE_MAX_BYTES): Uint8Array {
    this.checkPayload(f, maxBytes)
    const a = f.dataStart - this.start
    return this.buf.subarray(a, a + f.dataEnd - f.dataStart)
  }

  private checkPayload(f: Field, maxBytes: number): void {
    const len = f.dataEnd - f.dataStart
    if (f.dataEnd > this.size) {
      this.fail('ONNX_TRUNCATED', `the file ends at byte ${fmtInt(this.size)} in the middle of a field (bytes ` +
        `${fmtInt(f.dataStart)}–${fmtInt(f.dataEnd)})`)
    }
    if (len > maxBytes) {
      this.fail('ONNX_MALFORMED', `a message at byte ${fmtInt(f.start)} is ${fmtInt(len)} bytes long, more than any ` +
        `structure field needs (${fmtInt(maxBytes)})`)
    }
  }

  /**
   * A LEN field decoded as UTF-8 text (invalid sequences become U+FFFD). Names longer than `maxBytes` are
   * refused: no real model has them, and a damaged length must not make the reader load gigabytes.
   */
  async string(f: Field, maxBytes = NAME_MAX_BYTES): Promise<string> {
    this.checkText(f, maxBytes)
    return utf8(await this.bytes(f, maxBytes))
  }

  /** `string` when the payload is in the window (`has`). */
  stringAt(f: Field, maxBytes = NAME_MAX_BYTES): string {
    this.checkText(f, maxBytes)
    return utf8(this.bytesAt(f, maxBytes))
  }

  /** The payload of a LEN field is in the read window (buffered bytes). */
  hasPayload(f: Field): boolean {
    return this.has(f.dataStart, f.dataEnd - f.dataStart) && f.dataEnd <= this.size
  }

  private checkText(f: Field, maxBytes: number): void {
    if (f.dataEnd - f.dataStart > maxBytes) {
      this.fail('ONNX_MALFORMED', `a text field at byte ${fmtInt(f.start)} is ${fmtInt(f.dataEnd - f.dataStart)} bytes ` +
        `long (more than ${fmtInt(maxBytes)})`)
    }
  }

  /** Ends a message walk: `pos` must be exactly its declared end. */
  finish(pos: number, end: number, what: string): void {
    if (pos === end) return
    if (pos >= this.size && end > this.size) {
      this.fail('ONNX_TRUNCATED', `the file ends at byte ${fmtInt(this.size)}, but ${what} ` +
        `declares ${fmtInt(end - this.size)} more bytes (up to byte ${fmtInt(end)})`)
    }
    this.fail('ONNX_MALFORMED', `${what} ends at byte ${fmtInt(pos)} instead of ${fmtInt(end)}`)
  }
}

/**
 * UTF-8 without TextDecoder (core compiles without the DOM and Node libraries). Names in ONNX files are
 * almost always ASCII: those are built directly (the hot path of the reader); others go to the decoder.
 */
export function utf8(bytes: Uint8Array): string {
  const n = bytes.length
  if (n === 0) return ''
  if (n <= 4096) {
    for (let i = 0; i < n; i++) if (bytes[i] >= 0x80) return getTextEncoding().decodeUtf8(bytes)
    // one allocation; apply takes the typed array as its argument list
    return String.fromCharCode.apply(null, bytes as unknown as number[])
  }
  return getTextEncoding().decodeUtf8(bytes)
}

/**
 * `obj[key] = value` as an own property even for keys like `__proto__`: names come from the file, and a
 * crafted one must not change an object's prototype.
 */
export function setOwn<T>(obj: Record<string, T>, key: string, value: T): void {
  if (key === '__proto__') Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true })
  else obj[key] = value
}

/** `obj[key]` if it is an own property. */
export function getOwn<T>(obj: Record<string, T>, key: string): T | undefined {
  return Object.hasOwn(obj, key) ? obj[key] : undefined
}
