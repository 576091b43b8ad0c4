import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { bytesSource } from '../core/onnx/byte-source.ts'
import { readOnnx } from '../core/onnx/read.ts'
import { blobSource } from './blob-source.ts'

describe('blobSource', () => {
  it('reads slices of a Blob, and the model read through it equals the one read from memory', async () => {
    const bytes = new Uint8Array(readFileSync(join(import.meta.dirname, '../../public/models/googlenet.onnx')))
    const src = blobSource(new Blob([bytes]))
    expect(src.size).toBe(bytes.length)
    expect(Buffer.compare(await src.read(100, 300), bytes.subarray(100, 400))).toBe(0)
    expect((await src.read(bytes.length - 5, 50)).length).toBe(5)
    expect(await readOnnx(src, { windowBytes: 8192 })).toEqual(await readOnnx(bytesSource(bytes)))
  })
})
