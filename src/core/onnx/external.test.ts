import { describe, expect, it } from 'vitest'
import { loadModel } from '../io/load.ts'
import { bytesSource } from './byte-source.ts'
import { checkExternalData, externalFiles, relativeLocation } from './external.ts'
import { readOnnx } from './read.ts'
import { FLOAT, graph, modelBytes, node, tensor, valueInfo } from './testing.ts'
import { create } from '@bufbuild/protobuf'
import { StringStringEntryProtoSchema } from 'onnx-buf'

const entry = (key: string, value: string) => create(StringStringEntryProtoSchema, { key, value })
const ext = (name: string, location: string, offset: number, length?: number) => tensor(name, FLOAT, [4, 8], {
  dataLocation: 1,
  externalData: [entry('location', location), entry('offset', String(offset)), ...(length === undefined ? [] : [entry('length', String(length))])],
})

/** a → MatMul(w1) → MatMul(w2) → y; w1 and w2 in model.onnx.data, w3 outside the folder */
function model(w3Location = '../secret.bin'): Uint8Array {
  return modelBytes(graph({
    node: [node('MatMul', ['a', 'w1'], ['b'], [], 'm1'), node('MatMul', ['b', 'w2'], ['c'], [], 'm2'), node('Add', ['c', 'w3'], ['y'], [], 'add')],
    initializer: [ext('w1', 'model.onnx.data', 0, 128), ext('w2', 'model.onnx.data', 128), ext('w3', w3Location, 0)],
    input: [valueInfo('a', FLOAT, [2, 4])],
    output: [valueInfo('y', FLOAT, null)],
  }))
}

describe('external weights', () => {
  it('relative locations only: absolute paths and any .. are refused', () => {
    expect(relativeLocation('w.bin')).toBe('w.bin')
    expect(relativeLocation('./sub\\w.bin')).toBe('sub/w.bin')
    for (const bad of ['../w.bin', '/etc/passwd', 'C:\\w.bin', 'sub/../../w.bin', '', '.']) expect(relativeLocation(bad)).toBeNull()
  })

  it('groups tensors by file with the bytes each file must hold (offset + length, or the dims)', async () => {
    const raw = await readOnnx(bytesSource(model()))
    const { files, outside } = externalFiles(raw)
    expect(files).toEqual([{ location: 'model.onnx.data', tensors: ['w1', 'w2'], endBytes: 256, ends: [128, 256] }])
    expect(outside).toEqual([{ location: '../secret.bin', tensors: ['w3'] }])
  })

  it('says which weights are missing, which file is short, and never looks outside the folder', async () => {
    const raw = await readOnnx(bytesSource(model()))
    const asked: string[] = []
    const lookup = (sizes: Record<string, number>) => (loc: string) => {
      asked.push(loc)
      return Promise.resolve(sizes[loc] ?? null)
    }
    const missing = await checkExternalData(raw, lookup({}), 'beside m.onnx', 'copy it there')
    expect(asked).toEqual(['model.onnx.data'])
    expect(missing).toHaveLength(2)
    expect(missing[0]).toMatch(/^the weights of "w3" are said to be in "\.\.\/secret\.bin", outside the model's folder; .*not looked at/)
    expect(missing[1]).toBe('weights missing: "model.onnx.data" (2 tensors: "w1", "w2") is not beside m.onnx; sizes come from the dims, so the plan holds, but copy it there')
    const short = await checkExternalData(raw, lookup({ 'model.onnx.data': 200 }), 'x', 'y')
    expect(short[1]).toMatch(/^weights incomplete: "model\.onnx\.data" has 200 bytes but "w2" ends past that \(it must hold 256\); /)
    const whole = await checkExternalData(raw, lookup({ 'model.onnx.data': 256 }), 'x', 'y')
    expect(whole).toHaveLength(1) // only the outside one
  })

  it('loadModel adds the findings to the graph warnings and returns them apart', async () => {
    const files: Record<string, number> = { 'model.onnx.data': 256 }
    const r = await loadModel(bytesSource(model('w3.bin')), 'm.onnx', {
      externalData: { lookup: (l) => Promise.resolve(files[l] ?? null), where: 'beside m.onnx', how: 'copy it there' },
    })
    expect(r.externalWarnings).toEqual([expect.stringMatching(/^weights missing: "w3\.bin" \(1 tensor: "w3"\)/)])
    expect(r.graph.warnings).toContain(r.externalWarnings?.[0])
    // without a lookup nothing is checked: a model read from memory has no folder
    expect((await loadModel(bytesSource(model('w3.bin')), 'm.onnx')).externalWarnings).toBeUndefined()
  })
})
