import { describe, expect, it } from 'vitest'
import * as fc from 'fast-check'
import { MemoriaError } from '../errors'
import { largestRemainder, validateCluster } from './cluster'

const dev = (name: string, extra: Record<string, unknown> = {}) => ({
  name, gflops: 10, memoryBytes: 1 << 20, bandwidthMbps: 100, latencyMs: 1, ...extra,
})

function errorOf(f: () => unknown): MemoriaError {
  try { f() } catch (e) { if (e instanceof MemoriaError) return e; throw e }
  throw new Error('no error')
}

describe('validateCluster', () => {
  it('accepts a valid cluster and defaults broadcast to false', () => {
    const c = validateCluster({ devices: [dev('a'), dev('b')], source: 'b' })
    expect(c.router.broadcast).toBe(false)
    expect(c.source).toBe('b')
  })
  it('refuses an empty cluster with a clear message', () => {
    const e = errorOf(() => validateCluster({ devices: [], router: { broadcast: true }, source: 'a' }))
    expect(e.code).toBe('CLUSTER_INVALID')
    expect(e.message).toMatch(/no devices.*list at least one device/)
  })
  it('refuses a device with zero memory, naming it', () => {
    const e = errorOf(() => validateCluster({ devices: [dev('a'), dev('b', { memoryBytes: 0 })], source: 'a' }))
    expect(e.code).toBe('CLUSTER_INVALID')
    expect(e.message).toMatch(/"b" has zero memory/)
  })
  it('refuses an unknown source, listing the devices', () => {
    const e = errorOf(() => validateCluster({ devices: [dev('a'), dev('b')], source: 'c' }))
    expect(e.message).toMatch(/"c" is not a device.*"a", "b"/)
  })
  it('refuses duplicate names', () => {
    expect(errorOf(() => validateCluster({ devices: [dev('a'), dev('a')], source: 'a' })).message).toMatch(/twice/)
  })
  it.each(['gflops', 'bandwidthMbps', 'memoryBytes'])('refuses a non-positive %s', (key) => {
    const e = errorOf(() => validateCluster({ devices: [dev('a', { [key]: -1 })], source: 'a' }))
    expect(e.code).toBe('CLUSTER_INVALID')
    expect(e.message).toContain(key)
  })
  it('refuses a negative latency and a non-object', () => {
    expect(errorOf(() => validateCluster({ devices: [dev('a', { latencyMs: -2 })], source: 'a' })).code).toBe('CLUSTER_INVALID')
    expect(errorOf(() => validateCluster(42)).code).toBe('CLUSTER_INVALID')
  })
})

describe('largestRemainder', () => {
  it('splits by largest remainder, ties to the earlier device', () => {
    expect(largestRemainder(64, [1, 1, 1])).toEqual([22, 21, 21])
    expect(largestRemainder(10, [3, 1])).toEqual([8, 2]) // 7.5, 2.5 → tie on .5 → first
    expect(largestRemainder(5, [0, 1])).toEqual([0, 5])
  })
  it('always sums to the total with each share within one unit of its quota', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 5000 }), fc.array(fc.double({ min: 0.1, max: 100, noNaN: true }), { minLength: 1, maxLength: 8 }), (n, w) => {
      const s = largestRemainder(n, w)
      const sum = w.reduce((a, b) => a + b, 0)
      expect(s.reduce((a, b) => a + b, 0)).toBe(n)
      const quota = w.map((x) => (n * x) / sum)
      const rem = quota.map((q) => q - Math.floor(q))
      s.forEach((x, i) => expect([Math.floor(quota[i]), Math.floor(quota[i]) + 1]).toContain(x))
      // the extra units go to the largest remainders, ties to the earlier device (Hamilton)
      const up = s.map((x, i) => x > Math.floor(quota[i]))
      for (let i = 0; i < s.length; i++) {
        for (let j = 0; j < s.length; j++) {
          if (up[i] && !up[j]) expect(rem[i] > rem[j] || (rem[i] === rem[j] && i < j)).toBe(true)
        }
      }
    }))
  })
})
