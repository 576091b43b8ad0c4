import { describe, expect, it } from 'vitest'
import { bytesSource } from './byte-source.ts'
import type { RawAttr } from './raw.ts'
import { readOnnx } from './read.ts'
import { BIG_CONSTANT_ELEMENTS, attr, graph, kitchenSinkModel, modelBytes, node as makeNode } from './testing.ts'

const bytes = kitchenSinkModel()
const model = await readOnnx(bytesSource(bytes))
const node = (name: string) => model.nodes.find((n) => n.name === name)!
const init = (name: string) => model.initializers.find((t) => t.name === name)!

describe('a synthetic model with what the corpus lacks', () => {
  it('reads the model header, opsets (ai.onnx → "") and metadata', () => {
    expect(model).toMatchObject({
      irVersion: 8, producerName: 'memoria-test', producerVersion: '0.1', domain: 'test.domain', modelVersion: 3,
      docString: 'model doc', graphName: 'kitchen', graphDocString: 'graph doc',
      opset: { '': 17, 'com.microsoft': 1 }, metadata: { author: 'memoria', license: 'MIT' },
    })
  })

  it('reads inputs, outputs and value_info with symbolic and unknown dims', () => {
    expect(model.inputs).toEqual([
      { name: 'x', dtype: 'float32', shape: [1, 'n', 4] },
      { name: 'cond', dtype: 'bool', shape: [] },
    ])
    expect(model.outputs).toEqual([
      { name: 'y', dtype: 'float32', shape: null },
      { name: 'z', dtype: 'float32', shape: [1, 'n', null] },
    ])
    expect(model.valueInfo).toEqual([{ name: 'r', dtype: 'float32', shape: [1, 'n', 4] }])
  })

  it('decodes small tensors and typed data fields, and only locates the rest', () => {
    expect(init('w').values).toEqual(Array.from({ length: 16 }, (_, i) => i))
    expect(init('shape')).toMatchObject({ dtype: 'int64', dims: [3], values: [1, -1, 4], location: { kind: 'inline', field: 'int64_data' } })
    expect(init('f')).toMatchObject({ values: [1.5, 2.5, 3.5], location: { kind: 'inline', field: 'float_data', length: 12 } })
    expect(init('huge').values).toEqual(['9007199254740993'])
    // 80,000 bytes of int64: more than 64 KiB, so located but not decoded
    const big = init('big_int')
    expect(big.values).toBeUndefined()
    expect(big.location).toMatchObject({ kind: 'inline', field: 'raw_data', length: 80_000 })
    if (big.location.kind !== 'inline') throw new Error('inline expected')
    const dv = new DataView(bytes.buffer, bytes.byteOffset + big.location.offset, 80_000)
    expect([dv.getBigInt64(0, true), dv.getBigInt64(79_992, true)]).toEqual([0n, 9999n])
    expect(init('ext').location).toEqual({ kind: 'external', location: 'w.bin', offset: 4096, length: 4096 })
    expect(init('empty')).toMatchObject({ dims: [0], location: { kind: 'none' }, values: [] })
  })

  it('reads a sparse initializer at its dense dims, with a warning', () => {
    expect(init('sparse')).toMatchObject({ dtype: 'float32', dims: [10], location: { kind: 'inline', field: 'float_data' } })
    expect(model.warnings.some((w) => w.includes("sparse initializer 'sparse'"))).toBe(true)
  })

  it('walks a Constant bigger than 64 KiB without decoding its payload, and records where it is', () => {
    const n = node('big_const')
    expect(n.length).toBeGreaterThan(64 << 10)
    const v = n.attributes.value
    if (v.type !== 'tensor' || v.value.location.kind !== 'inline') throw new Error('inline tensor expected')
    expect(v.value).toMatchObject({ dtype: 'float32', dims: [BIG_CONSTANT_ELEMENTS] })
    expect(v.value.values).toBeUndefined()
    const { offset, length } = v.value.location
    expect(length).toBe(BIG_CONSTANT_ELEMENTS * 4)
    expect(offset).toBeGreaterThan(n.offset)
    expect(offset + length).toBeLessThanOrEqual(n.offset + n.length)
    const dv = new DataView(bytes.buffer, bytes.byteOffset + offset, length)
    expect(dv.getFloat32(4 * 700, true)).toBe(Math.fround(700 / 7))
    const small = model.nodes[2].attributes.value
    expect(small).toMatchObject({ type: 'tensor', value: { dtype: 'int64', dims: [2], values: [3, -4] } })
  })

  it('decodes scalar and list attributes; int64 beyond 2^53 as strings; an untyped one by its value', () => {
    const a = node('add').attributes
    const expected: Record<string, RawAttr> = {
      alpha: { type: 'float', value: 0.5 },
      axes: { type: 'ints', value: [-1, '1152921504606846977'] },
      mode: { type: 'string', value: 'nearest' },
      names: { type: 'strings', value: ['a', 'bé'] },
      untyped: { type: 'int', value: 5 },
      count: { type: 'int', value: -3 },
    }
    expect(a).toEqual(expected)
  })

  it('summarises If bodies recursively: nodes, ops, weight bytes, outer inputs', () => {
    const a = node('branch').attributes
    expect(a.then_branch).toEqual({ type: 'graph', value: {
      nodes: 2, ops: { Constant: 1, Add: 1 }, weightBytes: 400 + 20, outerInputs: ['r'],
    } })
    expect(a.else_branch).toEqual({ type: 'graph', value: {
      nodes: 2 + 1 + 2 + 1, ops: { Identity: 3, If: 2, Mul: 1 }, weightBytes: 0, outerInputs: ['r', 'cond', 'w'],
    } })
    const w = model.warnings.find((s) => s.startsWith("node 'branch' (If)"))
    expect(w).toContain('treats it as one unit')
    expect(w).toContain('8 inner operators and 420 bytes of inner weights')
  })

  it('keeps custom domains and omitted optional inputs', () => {
    expect(node('fused')).toMatchObject({ op: 'FusedThing', domain: 'com.microsoft', inputs: ['a', ''], outputs: ['z'] })
  })

  it('gives the same result through a 64-byte window', async () => {
    expect(await readOnnx(bytesSource(bytes), { windowBytes: 64, minReadBytes: 16 })).toEqual(model)
  })

  it('names from the file never reach an object prototype ("__proto__" as attribute, op, domain)', async () => {
    const sub = graph({ node: [makeNode('__proto__', [], ['q'])] })
    const m = await readOnnx(bytesSource(modelBytes(graph({
      node: [makeNode('If', ['c'], ['y'], [attr('__proto__', { type: 2, i: 7n }), attr('then_branch', { type: 5, g: sub })])],
    }), { '': 17, ['__proto__']: 1 })))
    const a = m.nodes[0].attributes
    expect(Object.getPrototypeOf(a)).toBe(Object.prototype)
    expect(Object.keys(a)).toEqual(['__proto__', 'then_branch'])
    expect(Object.hasOwn(m.opset, '__proto__')).toBe(true)
    const g = a.then_branch
    if (g.type !== 'graph') throw new Error('graph expected')
    expect(Object.entries(g.value.ops)).toEqual([['__proto__', 1]])
  })
})
