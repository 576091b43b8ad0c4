import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fromBinary } from '@bufbuild/protobuf'
import { ModelProtoSchema } from 'onnx-buf'
import { describe, expect, it } from 'vitest'
import { randomTensorBytes } from './fill.ts'
import { materializeModel, materializeModelFile, randomInputs } from './materialize.ts'
import { runModel } from './run.ts'
import { transformerBlock } from './samples.ts'

const MODELS = join(import.meta.dirname, '../../public/models')
const squeezenet = (): Uint8Array => new Uint8Array(readFileSync(join(MODELS, 'squeezenet1_1.onnx')))

describe('materializeModel', () => {
  it('fills every external weight with seeded bytes of its size and keeps inline ones', () => {
    const src = squeezenet()
    const before = fromBinary(ModelProtoSchema, src).graph!
    const after = fromBinary(ModelProtoSchema, materializeModel(src, { seed: 7 })).graph!
    expect(after.node.map((n) => n.name)).toEqual(before.node.map((n) => n.name))
    let filled = 0
    for (const [i, t] of after.initializer.entries()) {
      const old = before.initializer[i]
      expect(t.name).toBe(old.name)
      expect(t.externalData).toEqual([])
      const elements = t.dims.reduce((a, d) => a * Number(d), 1)
      expect(t.rawData.length).toBe(elements * 4)
      if (old.dataLocation === 1) {
        filled++
        expect(Buffer.from(t.rawData).equals(randomTensorBytes('float32', t.dims.map(Number), 7, t.name))).toBe(true)
      } else expect(Buffer.from(t.rawData).equals(old.rawData)).toBe(true)
    }
    expect(filled).toBe(31) // the README's count of external initializers
  })

  it('is deterministic per seed and differs between seeds', () => {
    // Buffer.equals: vitest's deep equality walks 5 MB element by element
    const a = Buffer.from(materializeModel(squeezenet(), { seed: 1 }))
    expect(a.equals(materializeModel(squeezenet(), { seed: 1 }))).toBe(true)
    expect(a.equals(materializeModel(squeezenet(), { seed: 2 }))).toBe(false)
  })

  it('binds symbolic input dims and refuses an unbound one', () => {
    const m = materializeModel(transformerBlock(), { seed: 1 })
    const [x] = randomInputs(m, 3, { seq: 5 })
    expect(x).toMatchObject({ name: 'input', dtype: 'float32', dims: [1, 5, 32] })
    expect(x.data.length).toBe(5 * 32 * 4)
    expect(() => randomInputs(m, 3)).toThrow(/'seq', which has no value/)
  })
})

describe('runModel (ONNX Runtime)', () => {
  it('runs squeezenet1_1 with random weights: finite logits, the same on a second run', async () => {
    const m = materializeModel(squeezenet(), { seed: 1 })
    const inputs = randomInputs(m, 1)
    const a = await runModel(m, inputs, { profile: true })
    const out = a.outputs.output
    expect(out.dims).toEqual([1, 1000])
    const v = out.data as Float32Array
    expect(v.every(Number.isFinite)).toBe(true)
    expect(v.some((x) => x !== 0)).toBe(true)
    // the profiler saw every one of the 65 nodes run once
    expect(a.profile!.filter((e) => e.cat === 'Node' && e.name.endsWith('_kernel_time'))).toHaveLength(65)
    const b = await runModel(m, inputs)
    expect(Buffer.from((b.outputs.output.data as Float32Array).buffer).equals(Buffer.from(v.buffer))).toBe(true)
  })

  it('runs a model written with its filled weights as external data exactly as the inline one', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'memoria-test-'))
    try {
      const path = join(dir, 'm.onnx')
      materializeModelFile(squeezenet(), { seed: 4 }, path)
      const file = fromBinary(ModelProtoSchema, new Uint8Array(readFileSync(path))).graph!
      const external = file.initializer.filter((t) => t.dataLocation === 1)
      expect(external).toHaveLength(31) // the filled ones; the inline shape constants stay inline
      const data = readFileSync(`${path}.data`)
      for (const t of external) {
        const entry = Object.fromEntries(t.externalData.map((e) => [e.key, e.value]))
        expect(entry.location).toBe('m.onnx.data')
        expect(Number(entry.offset) % 4096).toBe(0)
        const bytes = data.subarray(Number(entry.offset), Number(entry.offset) + Number(entry.length))
        expect(bytes.equals(randomTensorBytes('float32', t.dims.map(Number), 4, t.name))).toBe(true)
      }
      const inline = materializeModel(squeezenet(), { seed: 4 })
      const inputs = randomInputs(inline, 1)
      const a = (await runModel(inline, inputs)).outputs.output.data as Float32Array
      const b = (await runModel(path, inputs)).outputs.output.data as Float32Array
      expect(Buffer.from(b.buffer).equals(Buffer.from(a.buffer))).toBe(true)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })

  it('runs a transformer block at two sequence lengths', async () => {
    const m = materializeModel(transformerBlock(), { seed: 1 })
    for (const seq of [1, 9]) {
      const r = await runModel(m, randomInputs(m, 1, { seq }))
      expect(r.outputs.output.dims).toEqual([1, seq, 32])
      expect((r.outputs.output.data as Float32Array).every(Number.isFinite)).toBe(true)
    }
  })
})
