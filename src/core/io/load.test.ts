import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { MemoriaError } from '../errors.ts'
import { bytesSource } from '../onnx/byte-source.ts'
import { kitchenSinkModel, tinyModel } from '../onnx/testing.ts'
import { readGraphJson, writeGraphJson } from './graph-json.ts'
import { loadModel } from './load.ts'

const MODELS = join(import.meta.dirname, '../../../public/models')
const text = (s: string): Uint8Array => new TextEncoder().encode(s)

async function errorOf(p: Promise<unknown>): Promise<string> {
  try {
    await p
  } catch (e) {
    if (e instanceof MemoriaError) return `${e.code}: ${e.message}`
    throw e
  }
  return 'no error'
}

describe('loadModel', () => {
  const files = readdirSync(MODELS).filter((f) => f.endsWith('.onnx'))

  it.each(files)('round-trips %s: ONNX → graph → JSON → graph, equal', async (file) => {
    const bytes = readFileSync(join(MODELS, file))
    const dims: Record<string, number> = file.startsWith('squeeze') ? {} : { seq: 128 }
    const { graph, raw } = await loadModel(bytesSource(bytes), file, { dims })
    // the raw model is the one the graph was built from: same nodes, same order
    expect(raw?.nodes.map((n) => n.op)).toEqual(graph.nodes.map((n) => n.op))
    const json = writeGraphJson(graph)
    const again = await loadModel(bytesSource(text(json)), `${file}.json`)
    expect(again.raw).toBeUndefined()
    expect(again.graph).toEqual(graph)
    const ref = JSON.parse(readFileSync(join(MODELS, file.replace(/(\.full)?\.onnx$/, '.shapes.json')), 'utf8'))
    expect(graph.nodes.length).toBe(ref.summary.nodes)
  })

  it('round-trips the kitchen-sink model (int64 beyond 2^53, subgraphs, custom domains) and a tiny one', async () => {
    for (const bytes of [kitchenSinkModel(), tinyModel()]) {
      const { graph } = await loadModel(bytesSource(bytes), 'synthetic.onnx')
      const again = readGraphJson(writeGraphJson(graph))
      expect(again).toEqual(graph)
    }
  })

  it('probes JSON after a byte order mark and blanks, and binds --dim on a JSON graph with symbols left open', async () => {
    const g = readGraphJson(writeGraphJson({
      format: 'memoria-graph', version: 1, name: 'g', producer: '', opset: {}, symbols: {}, inputs: ['x'], outputs: ['y'],
      tensors: [
        { name: 'x', kind: 'input', dtype: 'float16', shape: ['n', 8], bytes: null },
        { name: 'y', kind: 'output', dtype: 'float16', shape: ['n', 8], bytes: null },
      ],
      nodes: [{ name: 'r', op: 'Relu', domain: '', inputs: ['x'], outputs: ['y'], attributes: {}, flops: 0 }],
    }))
    const doc = `\uFEFF \n\t${writeGraphJson({ ...g, tensors: g.tensors.map((t) => ({ ...t, shape: ['n', 8], bytes: null })) })}`
    const { graph } = await loadModel(bytesSource(text(doc)), 'g.json', { dims: { n: 3 } })
    expect(graph.tensors.map((t) => t.bytes)).toEqual([48, 48])
    expect(graph.symbols).toEqual({ n: 3 })
  })

  it('applies --shape to a JSON graph, and refuses one that contradicts a known shape', async () => {
    const doc = JSON.stringify({
      format: 'memoria-graph', version: 1, name: 'u', producer: '', opset: {}, symbols: {}, inputs: ['x'], outputs: ['y'],
      tensors: [
        { name: 'x', kind: 'input', dtype: 'float32', shape: [2], bytes: 8 },
        { name: 'y', kind: 'output', dtype: 'float32', shape: null, bytes: null },
      ],
      nodes: [{ name: 'c', op: 'Custom', domain: 'my', inputs: ['x'], outputs: ['y'], attributes: {}, flops: 0 }],
    })
    const { graph } = await loadModel(bytesSource(text(doc)), 'u.json', { shapes: { y: [2, 3] } })
    expect(graph.tensors[1]).toMatchObject({ shape: [2, 3], bytes: 24 })
    expect(await errorOf(loadModel(bytesSource(text(doc)), 'u.json', { shapes: { x: [3] } }))).toMatch(/^SHAPE_INVALID: the shape 3 given for "x": that tensor already has the known shape 2/)
    expect(await errorOf(loadModel(bytesSource(text(doc)), 'u.json', { shapes: { z: [3] } }))).toMatch(/^ARG_INVALID: the shape 3 given for "z": the graph has no tensor of that name/)
  })

  it('--shape on a JSON tensor with no dtype takes its producer\'s input dtype, as the ONNX path does, with the same warning, whatever the flag order', async () => {
    const doc = JSON.stringify({
      format: 'memoria-graph', version: 1, name: 'u', producer: '', opset: {}, symbols: {}, inputs: ['x'], outputs: ['z'],
      tensors: [
        { name: 'x', kind: 'input', dtype: 'float16', shape: [2], bytes: 4 },
        { name: 'y', kind: 'activation', dtype: null, shape: null, bytes: null },
        { name: 'z', kind: 'output', dtype: null, shape: null, bytes: null },
      ],
      nodes: [
        { name: 'a', op: 'Custom', domain: 'my', inputs: ['x'], outputs: ['y'], attributes: {}, flops: 0 },
        { name: 'b', op: 'Custom', domain: 'my', inputs: ['y'], outputs: ['z'], attributes: {}, flops: 0 },
      ],
    })
    for (const shapes of [{ y: [3], z: [5] }, { z: [5], y: [3] }]) {
      const { graph } = await loadModel(bytesSource(text(doc)), 'u.json', { shapes })
      expect(graph.tensors.slice(1)).toMatchObject([{ dtype: 'float16', shape: [3], bytes: 6 }, { dtype: 'float16', shape: [5], bytes: 10 }])
      expect(graph.warnings).toEqual([expect.stringMatching(/^a given shape carries no dtype, and nothing declares one for [yz] \(float16\), [yz] \(float16\): the dtype of the producing node's first input is assumed/)])
    }
  })

  it('rejects an empty file, a JSON that is not UTF-8, and bytes that are not ONNX', async () => {
    expect(await errorOf(loadModel(bytesSource(new Uint8Array(0)), 'e.onnx'))).toMatch(/^FILE_EMPTY: e\.onnx is empty/)
    expect(await errorOf(loadModel(bytesSource(new Uint8Array([0x7b, 0xff, 0xfe, 0x7d])), 'x.json'))).toMatch(/^GRAPH_JSON_INVALID: x\.json starts like JSON but is not UTF-8/)
    expect(await errorOf(loadModel(bytesSource(text('PK\u0003\u0004 not a model at all')), 'm.pt'))).toMatch(/^ONNX_NOT_A_MODEL: /)
    expect(await errorOf(loadModel(bytesSource(text('{"dependencies": {}}')), 'package.json'))).toMatch(/^GRAPH_JSON_INVALID: this is a package\.json, not a memoria-graph/)
  })

  it('stops with CANCELLED when asked before reading', async () => {
    const bytes = readFileSync(join(MODELS, 'squeezenet1_1.onnx'))
    expect(await errorOf(loadModel(bytesSource(bytes), 's.onnx', { isCancelled: () => true }))).toMatch(/^CANCELLED: /)
  })
})
