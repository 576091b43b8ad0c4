import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { equals, fromBinary } from '@bufbuild/protobuf'
import { ModelProtoSchema, NodeProtoSchema, type AttributeProto, type TensorProto } from 'onnx-buf'
import { describe, expect, it } from 'vitest'
import { bytesSource, type ByteSource } from './byte-source.ts'
import type { RawAttr, RawModel, RawTensor } from './raw.ts'
import { readOnnx } from './read.ts'
import { dtypeOf, tensorBytes } from './tensor.ts'

const MODELS = join(import.meta.dirname, '../../../public/models')
const files = readdirSync(MODELS).filter((f) => f.endsWith('.onnx')).sort()
const load = (f: string): Uint8Array => new Uint8Array(readFileSync(join(MODELS, f)))

interface Summary {
  nodes: number
  op_types: Record<string, number>
  initializers: number
  initializer_bytes: number
  external_initializers: number
}
interface Shapes {
  ir_version: number
  producer: string
  opset_import: Record<string, number>
  inputs: string[]
  outputs: string[]
  summary: Summary
}
const shapesOf = (f: string): Shapes =>
  JSON.parse(readFileSync(join(MODELS, f.replace(/(\.full)?\.onnx$/, '.shapes.json')), 'utf8')) as Shapes

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength))
}

/** int64 as the reader writes it: a number when exact, else a decimal string. */
const int64 = (v: bigint): number | string => (v >= -(2n ** 53n) + 1n && v <= 2n ** 53n - 1n ? Number(v) : v.toString())

/** A source that counts what the reader asks for. */
function counting(bytes: Uint8Array): ByteSource & { reads: number; bytesRead: number } {
  const s = { size: bytes.length, reads: 0, bytesRead: 0, read: async (o: number, n: number) => {
    s.reads++
    const b = bytes.subarray(o, Math.min(bytes.length, o + n))
    s.bytesRead += b.length
    return b
  } }
  return s
}

describe('the reference models', () => {
  it('are all here', () => {
    expect(files).toHaveLength(11)
  })

  for (const file of files) {
    it(`${file}: counts, inputs, outputs and opsets equal its shapes.json`, async () => {
      const m = await readOnnx(bytesSource(load(file)))
      const s = shapesOf(file)
      const full = file.includes('.full.')
      expect(m.nodes.length).toBe(s.summary.nodes)
      expect(m.initializers.length).toBe(s.summary.initializers)
      expect(m.initializers.filter((t) => t.location.kind === 'external').length).toBe(full ? 0 : s.summary.external_initializers)
      expect(m.initializers.reduce((sum, t) => sum + (tensorBytes(t.dtype, t.dims) ?? NaN), 0)).toBe(s.summary.initializer_bytes)
      const ops: Record<string, number> = {}
      for (const n of m.nodes) ops[n.op] = (ops[n.op] ?? 0) + 1
      expect(ops).toEqual(s.summary.op_types)
      expect(m.inputs.map((v) => v.name)).toEqual(s.inputs)
      expect(m.outputs.map((v) => v.name)).toEqual(s.outputs)
      expect(m.opset).toEqual({ '': s.opset_import['ai.onnx'] })
      expect(m.irVersion).toBe(s.ir_version)
      expect(`${m.producerName} ${m.producerVersion}`).toBe(s.producer)
      expect(m.fileBytes).toBe(load(file).length)
      expect(m.warnings).toEqual([])
    })
  }
})

/** The test-only oracle: the whole file decoded by the schema library, compared field by field. */
function checkAgainstOracle(bytes: Uint8Array, m: RawModel): void {
  const o = fromBinary(ModelProtoSchema, bytes)
  const g = o.graph!
  expect(m.irVersion).toBe(Number(o.irVersion))
  expect(m.graphName).toBe(g.name)
  expect(m.inputs.map((v) => v.name)).toEqual(g.input.map((v) => v.name))
  expect(m.outputs.map((v) => v.name)).toEqual(g.output.map((v) => v.name))
  expect(m.valueInfo.map((v) => v.name)).toEqual(g.valueInfo.map((v) => v.name))
  for (const [i, v] of m.inputs.entries()) {
    const t = g.input[i].type?.value
    if (t?.case !== 'tensorType') throw new Error('not a tensor input')
    expect(v.dtype).toBe(dtypeOf(t.value.elemType))
    expect(v.shape).toEqual(t.value.shape!.dim.map((d) => d.value.case === 'dimValue' ? Number(d.value.value) : d.value.value ?? null))
  }
  expect(m.nodes).toHaveLength(g.node.length)
  for (const [i, n] of m.nodes.entries()) {
    const on = g.node[i]
    expect([n.name, n.op, n.domain, n.inputs, n.outputs]).toEqual([on.name, on.opType, on.domain, on.input, on.output])
    // the recorded byte range is exactly this NodeProto
    expect(equals(NodeProtoSchema, fromBinary(NodeProtoSchema, bytes.subarray(n.offset, n.offset + n.length)), on)).toBe(true)
    expect(Object.keys(n.attributes)).toEqual(on.attribute.map((a) => a.name))
    for (const a of on.attribute) checkAttr(bytes, n.attributes[a.name], a)
  }
  expect(m.initializers).toHaveLength(g.initializer.length)
  for (const [i, t] of m.initializers.entries()) checkTensor(bytes, t, g.initializer[i])
  // the graph range is the GraphProto
  expect(fromBinary(ModelProtoSchema, bytes).graph!.node.length).toBe(g.node.length)
}

