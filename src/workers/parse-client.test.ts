// The parse worker through its real client, in a simulated worker (@vitest/web-worker; no IndexedDB here).
// Progress is checked in the browser (test/e2e/model.e2e.mjs): the simulated worker does not deliver
// comlink-proxied callbacks before the job's reply.
// oxlint-disable-next-line import/no-unassigned-import -- installs the simulated Worker global
import '@vitest/web-worker'
import { readFileSync } from 'node:fs'
import { afterAll, describe, expect, it } from 'vitest'
import { writeGraphJson } from '../core/io/graph-json.ts'
import { ParseClient } from './parse-client.ts'

const model = (name: string) => new Blob([readFileSync(new URL(`../../public/models/${name}.onnx`, import.meta.url))])
const client = new ParseClient()
afterAll(() => client.dispose())

describe('ParseClient', () => {
  it('opens a model from a Blob and rebinds a symbol without the file', async () => {
    const opened = await client.open(model('gpt2'), 'gpt2.onnx', 'k1', { dims: {} })
    expect(opened.ok).toBe(true)
    if (!opened.ok) return
    expect(opened.value).toMatchObject({ key: 'k1', fileName: 'gpt2.onnx', rebindable: true })
    expect(opened.value.graph.symbols).toEqual({ seq: 1 })
    const input = (g: typeof opened.value.graph) => g.tensors.find((t) => t.name === 'input_ids')?.shape

    const rebound = await client.rebind('k1', { dims: { seq: 128 } })
    expect(rebound.ok && rebound.value !== null).toBe(true)
    if (rebound.ok && rebound.value) {
      expect(rebound.value.graph.symbols).toEqual({ seq: 128 })
      expect(input(rebound.value.graph)).toEqual([1, 128])
    }
  })

  it('drops page-wide bindings the model does not have, and opens a memoria-graph JSON as written', async () => {
    const vision = await client.open(model('resnet50'), 'resnet50.onnx', 'k6', { dims: { seq: 128 } })
    expect(vision.ok).toBe(true)
    if (!vision.ok) return
    expect(vision.value.graph.symbols).toEqual({})
    expect(vision.value.graph.warnings?.join('\n') ?? '').not.toMatch(/bound but not used/)

    const gpt2 = await client.open(model('gpt2'), 'gpt2.onnx', 'k7', { dims: { seq: 16 } })
    expect(gpt2.ok).toBe(true)
    if (!gpt2.ok) return
    const json = new Blob([writeGraphJson(gpt2.value.graph)])
    const opened = await client.open(json, 'gpt2.json', 'k8', { dims: { seq: 128 } })
    expect(opened.ok).toBe(true)
    if (opened.ok) expect(opened.value).toMatchObject({ rebindable: false, graph: { symbols: { seq: 16 } } })
  })

  it('answers null for a model it does not hold', async () => {
    expect(await client.rebind('no-such-key', { dims: {} })).toEqual({ ok: true, value: null })
  })

  it('turns a bad file into a typed error, not a throw', async () => {
    const r = await client.open(new Blob([new Uint8Array(1000).fill(0xff)]), 'junk.onnx', 'k2', { dims: {} })
    expect(r.ok).toBe(false)
    if (!r.ok) expect(r.error.code).toMatch(/^ONNX_/)
    const empty = await client.open(new Blob([]), 'empty.onnx', 'k3', { dims: {} })
    expect(empty).toMatchObject({ ok: false, error: { code: 'FILE_EMPTY' } })
  })

  it('lets the newest request win', async () => {
    const older = client.open(model('bert_base'), 'bert_base.onnx', 'k4', { dims: {} })
    const newer = client.open(model('resnet50'), 'resnet50.onnx', 'k5', { dims: {} })
    expect(await older).toMatchObject({ ok: false, error: { code: 'CANCELLED' } })
    const r = await newer
    expect(r.ok && r.value.graph.nodes.length).toBe(122)
  })
})
