import { describe, expect, it } from 'vitest'
import { withCliHints } from './hints.ts'

describe('withCliHints', () => {
  it('adds the flags to core\'s neutral wording', () => {
    expect(withCliHints('symbolic dimension seq not bound: assumed 1; bind a value to it'))
      .toBe('symbolic dimension seq not bound: assumed 1; bind a value to it with --dim NAME=VALUE')
    expect(withCliHints('cannot schedule "g": 1 tensor(s) have no known size: "a"; bind a value to seq, or give the shape of each'))
      .toBe('cannot schedule "g": 1 tensor(s) have no known size: "a"; bind a value to seq with --dim NAME=VALUE, or give the shape of each with --shape NAME=1x3x224x224')
    expect(withCliHints('cannot schedule "g": 1 tensor(s) have no known size: "a"; give the shape of each'))
      .toBe('cannot schedule "g": 1 tensor(s) have no known size: "a"; give the shape of each with --shape NAME=1x3x224x224')
    expect(withCliHints('graph input x declares no full type: its size is unknown; give its shape'))
      .toBe('graph input x declares no full type: its size is unknown; give its shape with --shape NAME=DIMS')
  })

  it('leaves other messages as they are', () => {
    expect(withCliHints('the file is empty; open an .onnx model file')).toBe('the file is empty; open an .onnx model file')
  })
})
