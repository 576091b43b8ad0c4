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

describe('the banner text', () => {
  it('keeps a file name that starts core’s message as written (empty.onnx, not Empty.onnx)', () => {
    const m = userMessage({ code: 'FILE_EMPTY', message: 'empty.onnx is empty (0 bytes); choose the .onnx model or memoria-graph JSON file itself' })
    expect(m?.detail).toBe('empty.onnx is empty (0 bytes); choose the .onnx model or memoria-graph JSON file itself')
    expect(userMessage({ code: 'GRAPH_JSON_INVALID', message: 'gpt2.json starts like JSON but is not UTF-8 text' })?.detail)
      .toBe('gpt2.json starts like JSON but is not UTF-8 text')
    expect(userMessage({ code: 'ONNX_MALFORMED', message: '/block/Conv_output_0 has no shape' })?.detail).toBe('/block/Conv_output_0 has no shape')
  })
  it('capitalises a first plain word', () => {
    expect(userMessage({ code: 'CANCELLED', message: 'x' })).toBeNull()
    expect(userMessage({ code: 'INTERNAL', message: 'loading, then it failed' })?.detail).toBe('Loading, then it failed')
  })
  it('does not say "incomplete" twice for a truncated file (headline + core’s message)', () => {
    // core's wording for a file cut in the middle of a field (src/core/onnx/wire.ts `fail`)
    const m = userMessage({ code: 'ONNX_TRUNCATED', message: 'the file ends at byte 1,000 in the middle of a field (bytes 900–2,000), inside graph.node[3]; the file is incomplete — download or export it again' })
    const text = `${m?.title} ${m?.detail}`
    expect(text.match(/incomplete/g)?.length).toBe(1)
  })
})
