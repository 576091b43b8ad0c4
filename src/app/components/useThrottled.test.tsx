// @vitest-environment jsdom
/** useThrottled in a DOM (jsdom) with fake timers: at most one new value per interval, an immediate one at once. */
import { act } from 'react'
import { createRoot, type Root } from 'react-dom/client'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { useThrottled } from './useThrottled.ts'

;(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true

let root: Root
let seen: number[]
function Probe({ value, reset }: { value: number; reset: boolean }) {
  seen.push(useThrottled(value, 500, () => reset))
  return null
}
const render = (value: number, reset = false): void => act(() => root.render(<Probe value={value} reset={reset} />))
const last = (): number => seen[seen.length - 1]

beforeEach(() => {
  vi.useFakeTimers()
  seen = []
  root = createRoot(document.createElement('div'))
})
afterEach(() => {
  act(() => root.unmount())
  vi.useRealTimers()
})

describe('useThrottled', () => {
  it('passes a value changing every frame on at most once per interval, the latest one', () => {
    render(0)
    // the fake clock starts at 0: the first change goes out at 500 ms, then one per 500 ms
    render(1)
    act(() => vi.advanceTimersByTime(499))
    expect(last()).toBe(0)
    act(() => vi.advanceTimersByTime(1))
    expect(last()).toBe(1)
    for (let v = 2; v <= 20; v++) {
      render(v)
      act(() => vi.advanceTimersByTime(16))
    }
    // 19 × 16 ms = 304 ms after the last pass: still the old value
    expect(last()).toBe(1)
    act(() => vi.advanceTimersByTime(200))
    expect(last()).toBe(20)
  })

  it('passes a value at once when immediate says so', () => {
    render(0)
    render(1)
    act(() => vi.advanceTimersByTime(500))
    render(2)
    expect(last()).toBe(1)
    render(3, true)
    expect(last()).toBe(3)
  })
})
