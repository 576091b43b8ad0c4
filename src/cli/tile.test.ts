/**
 * `memoria tile`: the JSON keys of docs/cli.md with figures that agree with each other, --out writes a
 * model whose nodes are the tiled order's, and a transformer prints one sentence saying why (exit 0).
 */
import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { tileCommand } from './tile.ts'

const DIR = join(import.meta.dirname, '../../public/models')

describe('tile command', () => {
  it('vgg13 --json: the documented keys; --out writes the tiled model', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'tile-')), 'vgg13.tiled.onnx')
    const r = await tileCommand([join(DIR, 'vgg13.onnx'), '--json', '--max-overhead', '10', '--out', out])
    const j = JSON.parse(r.stdout) as Record<string, unknown>
    for (const k of ['peakBytes', 'tiledPeakBytes', 'region', 'tiles', 'extraFlops', 'order', 'optimal']) expect(j).toHaveProperty(k)
    expect(j.tiled).toBe(true)
    expect(j.tiledPeakBytes as number).toBeLessThan(j.peakBytes as number)
    expect(j.extraFlops as number).toBeLessThanOrEqual(0.1)
    expect(j.written).toBe(out)
    // every node of the order is in the file, in that order (names are length-prefixed strings in it)
    const text = Buffer.from(readFileSync(out)).toString('latin1')
    let at = 0
    for (const name of j.order as string[]) {
      const i = text.indexOf(name, at)
      expect(i).toBeGreaterThanOrEqual(0)
      at = i
    }
  })

  it('--tiles fixes T, and a bad --max-overhead is a typed error', async () => {
    const j = JSON.parse((await tileCommand([join(DIR, 'vgg13.onnx'), '--json', '--tiles', '3'])).stdout) as { tiles: number }
    expect(j.tiles).toBe(3)
    await expect(tileCommand([join(DIR, 'vgg13.onnx'), '--max-overhead', 'lots'])).rejects.toThrow(/percentage/)
  })

  it('bert_base: not tiled, one sentence why', async () => {
    const r = await tileCommand([join(DIR, 'bert_base.onnx'), '--dim', 'seq=128'])
    expect(r.exitCode ?? 0).toBe(0)
    expect(r.stdout).toMatch(/Tiled\s+no/)
    const last = r.stdout.trim().split('\n').at(-1) ?? ''
    expect(last).toMatch(/MatMul\) reads every row of its input .*, and it forces the peak, so no band of rows can lower it\.$/)
  })
})
