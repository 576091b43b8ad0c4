// The regression corpus replayed: every minimised reproducer in test/fuzz/corpus/ runs in a fuzz child
// (2 s, 1 GB) and must give the class or error code its expect.json names. A case of a still-open issue
// may instead give what it gives until the fix lands (`now`); the test says which it did.
import { afterAll, describe, expect, it } from 'vitest'
import { corpusCases, outcomeWord } from './corpus.ts'
import { FuzzPool } from './pool.ts'

const cases = corpusCases()
const pool = new FuzzPool({ size: 2 })
afterAll(() => pool.close())

describe('fuzz regression corpus', () => {
  it('has cases of every kind', () => {
    expect(new Set(cases.map((c) => c.expectation.kind))).toEqual(new Set(['onnx', 'graph', 'cluster', 'plan']))
  })
  it.each(cases.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    const o = await pool.run(c.spec)
    const got = outcomeWord(o)
    const e = c.expectation
    if (e.now !== undefined && got === e.now && got !== e.expect) {
      console.log(`corpus ${c.name}: issue ${e.issue} still open, gives ${got} (expected ${e.expect} after the fix)`)
      return
    }
    expect(got, `${c.name}: ${o.message ?? ''}`).toBe(e.expect)
  })
})
