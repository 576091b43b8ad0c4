import { describe, expect, it } from 'vitest'
import { parseShape } from './UnknownShapes.tsx'

describe('parseShape', () => {
  it('reads the usual ways of writing a shape', () => {
    expect(parseShape('1x3x224x224')).toEqual([1, 3, 224, 224])
    expect(parseShape('1, 3, 224, 224')).toEqual([1, 3, 224, 224])
    expect(parseShape('[1,128]')).toEqual([1, 128])
    expect(parseShape(' 8 ')).toEqual([8])
    expect(parseShape('[]')).toEqual([])
  })
  it('refuses what is not a list of whole sizes', () => {
    for (const bad of ['', 'abc', '1x-2', '1.5x2', 'seq']) expect(parseShape(bad)).toBeNull()
  })
})
