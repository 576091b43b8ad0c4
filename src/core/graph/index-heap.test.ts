import * as fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { IndexHeap } from './index-heap.ts'

describe('IndexHeap', () => {
  it('pops what was pushed, smallest first, with pushes and pops interleaved', () => {
    fc.assert(fc.property(fc.array(fc.oneof(fc.nat({ max: 49 }), fc.constant(-1)), { maxLength: 200 }), (ops) => {
      const heap = new IndexHeap(200)
      const model: number[] = []
      for (const op of ops) {
        if (op >= 0) {
          heap.push(op)
          model.push(op)
        } else if (model.length > 0) {
          model.sort((a, b) => a - b)
          expect(heap.pop()).toBe(model.shift())
        }
        expect(heap.size).toBe(model.length)
      }
      model.sort((a, b) => a - b)
      const rest: number[] = []
      while (heap.size > 0) rest.push(heap.pop())
      expect(rest).toEqual(model)
    }))
  })
})
