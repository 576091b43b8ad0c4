// Property (issue 2, bad input): a memoria-graph JSON with values replaced or removed anywhere — wrong types,
// nulls, nested junk — loads as a valid graph or fails with the loader's own typed error; never another
// exception, and never a graph that the memory walk then chokes on with anything but a typed error.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import * as fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { MemoriaError } from '../errors.ts'
import { schedule } from '../memory/schedule.ts'
import { bytesSource } from '../onnx/byte-source.ts'
import { writeGraphJson } from './graph-json.ts'
import { loadModel } from './load.ts'

const MODELS = join(import.meta.dirname, '../../../public/models')

type Json = null | boolean | number | string | Json[] | { [k: string]: Json }
type Path = (string | number)[]

function pathsOf(x: Json, p: Path = [], out: Path[] = []): Path[] {
  if (p.length > 0) out.push(p)
  if (Array.isArray(x)) x.forEach((v, i) => pathsOf(v, [...p, i], out))
  else if (x !== null && typeof x === 'object') for (const [k, v] of Object.entries(x)) pathsOf(v, [...p, k], out)
  return out
}

/** Replaces (or deletes) the value at `path`; a path a previous mutation removed is left alone. */
function mutate(doc: Json, path: Path, value: Json | undefined): void {
  let o: Json = doc
  for (const k of path.slice(0, -1)) {
    if (o === null || typeof o !== 'object') return
    o = (o as Record<string | number, Json>)[k]
  }
  if (o === null || typeof o !== 'object' || o === undefined) return
  const k = path[path.length - 1]
  if (value !== undefined) (o as Record<string | number, Json>)[k] = value
  else if (Array.isArray(o)) o.splice(k as number, 1)
  else delete (o as Record<string, Json>)[k]
}

describe('property: mutated memoria-graph JSON gives a graph or a typed error', () => {
  it('vgg13 exported, then values replaced or deleted anywhere', async () => {
    const { graph } = await loadModel(bytesSource(new Uint8Array(readFileSync(join(MODELS, 'vgg13.onnx')))), 'vgg13.onnx')
    const base = JSON.parse(writeGraphJson(graph)) as Json
    const paths = pathsOf(base)
    const edit = fc.tuple(fc.nat(), fc.option(fc.jsonValue({ maxDepth: 2 }) as fc.Arbitrary<Json>, { nil: undefined }))
    let loaded = 0
    await fc.assert(fc.asyncProperty(fc.array(edit, { minLength: 1, maxLength: 3 }), async (edits) => {
      const doc = structuredClone(base)
      for (const [i, value] of edits) mutate(doc, paths[i % paths.length], value)
      try {
        const g = (await loadModel(bytesSource(new TextEncoder().encode(JSON.stringify(doc))), 'g.json')).graph
        loaded++
        schedule(g, { algo: 'greedy' })
      } catch (e) {
        if (!(e instanceof MemoriaError)) throw e
        expect(e.code).not.toBe('INTERNAL')
      }
    }), { numRuns: 400 })
    expect(loaded).toBeGreaterThan(0) // some mutations (a name, a flops figure) leave a valid graph
  })
})
