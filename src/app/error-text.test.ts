import { describe, expect, it } from 'vitest'
import { ERROR_CODES } from '../core/errors.ts'
import { userMessage } from './error-text.ts'

describe('userMessage', () => {
  it('is null for a cancel: a cancel is never a banner', () => {
    expect(userMessage({ code: 'CANCELLED', message: 'loading was cancelled' })).toBeNull()
  })
  it('has a headline for every other code, and keeps core’s message as a sentence', () => {
    for (const code of ERROR_CODES.filter((c) => c !== 'CANCELLED')) {
      const m = userMessage({ code, message: 'the file ends at byte 12; download it again' }, 'Could not open a.onnx.')
      expect(m?.title).toMatch(/^[A-Z].+\.$/)
      expect(m).toMatchObject({ code, context: 'Could not open a.onnx.', detail: 'The file ends at byte 12; download it again' })
    }
  })
})
