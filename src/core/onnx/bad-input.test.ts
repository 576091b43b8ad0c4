import { mkdtempSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import * as fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { openNodeSource } from '../../cli/node-source.ts'
import { MemoriaError } from '../errors.ts'
import { bytesSource, type ByteSource } from './byte-source.ts'
import { PROBE_BYTES } from './probe.ts'
import { readOnnx } from './read.ts'
import { tinyModel } from './testing.ts'

const MODELS = join(import.meta.dirname, '../../../public/models')
const squeezenet = new Uint8Array(readFileSync(join(MODELS, 'squeezenet1_1.onnx')))
const text = (s: string): Uint8Array => new TextEncoder().encode(s)

async function failure(bytes: Uint8Array | ByteSource): Promise<MemoriaError> {
  const src = bytes instanceof Uint8Array ? bytesSource(bytes) : bytes
  try {
    await readOnnx(src)
  } catch (e) {
    if (e instanceof MemoriaError) return e
    throw new Error(`not a MemoriaError: ${String(e)}`, { cause: e })
  }
  throw new Error('the reader accepted it')
}

/** A huge source whose bytes are computed, counting what is read. */
function virtualFile(size: number, byteAt: (i: number) => number): ByteSource & { bytesRead: number } {
  const s = { size, bytesRead: 0, read: async (o: number, n: number) => {
    const len = Math.max(0, Math.min(n, size - o))
    s.bytesRead += len
    return Uint8Array.from({ length: len }, (_, i) => byteAt(o + i))
  } }
  return s
}

describe('files that are not ONNX models', () => {
  it('an empty file is FILE_EMPTY', async () => {
    const e = await failure(new Uint8Array(0))
    expect(e.code).toBe('FILE_EMPTY')
    expect(e.message).toContain('empty (0 bytes)')
  })

  it('a PyTorch checkpoint (zip) says so and how to export it', async () => {
    const e = await failure(Uint8Array.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0, 0, 0, 8, 0, ...text('archive/data.pkl')]))
    expect(e.code).toBe('ONNX_NOT_A_MODEL')
    expect(e.message).toContain('PyTorch checkpoint')
    expect(e.message).toContain('torch.onnx.export')
  })

  it('a legacy pickled PyTorch file says so', async () => {
    const e = await failure(Uint8Array.from([0x80, 0x02, 0x8a, 0x0a, 0x6c, 0xfc, 0x9c, 0x46, 0xf9, 0x20, 0x6a, 0xa8]))
    expect(e.message).toContain('pickle')
  })

  it('a TFLite model says so and suggests tf2onnx', async () => {
    const e = await failure(Uint8Array.from([0x1c, 0, 0, 0, ...text('TFL3'), 0x14, 0, 0x20, 0]))
    expect(e.code).toBe('ONNX_NOT_A_MODEL')
    expect(e.message).toContain('TensorFlow Lite')
    expect(e.message).toContain('tf2onnx')
  })

  it('JSON and text files say what they are', async () => {
    expect((await failure(text('\n  {"format": "something-else", "nodes": []}'))).message).toContain('JSON document')
    const t = await failure(text('name,op\nconv1,Conv\n'))
    expect(t.code).toBe('ONNX_NOT_A_MODEL')
    expect(t.message).toContain('text file (it starts with "name,op conv1,Conv")')
  })

  it('random bytes are not a model', async () => {
    const e = await failure(Uint8Array.from({ length: 4000 }, (_, i) => (i * 7919 + 13) % 251))
    expect(e.code).toBe('ONNX_NOT_A_MODEL')
    expect(e.message).toContain('byte 0 (0x0d')
  })

  it('a 3 GB file that is not a model is rejected after reading only a small prefix', async () => {
    for (const byteAt of [() => 0, (i: number) => (i * 2654435761) >>> 24, (i: number) => 0x41 + (i % 26)]) {
      const src = virtualFile(3 * 2 ** 30, byteAt)
      const e = await failure(src)
      expect(e.code).toBe('ONNX_NOT_A_MODEL')
      expect(src.bytesRead).toBeLessThanOrEqual(PROBE_BYTES)
    }
  })

  it('the same through a real (sparse) 3 GB file on disk', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'memoria-probe-'))
    const path = join(dir, 'big.bin')
    try {
      writeFileSync(path, text('\x00\x01\x02 not a model'))
      truncateSync(path, 3 * 2 ** 30) // sparse: no disk used
      const src = await openNodeSource(path)
      let read = 0
      const counted: ByteSource = { size: src.size, read: (o, n) => { read += n; return src.read(o, n) } }
      try {
        expect((await failure(counted)).code).toBe('ONNX_NOT_A_MODEL')
      } finally {
        await src.close()
      }
      expect(read).toBeLessThanOrEqual(PROBE_BYTES)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})

