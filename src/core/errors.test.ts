import { describe, expect, it } from 'vitest'
import { MemoriaError, toErrorInfo } from './errors.ts'

describe('MemoriaError', () => {
  it('keeps a message that quotes a name with control characters on one line (escaped, not dropped)', () => {
    const e = new MemoriaError('ONNX_MALFORMED', 'node "a\nb\tc\u0001" is broken; open it again')
    expect(e.message).toBe('node "a\\nb\\tc\\u0001" is broken; open it again')
    expect(toErrorInfo(e)).toEqual({ code: 'ONNX_MALFORMED', message: e.message })
    expect(e.message.split('\n')).toHaveLength(1)
  })
})
