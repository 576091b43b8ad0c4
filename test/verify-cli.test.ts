/**
 * `memoria verify` as a user runs it (subprocess through bin/memoria.mjs): the exit status 4 and its one
 * line on standard error when ONNX Runtime does not run the planned order, 0 when the pinned export makes it.
 */
import { execFile } from 'node:child_process'
import { existsSync, mkdtempSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { branchyCnn } from '../src/runtime/samples.ts'

const ROOT = join(import.meta.dirname, '..')
const BIN = join(ROOT, 'bin/memoria.mjs')

function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { cwd: ROOT, env: { ...process.env, INIT_CWD: ROOT }, maxBuffer: 64 << 20 },
      (err, stdout, stderr) => resolve({ code: err ? Number(err.code ?? 1) : 0, stdout, stderr }))
  })
}

describe('memoria verify', () => {
  const dir = mkdtempSync(join(tmpdir(), 'memoria-verify-'))
  const model = join(dir, 'branchy.onnx')
  writeFileSync(model, branchyCnn())

  it('exits 4 when ORT leaves the plain file order, 0 for the pinned export (which --out writes)', async () => {
    const out = join(dir, 'pinned.onnx')
    const [plain, pinned] = await Promise.all([
      cli(['verify', model, '--order', 'file', '--plain', '--json']),
      cli(['verify', model, '--order', 'file', '--json', '--out', out]),
    ])
    expect(plain.code).toBe(4)
    const p = JSON.parse(plain.stdout)
    expect(p.orderMatch).toBe(false)
    expect(p.firstDivergence.step).toBeGreaterThan(0)
    expect(plain.stderr.trimEnd().split('\n')).toHaveLength(1)
    expect(plain.stderr).toMatch(/^PLAN_INVALID: ONNX Runtime left the planned order at step \d+/)
    expect(pinned.code).toBe(0)
    const q = JSON.parse(pinned.stdout)
    expect(q).toMatchObject({ orderMatch: true, firstDivergence: null, ok: true, pinned: true, observedSource: 'ort-allocator-stats' })
    expect(q.ties).toBeGreaterThan(0)
    expect(Math.abs(q.ratio - 1)).toBeLessThanOrEqual(0.01)
    expect(existsSync(out) && statSync(out).size > statSync(model).size).toBe(true)
  })

  it('--order ort-pinned and ort-default plan for ORT itself; ORT runs each exactly, ort-pinned below BTSearch\'s order', async () => {
    const [bt, pinned, plainWalk] = await Promise.all([
      cli(['verify', model, '--order', 'btsearch', '--json']),
      cli(['verify', model, '--order', 'ort-pinned', '--json']),
      cli(['verify', model, '--order', 'ort-default', '--json']),
    ])
    for (const r of [bt, pinned, plainWalk]) expect(r.code).toBe(0)
    const [b, q, d] = [bt, pinned, plainWalk].map((r) => JSON.parse(r.stdout))
    expect(q).toMatchObject({ order: 'ort-pinned', pinned: true, orderMatch: true, curveMaxDeviationBytes: 0 })
    expect(d).toMatchObject({ order: 'ort-default', pinned: false, ties: 0, orderMatch: true, curveMaxDeviationBytes: 0 })
    // on this CNN BTSearch's inplace-optimal order holds a freed buffer in ORT (139,264 B); refined, it does not
    expect(b.observedPeakBytes).toBe(139_264)
    expect(q.observedPeakBytes).toBe(122_880)
  })
})
