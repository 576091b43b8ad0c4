import { describe, expect, it } from 'vitest'
import { bytesSource } from './byte-source.ts'
import { MODEL, MODEL_FIELDS } from './model-fields.ts'
import { probeOnnx } from './probe.ts'
import { readOnnx } from './read.ts'
import { tinyModel } from './testing.ts'

/** A ModelProto `configuration` (field 26, length-delimited) of `n` bytes, then the tiny model. */
function withConfiguration(n: number): Uint8Array {
  const key = (MODEL.configuration << 3) | 2 // 210: a two-byte varint
  const head = [0x80 | (key & 0x7f), key >> 7, n]
  const model = tinyModel()
  const out = new Uint8Array(head.length + n + model.length)
  out.set(head, 0)
  out.set(model, head.length + n)
  return out
}

describe('the ModelProto field table', () => {
  it('the probe and the reader agree on field 26 (configuration): a model starting with it opens', async () => {
    const bytes = withConfiguration(3)
    await expect(probeOnnx(bytesSource(bytes))).resolves.toBeUndefined()
    const m = await readOnnx(bytesSource(bytes))
    expect(m.graphName).toBe('tiny')
    expect(m.nodes).toHaveLength(2)
  })

  it('a file cut inside field 26 is truncated, and the message names the field by its table label', async () => {
    const cut = withConfiguration(40).subarray(0, 20)
    await expect(readOnnx(bytesSource(cut))).rejects.toMatchObject({ code: 'ONNX_TRUNCATED', message: expect.stringContaining(MODEL_FIELDS[26].label) })
  })
})
