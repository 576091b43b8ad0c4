import { describe, expect, it } from 'vitest'
import { indexGraph, orderFromNames } from '../../core/memory/indexed.ts'
import { NAMED } from '../../core/memory/test-graphs.ts'
import { walkBytes } from '../../core/memory/walk.ts'
import { curveOf, liveTensorsAt, nodeAt } from './curves.ts'
import { csvField, orderCsv, orderJson } from './order-export.ts'
import type { OrderEntry } from './orders-types.ts'

const g = NAMED.forkJoin
// the branch-by-branch order: B1 B2 before C1 C2
const order = ['A', 'B1', 'B2', 'C1', 'C2', 'D']

describe('curveOf', () => {
  it('equals core walk for both memory models', () => {
    const ig = indexGraph(g)
    for (const model of ['simple', 'inplace'] as const) {
      const c = curveOf(g, order, model)
      expect(c.ok).toBe(true)
      if (!c.ok) return
      const w = walkBytes(ig, orderFromNames(ig, order), model)
      expect(c.value.peakBytes).toBe(w.peakBytes)
      expect(Array.from(c.value.during)).toEqual(Array.from(w.duringBytes))
      expect(c.value.peakStep).toBe(w.peakStep)
    }
  })

  it('caches per order array and model', () => {
    expect(curveOf(g, order, 'simple')).toBe(curveOf(g, order, 'simple'))
  })

  it('returns ARG_INVALID for an order of another graph, never throws', () => {
    const c = curveOf(g, ['A', 'Z'], 'simple')
    expect(c.ok).toBe(false)
    if (!c.ok) expect(c.error.code).toBe('ARG_INVALID')
  })
})

describe('liveTensorsAt', () => {
  it('lists the live buffers largest first with their lifetimes (simple)', () => {
    const c = curveOf(g, order, 'simple')
    if (!c.ok) throw new Error(c.error.message)
    // step 3 runs B2: a (100, needed by C1 at step 4), b1 (500, consumed now), b2 (10) are live
    expect(nodeAt(g, c.value, 3)).toBe('B2')
    const live = liveTensorsAt(g, c.value, 'simple', 3)
    expect(live.map((t) => t.name)).toEqual(['b1', 'a', 'b2'])
    const sum = live.reduce((s, t) => s + t.bytes, 0)
    expect(sum).toBe(c.value.during[3])
    const a = live.find((t) => t.name === 'a')!
    expect([a.fromStep, a.toStep]).toEqual([1, 4])
    const b2 = live.find((t) => t.name === 'b2')!
    expect([b2.fromStep, b2.toStep]).toEqual([3, 6])
  })

  it('has the graph inputs at step 0', () => {
    const c = curveOf(g, order, 'simple')
    if (!c.ok) throw new Error(c.error.message)
    expect(nodeAt(g, c.value, 0)).toBeNull()
    expect(liveTensorsAt(g, c.value, 'simple', 0).map((t) => t.name)).toEqual(['x'])
  })
})

describe('exports', () => {
  it('writes the CSV with one row per step and RFC 4180 quoting', () => {
    const c = curveOf(g, order, 'simple')
    if (!c.ok) throw new Error(c.error.message)
    const rows = orderCsv(g, c.value).trim().split('\r\n')
    expect(rows[0]).toBe('step,node,op,during_bytes,after_bytes')
    expect(rows).toHaveLength(order.length + 2)
    expect(rows[2].startsWith('1,A,Conv,')).toBe(true)
    expect(csvField('a,b')).toBe('"a,b"')
    expect(csvField('say "hi"')).toBe('"say ""hi"""')
  })

  it('writes the JSON of SPEC section 3 without the app bookkeeping', () => {
    const e: OrderEntry = {
      id: 'x', modelKey: 'k', stopped: false, finishedAt: 1, algo: 'btsearch', memoryModel: 'simple', symbols: {},
      peakBytes: 5, weightBytes: 0, order, optimal: true, lowerBoundBytes: 5, states: 3, elapsedMs: 1, warnings: [],
      boundNode: 'A', staticBoundBytes: 5,
    }
    const j = JSON.parse(orderJson(e, { warnings: ['from the model'] }))
    expect(Object.keys(j)).toEqual(['algo', 'memoryModel', 'symbols', 'peakBytes', 'weightBytes', 'order', 'optimal',
      'lowerBoundBytes', 'states', 'elapsedMs', 'warnings', 'boundNode', 'boundAt'])
    expect(j.warnings).toEqual(['from the model'])
    // an entry saved before boundAt was recorded: derived from boundNode
    expect(j.boundAt).toBe('node')
  })
})
