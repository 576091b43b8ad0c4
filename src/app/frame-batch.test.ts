import { describe, expect, it } from 'vitest'
import { FrameBatch } from './frame-batch.ts'

/** a scheduler whose frames run when the test says */
function fakeFrames() {
  let next = 1
  const queued = new Map<number, () => void>()
  return {
    scheduler: {
      request: (cb: () => void) => { queued.set(next, cb); return next++ },
      cancel: (h: number) => { queued.delete(h) },
    },
    frame: () => {
      const cbs = [...queued.values()]
      queued.clear()
      for (const cb of cbs) cb()
    },
    queued: () => queued.size,
  }
}

describe('FrameBatch', () => {
  it('delivers the events of one frame together, in order, once', () => {
    const f = fakeFrames()
    const got: number[][] = []
    const b = new FrameBatch<number>((es) => got.push(es), 10_000, f.scheduler)
    for (let i = 0; i < 50; i++) b.push(i)
    expect(f.queued()).toBe(1)
    expect(got).toEqual([])
    f.frame()
    expect(got).toEqual([Array.from({ length: 50 }, (_, i) => i)])
    b.push(50)
    f.frame()
    expect(got.length).toBe(2)
    expect(got[1]).toEqual([50])
    b.cancel()
  })

  it('flushNow delivers what is pending first; cancel drops it', () => {
    const f = fakeFrames()
    const got: string[][] = []
    const b = new FrameBatch<string>((es) => got.push(es), 10_000, f.scheduler)
    b.push('a')
    b.push('b')
    b.flushNow()
    expect(got).toEqual([['a', 'b']])
    expect(f.queued()).toBe(0)
    b.push('c')
    b.cancel()
    f.frame()
    b.flushNow()
    expect(got).toEqual([['a', 'b']])
  })

  it('falls back to a timer when no frame comes (a background tab)', async () => {
    const got: number[][] = []
    const b = new FrameBatch<number>((es) => got.push(es), 5, null)
    b.push(1)
    b.push(2)
    await new Promise((r) => setTimeout(r, 30))
    expect(got).toEqual([[1, 2]])
  })
})
