import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { bytesSource } from '../core/onnx/byte-source.ts'
import { readOnnx } from '../core/onnx/read.ts'
import { openNodeSource } from './node-source.ts'

const MODEL = join(import.meta.dirname, '../../public/models/squeezenet1_1.full.onnx')

describe('openNodeSource', () => {
  for (const sync of [true, false]) {
    it(`${sync ? 'sync' : 'async'} reads give the same slices and the same model as the bytes in memory`, async () => {
      const bytes = new Uint8Array(readFileSync(MODEL))
      const src = await openNodeSource(MODEL, { sync })
      try {
        expect(src.size).toBe(bytes.length)
        expect(Buffer.compare(await src.read(1000, 5000), bytes.subarray(1000, 6000))).toBe(0)
        expect((await src.read(bytes.length - 10, 100)).length).toBe(10)
        expect(await readOnnx(src, { windowBytes: 4096 })).toEqual(await readOnnx(bytesSource(bytes)))
      } finally {
        await src.close()
      }
    })
  }

  it('a missing file or a folder fails with Node\'s code (open-model.ts words it as FILE_NOT_FOUND)', async () => {
    await expect(openNodeSource(join(import.meta.dirname, 'no-such-model.onnx'))).rejects.toMatchObject({ code: 'ENOENT' })
    await expect(openNodeSource(import.meta.dirname)).rejects.toMatchObject({ code: 'EISDIR' })
  })
})