function checkAttr(bytes: Uint8Array, a: RawAttr, o: AttributeProto): void {
  switch (a.type) {
    case 'int': expect(a.value).toBe(int64(o.i)); break
    case 'ints': expect(a.value).toEqual(o.ints.map(int64)); break
    case 'float': expect(a.value).toBe(o.f); break
    case 'floats': expect(a.value).toEqual(o.floats); break
    case 'string': expect(a.value).toBe(new TextDecoder().decode(o.s)); break
    case 'tensor': checkTensor(bytes, a.value, o.t!); break
    default: throw new Error(`unexpected attribute type ${a.type} in the corpus`)
  }
}

function checkTensor(bytes: Uint8Array, t: RawTensor, o: TensorProto): void {
  expect(t.name).toBe(o.name)
  expect(t.dtype).toBe(dtypeOf(o.dataType))
  expect(t.dims).toEqual(o.dims.map(Number))
  if (o.dataLocation === 1) {
    const ext = Object.fromEntries(o.externalData.map((e) => [e.key, e.value]))
    expect(t.location).toEqual({ kind: 'external', location: ext.location, offset: Number(ext.offset ?? 0),
      length: ext.length === undefined ? null : Number(ext.length) })
    expect(t.values).toBeUndefined()
    return
  }
  expect(t.location.kind).toBe('inline')
  if (t.location.kind !== 'inline') return
  expect(t.location.field).toBe('raw_data')
  // offset/length point exactly at the raw_data bytes
  expect(sameBytes(bytes.subarray(t.location.offset, t.location.offset + t.location.length), o.rawData)).toBe(true)
  const n = o.dims.reduce((p, d) => p * Number(d), 1)
  const integer = ['int64', 'int32', 'int8', 'uint8', 'bool'].includes(t.dtype!)
  if (n <= 64 || (integer && o.rawData.length <= 65536)) {
    expect(t.values).toHaveLength(n)
    const dv = new DataView(o.rawData.buffer, o.rawData.byteOffset, o.rawData.byteLength)
    const expected = t.dtype === 'int64' ? Array.from({ length: n }, (_, i) => int64(dv.getBigInt64(i * 8, true)))
      : t.dtype === 'float32' ? Array.from({ length: n }, (_, i) => dv.getFloat32(i * 4, true))
        : t.dtype === 'bool' || t.dtype === 'uint8' ? [...o.rawData].map((b) => (t.dtype === 'bool' ? Number(b !== 0) : b))
          : null
    if (expected !== null) expect(t.values).toEqual(expected)
  } else expect(t.values).toBeUndefined()
}

describe('streaming result = whole-file decode (test-only oracle)', () => {
  for (const file of files) {
    it(file, async () => {
      const bytes = load(file)
      checkAgainstOracle(bytes, await readOnnx(bytesSource(bytes)))
    })
  }

  it('squeezenet1_1.full.onnx: every initializer is inline, located exactly at its raw_data', async () => {
    const bytes = load('squeezenet1_1.full.onnx')
    const m = await readOnnx(bytesSource(bytes))
    expect(m.initializers.every((t) => t.location.kind === 'inline')).toBe(true)
    const o = fromBinary(ModelProtoSchema, bytes).graph!
    let sum = 0
    for (const [i, t] of m.initializers.entries()) {
      if (t.location.kind !== 'inline') throw new Error('not inline')
      expect(sameBytes(bytes.subarray(t.location.offset, t.location.offset + t.location.length), o.initializer[i].rawData)).toBe(true)
      sum += t.location.length
    }
    expect(sum).toBe(4_941_984)
  })
})

describe('window size does not change the result', () => {
  for (const file of ['squeezenet1_1.full.onnx', 'gpt2.onnx', 'inception_v3.onnx']) {
    it(`${file}: a 64-byte window gives the same model as the default 4 MiB one`, async () => {
      const bytes = load(file)
      const big = await readOnnx(bytesSource(bytes))
      const src = counting(bytes)
      const tiny = await readOnnx(src, { windowBytes: 64, minReadBytes: 16 })
      expect(tiny).toEqual(big)
      // the tiny window really was tiny: many more reads than with the default
      const ref = counting(bytes)
      await readOnnx(ref)
      expect(src.reads).toBeGreaterThan(10 * ref.reads)
    })
  }

  it('a big model with inline weights reads only a little more than its structure', async () => {
    const bytes = load('squeezenet1_1.full.onnx')
    const src = counting(bytes)
    await readOnnx(src, { windowBytes: 1 << 20, minReadBytes: 4096 })
    // 4.9 MB of weights skipped: what is read is the structure plus one small read per payload
    expect(src.bytesRead).toBeLessThan(52 * 4096 + 64 * 1024)
  })
})

describe('progress and cancel', () => {
  it('reports growing progress that ends at the file size', async () => {
    const bytes = load('gpt2.onnx')
    const seen: number[] = []
    await readOnnx(bytesSource(bytes), { windowBytes: 4096, minReadBytes: 4096, onProgress: (done, total) => {
      expect(total).toBe(bytes.length)
      seen.push(done)
    } })
    expect(seen.length).toBeGreaterThan(10)
    expect(seen.every((v, i) => i === 0 || v >= seen[i - 1])).toBe(true)
    expect(seen[seen.length - 1]).toBe(bytes.length)
  })

  it('stops with CANCELLED when asked', async () => {
    let polls = 0
    await expect(readOnnx(bytesSource(load('gpt2.onnx')), { windowBytes: 4096, isCancelled: () => ++polls > 5 }))
      .rejects.toMatchObject({ code: 'CANCELLED' })
  })
})