describe('ONNX files cut short', () => {
  it('a tiny model cut at every byte: ONNX_TRUNCATED, or a model when the cut falls after the opset import', async () => {
    const bytes = tinyModel()
    const full = await readOnnx(bytesSource(bytes))
    for (let cut = 0; cut < bytes.length; cut++) {
      let m = null
      try {
        m = await readOnnx(bytesSource(bytes.subarray(0, cut)))
      } catch (e) {
        expect(e).toBeInstanceOf(MemoriaError)
        expect((e as MemoriaError).code).toBe(cut === 0 ? 'FILE_EMPTY' : 'ONNX_TRUNCATED')
        if (cut > 0) expect((e as MemoriaError).message).toContain(`the file ends at byte ${cut.toLocaleString('en-US')}`)
      }
      // the only cut protobuf cannot see: none here, the opset import is the last field
      expect(m).toBeNull()
    }
    expect(full.nodes).toHaveLength(2)
  })

  it('squeezenet cut at 300 points is always ONNX_TRUNCATED, naming where', async () => {
    for (let k = 1; k <= 300; k++) {
      const cut = Math.floor((k * squeezenet.length) / 301)
      const e = await failure(squeezenet.subarray(0, cut))
      expect(e.code).toBe('ONNX_TRUNCATED')
      expect(e.message).toMatch(/^the file ends at byte [\d,]+.*inside .*; the file is incomplete — download or export it again$/)
    }
  })

  it('a cut inside node 17 (after its name) names node 17 and the byte', async () => {
    const m = await readOnnx(bytesSource(squeezenet))
    const n = m.nodes[17]
    const cut = n.offset + n.length - 3
    const e = await failure(squeezenet.subarray(0, cut))
    expect(e.message).toContain(`the file ends at byte ${cut.toLocaleString('en-US')}`)
    expect(e.message).toContain(`> node 17 '${n.name}'`)
  })
})

const READER_CODES = ['FILE_EMPTY', 'ONNX_NOT_A_MODEL', 'ONNX_TRUNCATED', 'ONNX_MALFORMED']

/** Parses or fails with a reader error; anything else (another exception, INTERNAL, a hang) fails the test. */
async function parsesOrTypedError(bytes: Uint8Array): Promise<boolean> {
  try {
    await readOnnx(bytesSource(bytes), { windowBytes: 256, minReadBytes: 64 })
    return true
  } catch (e) {
    if (!(e instanceof MemoriaError)) throw e
    if (!READER_CODES.includes(e.code)) throw new Error(`unexpected ${e.code}: ${e.message}`, { cause: e })
    return true
  }
}

describe('property: random and mutated bytes give a model or a typed error, never anything else', () => {
  const opts = { numRuns: 300, interruptAfterTimeLimit: 4000 }

  it('random bytes', async () => {
    await fc.assert(fc.asyncProperty(fc.uint8Array({ maxLength: 2048 }), parsesOrTypedError), opts)
  })

  it('random bytes behind a valid ModelProto start', async () => {
    const head = squeezenet.subarray(0, 23)
    await fc.assert(fc.asyncProperty(fc.uint8Array({ maxLength: 2048 }), (tail) =>
      parsesOrTypedError(Uint8Array.from([...head, ...tail]))), opts)
  })

  const mutation = fc.oneof(
    fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), mask: fc.integer({ min: 1, max: 255 }) }),
    fc.record({ kind: fc.constant('cut' as const), at: fc.nat() }),
    fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), bytes: fc.uint8Array({ minLength: 1, maxLength: 16 }) }),
    fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), n: fc.integer({ min: 1, max: 16 }) }),
  )
  type Mutation = typeof mutation extends fc.Arbitrary<infer T> ? T : never
  const apply = (src: Uint8Array, ms: Mutation[]): Uint8Array => {
    let b = src.slice()
    for (const m of ms) {
      const at = b.length === 0 ? 0 : m.at % b.length
      if (m.kind === 'flip' && b.length > 0) b[at] ^= m.mask
      else if (m.kind === 'cut') b = b.slice(0, at)
      else if (m.kind === 'insert') b = Uint8Array.from([...b.subarray(0, at), ...m.bytes, ...b.subarray(at)])
      else if (m.kind === 'delete') b = Uint8Array.from([...b.subarray(0, at), ...b.subarray(at + m.n)])
    }
    return b
  }

  for (const [name, model] of [['squeezenet1_1.onnx', squeezenet], ['the tiny synthetic model', tinyModel()]] as const) {
    it(`mutations of ${name}`, async () => {
      await fc.assert(fc.asyncProperty(fc.array(mutation, { minLength: 1, maxLength: 4 }), (ms) =>
        parsesOrTypedError(apply(model, ms))), opts)
    })
  }
})
