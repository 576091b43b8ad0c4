/**
 * The tiled ONNX export against real runtimes: onnx's checker (Debian's python3-onnx, full check with
 * shape inference) accepts it, and onnxruntime-node gives the same outputs as the original model on a
 * random input (max abs difference ≤ 1e-4). squeezenet1_1.full.onnx carries its weights, so the
 * comparison runs the network's real arithmetic: a halo or a pad off by one row changes the logits.
 */
import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import * as ort from 'onnxruntime-node'
import { loadModel } from '../src/core/io/load.ts'
import { bytesSource } from '../src/core/onnx/byte-source.ts'
import { createRng } from '../src/core/random.ts'
import { planTiling } from '../src/core/tiling/plan.ts'
import { writeTiledOnnx } from '../src/core/tiling/tile-export.ts'

const MODEL = join(import.meta.dirname, '../public/models/squeezenet1_1.full.onnx')

async function collect(gen: AsyncGenerator<Uint8Array>): Promise<Uint8Array> {
  const chunks: Uint8Array[] = []
  for await (const c of gen) chunks.push(c)
  const out = new Uint8Array(chunks.reduce((s, c) => s + c.length, 0))
  let at = 0
  for (const c of chunks) { out.set(c, at); at += c.length }
  return out
}

describe('tiled ONNX export', () => {
  it('passes the onnx checker and matches the original in onnxruntime', async () => {
    const bytes = new Uint8Array(readFileSync(MODEL))
    const source = bytesSource(bytes)
    const { graph, raw } = await loadModel(source, 'squeezenet1_1.full.onnx')
    const { plan, tiled } = planTiling(graph, { tiles: [8] })
    expect(tiled).not.toBeNull()
    if (tiled === null || raw === undefined) return
    const out = await collect(writeTiledOnnx(source, raw, graph, tiled, plan.order, { chunkBytes: 1 << 16 }))
    const checked = execFileSync('/usr/bin/python3', ['-c',
      'import sys, onnx; m = onnx.load_from_string(sys.stdin.buffer.read()); onnx.checker.check_model(m, full_check=True); print(len(m.graph.node))'],
    { input: out }).toString().trim()
    expect(Number(checked)).toBe(tiled.graph.nodes.length)

    const a = await ort.InferenceSession.create(bytes)
    const b = await ort.InferenceSession.create(out)
    const rng = createRng(7)
    const x = Float32Array.from({ length: 3 * 224 * 224 }, () => rng.next() * 2 - 1)
    const feeds = { [a.inputNames[0]]: new ort.Tensor('float32', x, [1, 3, 224, 224]) }
    const ya = (await a.run(feeds))[a.outputNames[0]].data as Float32Array
    const yb = (await b.run(feeds))[b.outputNames[0]].data as Float32Array
    expect(yb.length).toBe(ya.length)
    let diff = 0
    for (let i = 0; i < ya.length; i++) diff = Math.max(diff, Math.abs(ya[i] - yb[i]))
    expect(diff).toBeLessThanOrEqual(1e-4)
    // the outputs are not trivially equal (all zeros would pass any comparison)
    expect(Math.max(...Array.from(ya, Math.abs))).toBeGreaterThan(1e-3)
  })
})
