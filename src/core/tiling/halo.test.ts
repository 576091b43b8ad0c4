/**
 * Halo derivation against a direct per-row dependency computation, and a numeric check: on random
 * conv / max-pool / average-pool chains along H (kernel 1–7, stride 1–2, pads, dilation, ceil mode), a tile
 * computed from its derived input rows with its derived pads gives exactly the full run's rows.
 */
import * as fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { hull, inputRows, rowRule, tileBand, tilePads, windowInput, type RowRange, type WindowRule } from './halo.ts'
import type { NodeInfo } from '../graph/types.ts'

type Kind = 'conv' | 'max' | 'avg'
interface Layer { kind: Kind; rule: WindowRule; padBottom: number; ceil: boolean; w: number[] }

const span = (r: WindowRule): number => (r.kernel - 1) * r.dilation + 1

/** ONNX / PyTorch output rows: floor, or ceil with the last window starting inside the input or top pad */
function outRows(h: number, l: Layer): number {
  const { stride: s, pads } = l.rule
  const num = h + pads[0] + l.padBottom - span(l.rule)
  if (num < 0) return 0
  let n = (l.ceil ? Math.ceil(num / s) : Math.floor(num / s)) + 1
  if (l.ceil && (n - 1) * s >= h + pads[0]) n--
  return n
}

/** one layer along H with explicit top/bottom pads and output row count */
function run(x: number[], l: Layer, top: number, rows: number): number[] {
  const out: number[] = []
  for (let r = 0; r < rows; r++) {
    let acc = l.kind === 'max' ? -Infinity : 0
    let count = 0
    for (let j = 0; j < l.rule.kernel; j++) {
      const i = r * l.rule.stride - top + j * l.rule.dilation
      if (i < 0 || i >= x.length) continue
      if (l.kind === 'conv') acc += l.w[j] * x[i]
      else if (l.kind === 'max') acc = Math.max(acc, x[i])
      else acc += x[i]
      count++
    }
    out.push(l.kind === 'avg' ? acc / count : acc)
  }
  return out
}

const layerArb = fc.record({
  kind: fc.constantFrom<Kind>('conv', 'max', 'avg'),
  kernel: fc.integer({ min: 1, max: 7 }),
  stride: fc.integer({ min: 1, max: 2 }),
  dilation: fc.integer({ min: 1, max: 3 }),
  padTop: fc.nat(6),
  padBottom: fc.nat(6),
  ceil: fc.boolean(),
  w: fc.array(fc.integer({ min: -3, max: 3 }), { minLength: 7, maxLength: 7 }),
}).map(({ kind, kernel, stride, dilation, padTop, padBottom, ceil, w }): Layer => {
  const d = kind === 'avg' ? 1 : dilation
  // pads below the kernel span (ORT requires pad < kernel for pooling); ceil mode only for pooling
  const p = (v: number): number => Math.min(v, span({ kind: 'window', kernel, stride, dilation: d, pads: [0, 0, 0, 0] }) - 1)
  return { kind, rule: { kind: 'window', kernel, stride, dilation: d, pads: [p(padTop), 0, p(padBottom), 0] }, padBottom: p(padBottom), ceil: kind !== 'conv' && ceil, w }
})

const chainArb = fc.record({ h: fc.integer({ min: 8, max: 96 }), layers: fc.array(layerArb, { minLength: 1, maxLength: 5 }), tiles: fc.constantFrom(2, 3, 4, 6, 8, 16), seed: fc.nat(1000) })

