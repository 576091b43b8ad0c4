// Issue 12, huge inputs on the command line's path: a model past 2 GB with inline weights (Qwen2-0.5B,
// 2.52 GB, written sparse in the temp folder) opens without reading its weights — Node's readFile refuses
// it; the model's external weights file is checked beside it (present, missing, cut short); a 24-layer
// decoder of 11,648 nodes loads and schedules.
import { readFile } from 'node:fs/promises'
import { mkdtempSync, rmSync, truncateSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { writeHugeInputs } from '../bench/gen/huge.ts'
import { openModel } from '../src/cli/open-model.ts'
import { openNodeSource } from '../src/cli/node-source.ts'
import { loadModel } from '../src/core/io/load.ts'
import { schedule } from '../src/core/memory/schedule.ts'

const dir = mkdtempSync(join(tmpdir(), 'memoria-huge-'))
let made: { qwen: { path: string; bytes: number }; vgg: { model: string; weights: string; weightsBytes: number }; decoder: { path: string; nodes: number } }
beforeAll(async () => {
  made = await writeHugeInputs(dir) as typeof made
}, 120_000)
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('a model past 2 GB with inline weights', () => {
  it('is more than Node can readFile', async () => {
    expect(made.qwen.bytes).toBeGreaterThan(2 ** 31)
    await expect(readFile(made.qwen.path)).rejects.toMatchObject({ code: 'ERR_FS_FILE_TOO_LARGE' })
  })

  it('opens through the file source, reading under 1 % of it', async () => {
    const src = await openNodeSource(made.qwen.path)
    let bytesRead = 0
    const counting = { size: src.size, read: async (o: number, n: number) => { const b = await src.read(o, n); bytesRead += b.length; return b } }
    try {
      const { graph } = await loadModel(counting, 'qwen2-inline.onnx')
      expect(graph.nodes).toHaveLength(2827)
      const weights = graph.tensors.filter((t) => t.kind === 'weight').reduce((s, t) => s + (t.bytes ?? 0), 0)
      expect(weights).toBeGreaterThan(2.5e9)
    } finally {
      await src.close()
    }
    expect(bytesRead).toBeGreaterThan(0)
    expect(bytesRead / made.qwen.bytes).toBeLessThan(0.01)
  }, 60_000)

  it('opens through openModel as the commands do', async () => {
    const { graph } = await openModel(made.qwen.path, {})
    expect(graph.nodes).toHaveLength(2827)
    expect(graph.warnings ?? []).not.toContainEqual(expect.stringMatching(/weights/))
  }, 60_000)
})

describe('a model and its external weights file', () => {
  it('beside each other: no warning; missing or cut short: a warning naming the file and its tensors', async () => {
    const weightsWarning = (ws: string[] | undefined) => (ws ?? []).filter((w) => /^weights (missing|incomplete)/.test(w))
    expect(weightsWarning((await openModel(made.vgg.model, {})).graph.warnings)).toEqual([])
    truncateSync(made.vgg.weights, made.vgg.weightsBytes - 1)
    // one byte short: only the last tensor in the file is cut
    expect(weightsWarning((await openModel(made.vgg.model, {})).graph.warnings)).toEqual([
      `weights incomplete: "vgg13.weights" has ${(made.vgg.weightsBytes - 1).toLocaleString('en-US')} bytes but "classifier.6.bias" ends past that (it must hold ${made.vgg.weightsBytes.toLocaleString('en-US')}); the file is cut short — copy it again from where the model came from`,
    ])
    rmSync(made.vgg.weights)
    const [missing] = weightsWarning((await openModel(made.vgg.model, {})).graph.warnings)
    expect(missing).toMatch(/^weights missing: "vgg13\.weights" \(22 tensors: "features\.0\.weight", "features\.2\.weight", "features\.5\.weight" and 19 more\) is not beside vgg13\.onnx in /)
  })
})

describe('an LLM-scale graph', () => {
  it('a 24-layer decoder of 11,648 nodes loads and schedules', async () => {
    const src = await openNodeSource(made.decoder.path)
    try {
      const { graph } = await loadModel(src, 'decoder-24.json')
      expect(graph.nodes).toHaveLength(made.decoder.nodes)
      expect(made.decoder.nodes).toBeGreaterThan(10_000)
      const r = schedule(graph, { algo: 'greedy', memoryModel: 'simple' })
      expect(new Set(r.order).size).toBe(graph.nodes.length)
      expect(r.peakBytes).toBeGreaterThanOrEqual(r.lowerBoundBytes)
    } finally {
      await src.close()
    }
  }, 60_000)
})
