// The regression corpus replayed: every minimised reproducer in test/fuzz/corpus/ must give the class or
// error code its expect.json names, and a coded message must have the `what is wrong, and what to do` shape.
// A case that hangs or blows up memory, now or by its note, runs in a fuzz
// child (2 s of main-thread CPU, 1 GB); the rest run in this process, which is fast. A case of a still-open issue may
// instead give what it gives until the fix lands (`now`); the test says which it did.
import { afterAll, describe, expect, it } from 'vitest'
import { materialize } from './cases.ts'
import { corpusCases, outcomeWord, type CorpusCase } from './corpus.ts'
import { FuzzPool } from './pool.ts'
import { messageShapeProblem, runCase } from './run-case.ts'

const cases = corpusCases()
const FAILS_HARD = new Set(['hang', 'memory'])
const nowWords = (c: CorpusCase): string[] => c.expectation.now?.split('|') ?? []
const needsChild = (c: CorpusCase): boolean => FAILS_HARD.has(c.expectation.expect) || nowWords(c).some((w) => FAILS_HARD.has(w))
let pool: FuzzPool | null = null
afterAll(() => pool?.close())

describe('fuzz regression corpus', () => {
  it('has cases of every kind', () => {
    expect(new Set(cases.map((c) => c.expectation.kind))).toEqual(new Set(['onnx', 'graph', 'cluster', 'plan']))
  })
  it.each(cases.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    const o = needsChild(c) ? await (pool ??= new FuzzPool({ size: 1 })).run(c.spec) : await runCase(await materialize(c.spec))
    const got = outcomeWord(o)
    const e = c.expectation
    if (nowWords(c).includes(got) && got !== e.expect) {
      console.log(`corpus ${c.name}: issue ${e.issue} still open, gives ${got} (expected ${e.expect} after the fix)`)
      return
    }
    expect(got, `${c.name}: ${o.message ?? ''}`).toBe(e.expect)
    // every coded message is one line of sensible length that says what to do (names cut, controls escaped)
    if (o.class === 'typed') expect(messageShapeProblem(o.message ?? ''), o.message).toBeNull()
  }, 120_000)
})