describe('halo derivation', () => {
  it('equals the first and last row that some window tap of the band reads, layer by layer', () => {
    fc.assert(fc.property(chainArb, ({ h, layers, tiles }) => {
      const heights = [h]
      for (const l of layers) heights.push(outRows(heights[heights.length - 1], l))
      fc.pre(heights.every((x) => x >= 1) && heights[heights.length - 1] >= tiles)
      for (let t = 0; t < tiles; t++) {
        let r = tileBand(t, tiles, heights[layers.length])
        let rows = new Set<number>()
        for (let i = r.lo; i < r.hi; i++) rows.add(i)
        for (let k = layers.length - 1; k >= 0; k--) {
          const l = layers[k]
          const direct = new Set<number>()
          for (const o of rows) {
            for (let j = 0; j < l.rule.kernel; j++) {
              const i = o * l.rule.stride - l.rule.pads[0] + j * l.rule.dilation
              if (i >= 0 && i < heights[k]) direct.add(i)
            }
          }
          r = inputRows(l.rule, r, heights[k], heights[k + 1])
          if (direct.size === 0) {
            // every tap of the band falls in the padding: an empty range, and the planner drops this tiling
            expect(r.hi).toBeLessThanOrEqual(r.lo)
            break
          }
          expect(r).toEqual({ lo: Math.min(...direct), hi: Math.max(...direct) + 1 })
          // a tile computes a contiguous band of each tensor: the rows between its first and last needed row
          rows = new Set<number>()
          for (let i = r.lo; i < r.hi; i++) rows.add(i)
        }
      }
    }), { numRuns: 300 })
  })

  it('a tile run from its input rows with its pads gives the full run\'s rows exactly', () => {
    fc.assert(fc.property(chainArb, ({ h, layers, tiles, seed }) => {
      const heights = [h]
      for (const l of layers) heights.push(outRows(heights[heights.length - 1], l))
      fc.pre(heights.every((x) => x >= 1) && heights[heights.length - 1] >= tiles)
      const x = Array.from({ length: h }, (_, i) => ((i * 7919 + seed * 31) % 97) - 48)
      const full = [x]
      for (let k = 0; k < layers.length; k++) full.push(run(full[k], layers[k], layers[k].rule.pads[0], heights[k + 1]))
      for (let t = 0; t < tiles; t++) {
        const need: RowRange[] = []
        need[layers.length] = tileBand(t, tiles, heights[layers.length])
        for (let k = layers.length - 1; k >= 0; k--) need[k] = inputRows(layers[k].rule, need[k + 1], heights[k], heights[k + 1])
        // a band whose taps all fall in the padding has no input rows: the planner drops such a tiling
        if (need.some((r) => r.hi <= r.lo)) continue
        let cur = x.slice(need[0].lo, need[0].hi)
        for (let k = 0; k < layers.length; k++) {
          const pads = tilePads(layers[k].rule, need[k + 1], need[k])
          const rows = need[k + 1].hi - need[k + 1].lo
          // ceil_mode 0 with the tile's pads gives exactly the band's rows
          const n = Math.floor((cur.length + pads[0] + pads[2] - span(layers[k].rule)) / layers[k].rule.stride) + 1
          expect(n).toBe(rows)
          expect(pads[0]).toBeLessThan(span(layers[k].rule))
          expect(pads[2]).toBeLessThan(span(layers[k].rule))
          cur = run(cur, layers[k], pads[0], rows)
          expect(cur).toEqual(full[k + 1].slice(need[k + 1].lo, need[k + 1].hi))
        }
      }
    }), { numRuns: 300 })
  })

  it('tile bands partition the rows', () => {
    for (const h of [7, 16, 56, 112]) {
      for (const T of [2, 3, 4, 6, 8]) {
        let at = 0
        for (let t = 0; t < T; t++) {
          const b = tileBand(t, T, h)
          expect(b.lo).toBe(at)
          expect(b.hi - b.lo).toBeGreaterThanOrEqual(Math.floor(h / T))
          at = b.hi
        }
        expect(at).toBe(h)
      }
    }
  })

  it('hull, and the unclamped window range reaching into the padding', () => {
    expect(hull(undefined, { lo: 2, hi: 5 })).toEqual({ lo: 2, hi: 5 })
    expect(hull({ lo: 0, hi: 3 }, { lo: 2, hi: 5 })).toEqual({ lo: 0, hi: 5 })
    const conv7s2: WindowRule = { kind: 'window', kernel: 7, stride: 2, dilation: 1, pads: [3, 3, 3, 3] }
    expect(windowInput(conv7s2, { lo: 0, hi: 56 })).toEqual({ lo: -3, hi: 114 })
    expect(tilePads(conv7s2, { lo: 0, hi: 56 }, inputRows(conv7s2, { lo: 0, hi: 56 }, 224, 112))).toEqual([3, 3, 0, 3])
    expect(inputRows(conv7s2, { lo: 56, hi: 112 }, 224, 112)).toEqual({ lo: 109, hi: 224 })
    expect(tilePads(conv7s2, { lo: 56, hi: 112 }, { lo: 109, hi: 224 })).toEqual([0, 3, 2, 3])
    // dilation 3, stride 2: the last taps skip row 8 of 9
    const dil: WindowRule = { kind: 'window', kernel: 2, stride: 2, dilation: 3, pads: [0, 0, 0, 0] }
    expect(inputRows(dil, { lo: 2, hi: 3 }, 9, 4)).toEqual({ lo: 4, hi: 8 })
  })
})

