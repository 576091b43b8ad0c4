// The exit statuses of docs/spec.md section 3 that need no model: 1 with one `INTERNAL: …` line for a bug (a
// command that throws something other than a MemoriaError), 2 for a user error, and nothing on stdout.
import { afterEach, describe, expect, it, vi } from 'vitest'
import { main } from './main.ts'

vi.mock('./inspect.ts', () => ({
  inspectCommand: async () => {
    const o = undefined as unknown as { nodes: unknown[] }
    return { stdout: String(o.nodes.length) } // a TypeError: what a bug looks like
  },
}))

function capture(): { out: string[]; err: string[] } {
  const out: string[] = []
  const err: string[] = []
  vi.spyOn(process.stdout, 'write').mockImplementation((s) => (out.push(String(s)), true))
  vi.spyOn(process.stderr, 'write').mockImplementation((s) => (err.push(String(s)), true))
  return { out, err }
}

afterEach(() => vi.restoreAllMocks())

describe('main: exit status and the one stderr line', () => {
  it('an internal error exits 1 with one INTERNAL line and nothing on standard output', async () => {
    const { out, err } = capture()
    const code = await main(['inspect', 'model.onnx'])
    vi.restoreAllMocks()
    expect(code).toBe(1)
    expect(out).toEqual([])
    expect(err).toHaveLength(1)
    expect(err[0]).toMatch(/^INTERNAL: .*TypeError.*\n$/)
    expect(err[0].trimEnd().split('\n')).toHaveLength(1)
  })

  it('a user error exits 2 with its code', async () => {
    const { out, err } = capture()
    const code = await main(['frobnicate'])
    vi.restoreAllMocks()
    expect(code).toBe(2)
    expect(out).toEqual([])
    expect(err).toEqual([expect.stringMatching(/^ARG_INVALID: unknown command "frobnicate"; .*\n$/)])
  })
})
