import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { MemoriaError } from '../errors.ts'
import { bytesSource } from './byte-source.ts'
import type { RawModel, RawNode } from './raw.ts'
import { readOnnx } from './read.ts'
import { reorderedRanges, writeReorderedOnnx } from './reorder.ts'
import { kitchenSinkModel } from './testing.ts'

const MODELS = join(import.meta.dirname, '../../../public/models')
const load = (f: string): Uint8Array => new Uint8Array(readFileSync(join(MODELS, f)))

/** A topological order unlike the file's: Kahn's algorithm taking the ready node with the largest index. */
function lateFirstOrder(m: RawModel): number[] {
  const producer = new Map<string, number>()
  m.nodes.forEach((n, i) => n.outputs.forEach((o) => producer.set(o, i)))
  const indegree = m.nodes.map(() => 0)
  const consumers: number[][] = m.nodes.map(() => [])
  m.nodes.forEach((n, i) => {
    for (const p of new Set(n.inputs.map((x) => producer.get(x)).filter((q) => q !== undefined))) {
      indegree[i]++
      consumers[p].push(i)
    }
  })
  const ready = indegree.flatMap((d, i) => (d === 0 ? [i] : []))
  const order: number[] = []
  while (ready.length > 0) {
    ready.sort((a, b) => a - b)
    const v = ready.pop()!
    order.push(v)
    for (const c of consumers[v]) if (--indegree[c] === 0) ready.push(c)
  }
  return order
}

/** A node with its byte offsets made relative to its own start (they move with it). */
function relative(n: RawNode): unknown {
  const attributes = Object.fromEntries(Object.entries(n.attributes).map(([k, a]) =>
    [k, a.type === 'tensor' && a.value.location.kind === 'inline'
      ? { ...a, value: { ...a.value, location: { ...a.value.location, offset: a.value.location.offset - n.offset } } }
      : a]))
  return { ...n, offset: 0, attributes }
}

async function rewrite(bytes: Uint8Array, m: RawModel, order: number[], chunkBytes?: number): Promise<Uint8Array> {
  const parts: Uint8Array[] = []
  for await (const p of writeReorderedOnnx(bytesSource(bytes), m, order, { chunkBytes })) parts.push(p.slice())
  return new Uint8Array(Buffer.concat(parts))
}

function histogram(b: Uint8Array): number[] {
  const h = new Array<number>(256).fill(0)
  for (const x of b) h[x]++
  return h
}

describe('the reordered ONNX export', () => {
  for (const file of ['squeezenet1_1.full.onnx', 'gpt2.onnx']) {
    it(`${file}: same bytes, same initializers, nodes in the new order`, async () => {
      const bytes = load(file)
      const m = await readOnnx(bytesSource(bytes))
      const order = lateFirstOrder(m)
      expect(order).toHaveLength(m.nodes.length)
      expect(order).not.toEqual(order.map((_, i) => i))
      const out = await rewrite(bytes, m, order, 1 << 20)
      expect(out.length).toBe(bytes.length)
      expect(histogram(out)).toEqual(histogram(bytes))
      // everything outside the node entries is unchanged, byte for byte
      const first = m.nodes[0].offset - 2
      const last = m.nodes[m.nodes.length - 1].offset + m.nodes[m.nodes.length - 1].length
      expect(Buffer.compare(out.subarray(0, first), bytes.subarray(0, first))).toBe(0)
      expect(Buffer.compare(out.subarray(last), bytes.subarray(last))).toBe(0)
      const r = await readOnnx(bytesSource(out))
      expect(r.nodes.map(relative)).toEqual(order.map((i) => relative(m.nodes[i])))
      for (const [k, n] of r.nodes.entries()) {
        const o = m.nodes[order[k]]
        expect(Buffer.compare(out.subarray(n.offset, n.offset + n.length), bytes.subarray(o.offset, o.offset + o.length))).toBe(0)
      }
      // the node region is a permutation of the same entries, so nothing after it moves
      expect(r.initializers).toEqual(m.initializers)
      expect({ ...r, nodes: [] }).toEqual({ ...m, nodes: [] })
    })
  }

  it('the identity order gives the file back; ranges merge into one', async () => {
    const bytes = kitchenSinkModel()
    const m = await readOnnx(bytesSource(bytes))
    const id = m.nodes.map((_, i) => i)
    expect(await reorderedRanges(bytesSource(bytes), m, id)).toEqual([{ offset: 0, length: bytes.length }])
    expect(Buffer.compare(await rewrite(bytes, m, id, 4096), bytes)).toBe(0)
    const rev = [...id].reverse()
    const r = await readOnnx(bytesSource(await rewrite(bytes, m, rev)))
    expect(r.nodes.map((n) => n.name)).toEqual(rev.map((i) => m.nodes[i].name))
    expect(r.nodes[rev.indexOf(4)].attributes).toEqual(m.nodes[4].attributes) // the If node and its subgraphs
  })

  it('refuses an order that is not a permutation of the nodes', async () => {
    const bytes = kitchenSinkModel()
    const m = await readOnnx(bytesSource(bytes))
    for (const bad of [[0, 1], [0, 0, 1, 2, 3, 4], [0, 1, 2, 3, 4, 6], [0, 1, 2, 3, 4, 5.5]]) {
      await expect(reorderedRanges(bytesSource(bytes), m, bad)).rejects.toBeInstanceOf(MemoriaError)
      await expect(reorderedRanges(bytesSource(bytes), m, bad)).rejects.toMatchObject({ code: 'ARG_INVALID' })
    }
  })

  const python = spawnSync('/usr/bin/python3', ['-c', 'import onnx'], { encoding: 'utf8' })
  // `npm test` installs python3-onnx and sets MEMORIA_REQUIRE_DEBIAN_PACKAGES: there the check never skips
  const haveOnnx = python.status === 0 || process.env.MEMORIA_REQUIRE_DEBIAN_PACKAGES === '1'
  if (!haveOnnx) {
    console.warn('SKIPPED: the onnx.checker test needs /usr/bin/python3 with python3-onnx (apt-get install python3-onnx)')
  }
  it.skipIf(!haveOnnx)('python3-onnx: onnx.checker.check_model accepts the rewrite of squeezenet1_1.full.onnx', async () => {
    const bytes = load('squeezenet1_1.full.onnx')
    const m = await readOnnx(bytesSource(bytes))
    const order = lateFirstOrder(m)
    const dir = mkdtempSync(join(tmpdir(), 'memoria-reorder-'))
    try {
      const path = join(dir, 'reordered.onnx')
      writeFileSync(path, await rewrite(bytes, m, order))
      const script = 'import onnx, sys\nm = onnx.load(sys.argv[1])\nonnx.checker.check_model(m, full_check=True)\n' +
        'print("\\n".join(n.name for n in m.graph.node))'
      const res = spawnSync('/usr/bin/python3', ['-c', script, path], { encoding: 'utf8' })
      expect(res.stderr).toBe('')
      expect(res.status).toBe(0)
      expect(res.stdout.trim().split('\n')).toEqual(order.map((i) => m.nodes[i].name))
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
