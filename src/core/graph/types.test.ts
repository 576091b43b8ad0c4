// docs/spec.md section 1: bytes = product(shape) × dtype size, sub-byte types rounded up; null where the shape is
// not fully known or the dtype is string — never 0 for something unknown.
import { describe, expect, it } from 'vitest'
import { dtypeBytes } from './types.ts'

describe('dtypeBytes', () => {
  it('multiplies the shape by the element size', () => {
    expect(dtypeBytes('float32', [1, 3, 224, 224])).toBe(602112)
    expect(dtypeBytes('float16', [2, 5])).toBe(20)
    expect(dtypeBytes('int64', [3])).toBe(24)
    expect(dtypeBytes('bool', [7])).toBe(7)
    expect(dtypeBytes('complex128', [2])).toBe(32)
    expect(dtypeBytes('float32', [])).toBe(4) // a scalar
    expect(dtypeBytes('float32', [0, 8])).toBe(0) // an empty tensor is known to be 0 bytes
  })
  it('rounds sub-byte types up to whole bytes', () => {
    expect(dtypeBytes('int4', [3])).toBe(2)
    expect(dtypeBytes('uint4', [4])).toBe(2)
    expect(dtypeBytes('float4e2m1', [1])).toBe(1)
  })
  it('is null, never 0, when the size is not known', () => {
    expect(dtypeBytes('string', [4])).toBeNull()
    expect(dtypeBytes('float32', [1, 'seq', 768])).toBeNull()
    expect(dtypeBytes('float32', null)).toBeNull()
    expect(dtypeBytes(null, [1, 2])).toBeNull()
  })
})
