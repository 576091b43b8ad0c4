import * as fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { NameIndex } from './name-index.ts'

describe('NameIndex', () => {
  it('answers as a Map built by set in order would, first occurrence kept, for any names', () => {
    fc.assert(fc.property(fc.array(fc.oneof(fc.string({ maxLength: 4 }), fc.constantFrom('__proto__', 'constructor', 'toString', '')), { maxLength: 60 }),
      fc.array(fc.string({ maxLength: 4 }), { maxLength: 20 }), (names, probes) => {
        const ix = new NameIndex(names)
        const first = new Map<string, number>()
        names.forEach((s, i) => { if (!first.has(s)) first.set(s, i) })
        for (const s of [...names, ...probes]) {
          expect(ix.get(s)).toBe(first.get(s))
          expect(ix.has(s)).toBe(first.has(s))
          expect(ix.idOf(s)).toBe(first.get(s) ?? -1)
        }
        expect(ix.size).toBe(first.size)
        expect([...ix]).toEqual([...first])
        expect([...ix.keys()]).toEqual([...first.keys()])
        const seen: [string, number][] = []
        ix.forEach((v, k, m) => { expect(m).toBe(ix); seen.push([k, v]) })
        expect(seen).toEqual([...first.entries()])
        // the first repetition, and the position it repeats
        const rep = names.findIndex((s, i) => names.indexOf(s) < i)
        expect(ix.repeat).toBe(rep)
        expect(ix.repeated).toBe(rep < 0 ? -1 : names.indexOf(names[rep]))
      }), { numRuns: 300 })
  })

  it('keeps 100k distinct names apart (a table sized once, no lost entries) and finds no absent one', () => {
    const names = Array.from({ length: 100_000 }, (_, i) => `t${i}`)
    const ix = new NameIndex(names)
    expect(ix.repeat).toBe(-1)
    for (let i = 0; i < names.length; i += 997) expect(ix.get(`t${i}`)).toBe(i)
    expect(ix.get('t100000')).toBeUndefined()
    expect(ix.get('__proto__')).toBeUndefined()
  })

  it('answers undefined for a key that is not a string, as a Map does (hostile plan JSON)', () => {
    const ix = new NameIndex(['a', 'b'])
    expect(ix.get(null as unknown as string)).toBeUndefined()
    expect(ix.has(undefined as unknown as string)).toBe(false)
  })

  it('gives way to a Map when names collide in one slot (a crafted file), and still answers and finds repeats', () => {
    // 80 names whose hashes share their low 8 bits: one slot of the 256-slot table, probes past the cap
    const names: string[] = []
    for (let i = 0; names.length < 80; i++) {
      const s = `n${i}`
      if ((fnv(s) & 255) === 7) names.push(s)
    }
    names.push(names[3])
    const ix = new NameIndex(names)
    names.slice(0, 80).forEach((s, i) => expect(ix.get(s)).toBe(i))
    expect(ix.get('absent')).toBeUndefined()
    expect(ix.repeat).toBe(80)
    expect(ix.repeated).toBe(3)
  })
})

/** the table's hash (name-index.ts), to build colliding names */
function fnv(s: string): number {
  let h = 0x811c9dc5
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193)
  h ^= h >>> 16
  h = Math.imul(h, 0x85ebca6b)
  h ^= h >>> 13
  h = Math.imul(h, 0xc2b2ae35)
  return h ^ (h >>> 16)
}
