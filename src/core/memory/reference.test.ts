/**
 * BTSearch on every reference model of public/models (seq = 128, Constant nodes kept): proven optimal, and
 * never worse than any baseline, under both memory models.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { buildGraph } from '../graph/build.ts'
import { bytesSource } from '../onnx/byte-source.ts'
import { readOnnx } from '../onnx/read.ts'
import { indexGraph } from './indexed.ts'
import { scheduleIndexed } from './schedule.ts'

const DIR = join(import.meta.dirname, '../../../public/models')
const files = readdirSync(DIR).filter((f) => f.endsWith('.onnx') && !f.endsWith('.full.onnx')).sort()

/**
 * The optimal peaks in bytes, [simple, inplace] (bench/results/schedule.md, section a): a regression corpus,
 * so a change that moved every algorithm's figure at once — which "≤ every baseline" cannot see — fails here.
 * vgg13 by hand: its peak is the second Conv, 64 × 224 × 224 float32 in and out, 2 × 12,845,056 bytes.
 */
const OPTIMAL_PEAK: Record<string, [number, number]> = {
  'bert_base.onnx': [31_254_528, 16_020_480],
  'googlenet.onnx': [6_422_528, 4_014_080],
  'gpt2.onnx': [26_124_800, 26_124_800],
  'inception_v3.onnx': [11_063_808, 8_297_856],
  'mobilenet_v3_large.onnx': [6_422_528, 4_014_080],
  'qwen2_0_5b.onnx': [78_249_984, 78_249_984],
  'regnet_y_400mf.onnx': [5_419_008, 4_616_192],
  'resnet50.onnx': [9_633_792, 7_225_344],
  'squeezenet1_1.onnx': [6_308_352, 3_928_576],
  'vgg13.onnx': [25_690_112, 25_690_112],
}

describe('reference models: BTSearch is proven optimal and ≤ every baseline', () => {
  it('has the ten models', () => expect(files).toEqual(Object.keys(OPTIMAL_PEAK)))
  for (const file of files) {
    it(file, async () => {
      const bytes = new Uint8Array(readFileSync(join(DIR, file)))
      const ig = indexGraph(buildGraph(await readOnnx(bytesSource(bytes)), { dims: { seq: 128 } }))
      for (const memoryModel of ['simple', 'inplace'] as const) {
        const best = scheduleIndexed(ig, { algo: 'btsearch', memoryModel, timeLimitMs: 20_000, now: () => performance.now() })
        expect(best.optimal).toBe(true)
        expect(best.lowerBoundBytes).toBe(best.peakBytes)
        expect(best.peakBytes).toBe(OPTIMAL_PEAK[file][memoryModel === 'simple' ? 0 : 1])
        for (const algo of ['file', 'bfs', 'dfs', 'greedy', 'random'] as const) {
          const r = scheduleIndexed(ig, { algo, memoryModel, samples: 10, seed: 1 })
          expect(best.peakBytes).toBeLessThanOrEqual(r.stats ? r.stats.min : r.peakBytes)
        }
      }
    })
  }
})
