/**
 * The tiled ONNX export against real runtimes: onnx's checker (Debian's python3-onnx, full check with
 * shape inference) accepts it, and onnxruntime-node gives the same outputs as the original model on a
 * random input (max abs difference ≤ 1e-4). A halo or a pad off by one row or column changes the logits.
 */
import { execFileSync, spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { loadModel } from '../src/core/io/load.ts'
import { bytesSource } from '../src/core/onnx/byte-source.ts'
import { planTiling } from '../src/core/tiling/plan.ts'
import { writeTiledOnnx } from '../src/core/tiling/tile-export.ts'
import { materializeModel, randomInputs } from '../src/runtime/materialize.ts'
import { runModel } from '../src/runtime/run.ts'

const DIR = join(import.meta.dirname, '../public/models')

async function collect(gen: AsyncGenerator<Uint8Array>): Promise<Uint8Array> {
  const chunks: Uint8Array[] = []
  for await (const c of gen) chunks.push(c)
  const out = new Uint8Array(chunks.reduce((s, c) => s + c.length, 0))
  let at = 0
  for (const c of chunks) { out.set(c, at); at += c.length }
  return out
}

// squeezenet's file has its weights; googlenet gets seeded random ones (runtime/materialize.ts) and has
// ceil-mode pooling (the edge column becomes right padding) and padded strided convolutions. `npm run
// bench:tile` runs the same check on all seven CNNs (resnet50's residual Add among them); here two keep it short.
const CASES: [string, number[], boolean][] = [
  ['squeezenet1_1.full.onnx', [8], false],
  ['googlenet.onnx', [2], true],
]

// `npm test` installs python3-onnx and sets MEMORIA_REQUIRE_DEBIAN_PACKAGES: there the checker never skips
const haveOnnx = spawnSync('/usr/bin/python3', ['-c', 'import onnx']).status === 0 || process.env.MEMORIA_REQUIRE_DEBIAN_PACKAGES === '1'
if (!haveOnnx) console.warn('SKIPPED: the onnx.checker part needs /usr/bin/python3 with python3-onnx (apt-get install python3-onnx)')

describe('tiled ONNX export', () => {
  for (const [file, tiles, fill] of CASES) {
    it(`${file}: passes the onnx checker and matches the original in onnxruntime`, async () => {
      const given = new Uint8Array(readFileSync(join(DIR, file)))
      const bytes = fill ? materializeModel(given, { seed: 1 }) : given
      const source = bytesSource(bytes)
      const { graph, raw } = await loadModel(source, file)
      const { plan, tiled } = planTiling(graph, { tiles })
      expect(tiled).not.toBeNull()
      if (tiled === null || raw === undefined) return
      const out = await collect(writeTiledOnnx(source, raw, graph, tiled, plan.order, { chunkBytes: 1 << 16 }))
      if (haveOnnx) {
        const checked = execFileSync('/usr/bin/python3', ['-c',
          'import sys, onnx; m = onnx.load_from_string(sys.stdin.buffer.read()); onnx.checker.check_model(m, full_check=True); print(len(m.graph.node))'],
        { input: out }).toString().trim()
        expect(Number(checked)).toBe(tiled.graph.nodes.length)
      }

      const inputs = randomInputs(bytes, 7)
      const a = await runModel(bytes, inputs)
      const b = await runModel(out, inputs)
      let diff = 0
      let largest = 0
      for (const [name, t] of Object.entries(a.outputs)) {
        const ya = t.data as Float32Array
        const yb = b.outputs[name].data as Float32Array
        expect(b.outputs[name].dims).toEqual(t.dims)
        for (let i = 0; i < ya.length; i++) {
          diff = Math.max(diff, Math.abs(ya[i] - yb[i]))
          largest = Math.max(largest, Math.abs(ya[i]))
        }
      }
      expect(diff).toBeLessThanOrEqual(1e-4)
      // the outputs are not trivially equal (all zeros would pass any comparison)
      expect(largest).toBeGreaterThan(1e-3)
    })
  }
})
