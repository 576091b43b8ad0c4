/**
 * Acceptance: for every reference model in public/models, read by the streaming reader (`readOnnx`), every
 * tensor's dtype and shape equal ONNX's own inference (`NAME.shapes.json`, onnx 1.12 with data
 * propagation) with `seq` bound to 128. The same graph built from the test-only onnx-buf adapter must come
 * out identical, which checks the reader and the builder against each other. Kinds (input, weight, output,
 * activation) are checked too.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { bytesSource } from '../onnx/byte-source.ts'
import { readOnnx } from '../onnx/read.ts'
import { buildGraph } from './build.ts'
import { rawFromBytes } from './test-raw.ts'

const DIR = join(import.meta.dirname, '../../../public/models')
const models = readdirSync(DIR).filter((f) => f.endsWith('.onnx'))

interface Expected {
  tensors: Record<string, { kind: string; dtype: string; shape: (number | string)[] | null }>
}

describe('reference corpus: shapes equal ONNX shape inference (seq = 128)', () => {
  it('has models', () => expect(models.length).toBeGreaterThanOrEqual(10))
  for (const file of models) {
    it(file, async () => {
      const bytes = new Uint8Array(readFileSync(join(DIR, file)))
      const g = buildGraph(await readOnnx(bytesSource(bytes)), { dims: { seq: 128 } })
      const viaAdapter = buildGraph(rawFromBytes(bytes), { dims: { seq: 128 } })
      expect(g.tensors).toEqual(viaAdapter.tensors)
      expect(g.nodes.map((n) => [n.name, n.flops])).toEqual(viaAdapter.nodes.map((n) => [n.name, n.flops]))
      const expected = JSON.parse(readFileSync(join(DIR, file.replace(/(\.full)?\.onnx$/, '.shapes.json')), 'utf8')) as Expected
      const byName = new Map(g.tensors.map((t) => [t.name, t]))
      // shapes.json's kinds in docs/spec.md section 1's words: an initializer or a Constant's output is a weight
      const constants = new Set(g.nodes.filter((n) => n.op === 'Constant').flatMap((n) => n.outputs))
      const kindOf = (name: string, k: string): string =>
        k === 'initializer' || (k === 'intermediate' && constants.has(name)) ? 'weight' : k === 'intermediate' ? 'activation' : k
      const wrong: string[] = []
      for (const [name, e] of Object.entries(expected.tensors)) {
        const t = byName.get(name)
        const shape = e.shape?.map((d) => (d === 'seq' ? 128 : d)) ?? null
        if (t === undefined) wrong.push(`${name}: missing`)
        else if (t.kind !== kindOf(name, e.kind)) wrong.push(`${name}: kind ${t.kind} ≠ ${kindOf(name, e.kind)} (${e.kind})`)
        else if (t.dtype !== e.dtype || JSON.stringify(t.shape) !== JSON.stringify(shape)) wrong.push(`${name}: ${t.dtype} [${t.shape?.join(',')}] ≠ ${e.dtype} [${shape?.join(',')}]`)
        else if (t.bytes === null) wrong.push(`${name}: bytes null`)
      }
      expect(wrong.slice(0, 20)).toEqual([])
      expect(g.tensors.length).toBe(Object.keys(expected.tensors).length)
      expect(g.symbols).toEqual(file.match(/bert|gpt2|qwen/) ? { seq: 128 } : {})
    })
    if (/bert|gpt2|qwen/.test(file)) {
      // shapes.json is symbolic in seq: any other binding must give the same shapes with seq replaced
      it(`${file} at seq = 1, 77 and 300`, async () => {
        const bytes = new Uint8Array(readFileSync(join(DIR, file)))
        const raw = await readOnnx(bytesSource(bytes))
        const expected = JSON.parse(readFileSync(join(DIR, file.replace(/\.onnx$/, '.shapes.json')), 'utf8')) as Expected
        for (const seq of [1, 77, 300]) {
          const g = buildGraph(raw, { dims: { seq } })
          expect(g.warnings).toEqual([])
          const byName = new Map(g.tensors.map((t) => [t.name, t]))
          const wrong = Object.entries(expected.tensors)
            .filter(([name, e]) => JSON.stringify(byName.get(name)?.shape) !== JSON.stringify(e.shape?.map((d) => (d === 'seq' ? seq : d))))
            .map(([name]) => name)
          expect(wrong.slice(0, 10)).toEqual([])
        }
      })
    }
  }
})
