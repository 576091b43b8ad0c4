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

describe('reference models: BTSearch is proven optimal and ≤ every baseline', () => {
  it('has the ten models', () => expect(files.length).toBe(10))
  for (const file of files) {
    it(file, async () => {
      const bytes = new Uint8Array(readFileSync(join(DIR, file)))
      const ig = indexGraph(buildGraph(await readOnnx(bytesSource(bytes)), { dims: { seq: 128 } }))
      for (const memoryModel of ['simple', 'inplace'] as const) {
        const best = scheduleIndexed(ig, { algo: 'btsearch', memoryModel, timeLimitMs: 20_000, now: () => performance.now() })
        expect(best.optimal).toBe(true)
        expect(best.lowerBoundBytes).toBe(best.peakBytes)
        for (const algo of ['file', 'bfs', 'dfs', 'greedy', 'random'] as const) {
          const r = scheduleIndexed(ig, { algo, memoryModel, samples: 10, seed: 1 })
          expect(best.peakBytes).toBeLessThanOrEqual(r.stats ? r.stats.min : r.peakBytes)
        }
      }
    })
  }
})
