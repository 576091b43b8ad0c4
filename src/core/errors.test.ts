import { describe, expect, it } from 'vitest'
import { fmtInt, MemoriaError, toErrorInfo } from './errors.ts'

describe('MemoriaError', () => {
  it('keeps a message that quotes a name with control characters on one line (escaped, not dropped)', () => {
    const e = new MemoriaError('ONNX_MALFORMED', 'node "a\nb\tc\u0001" is broken; open it again')
    expect(e.message).toBe('node "a\\nb\\tc\\u0001" is broken; open it again')
    expect(toErrorInfo(e)).toEqual({ code: 'ONNX_MALFORMED', message: e.message })
    expect(e.message.split('\n')).toHaveLength(1)
  })
})

describe('fmtInt', () => {
  it('groups thousands as en-US does, rounding first', () => {
    for (const n of [0, 7, 999, 1000, -1000, 1_234_567, -1_234_567.6, 2 ** 53, 9.99e20, 1e21, 4.2e22, NaN, Infinity]) {
      expect(fmtInt(n)).toBe(Math.round(n).toLocaleString('en-US'))
    }
    expect(fmtInt(1_204_331)).toBe('1,204,331')
  })
})