describe('row rules', () => {
  const node = (op: string, attributes: NodeInfo['attributes'] = {}, outputs = ['y']): NodeInfo => ({ name: 'n', op, domain: '', inputs: ['x', 'w'], outputs, attributes, flops: 0 })
  const s4 = [1, 8, 32, 32]
  it('reads Conv kernels from the weight when kernel_shape is absent, and SAME pads from the shapes', () => {
    expect(rowRule(node('Conv', { strides: [2, 2], auto_pad: 'SAME_UPPER' }), [s4, [8, 8, 4, 4]], [[1, 8, 16, 16]]))
      .toEqual({ kind: 'window', kernel: 4, stride: 2, dilation: 1, pads: [1, 1, 1, 1] })
  })
  it('turns a ceil-mode edge column into right padding, so every tile keeps the width', () => {
    // googlenet's maxpool1: 112 → 56 with kernel 3, stride 2, ceil_mode 1, no pads
    const r = rowRule(node('MaxPool', { kernel_shape: [3, 3], strides: [2, 2], pads: [0, 0, 0, 0], ceil_mode: 1 }), [[1, 64, 112, 112]], [[1, 64, 56, 56]])
    expect(r).toEqual({ kind: 'window', kernel: 3, stride: 2, dilation: 1, pads: [0, 0, 0, 1] })
  })
  it('keeps rows through element-wise operators and channel concatenation', () => {
    expect(rowRule(node('Relu'), [s4], [s4]).kind).toBe('same')
    expect(rowRule(node('Concat', { axis: 1 }), [s4, s4], [[1, 16, 32, 32]]).kind).toBe('same')
  })
  it('stops at operators that need the whole map or reshape it, saying why', () => {
    const why = (n: NodeInfo, out: number[]): string => {
      const r = rowRule(n, [s4], [out])
      return r.kind === 'stop' ? r.reason : ''
    }
    expect(why(node('GlobalAveragePool'), [1, 8, 1, 1])).toMatch(/whole feature map/)
    expect(why(node('Flatten'), [1, 8192])).toMatch(/reshapes/)
    expect(why(node('Gemm'), [1, 10])).toMatch(/every row/)
    expect(why(node('MatMul'), [1, 8, 32, 32])).toMatch(/every row/)
    expect(why(node('Concat', { axis: 2 }), [1, 8, 64, 32])).toMatch(/axis 2/)
    expect(why(node('Resize'), [1, 8, 64, 64])).toMatch(/no row rule/)
    expect(why(node('BatchNormalization', {}, ['y', 'mean', 'var']), s4)).toMatch(/more than one output/)
  })
})
