/**
 * A value that changes often (GenEFlow's convergence, once per animation frame during a run), passed on at
 * most once per `ms`; when `immediate(next, shown)` holds (a run's end, a new run) it is passed on at once. A
 * chart that re-measures its axes on every render then draws a few times a second instead of sixty.
 */
import { useEffect, useRef, useState } from 'react'

export function useThrottled<T>(value: T, ms: number, immediate: (next: T, shown: T) => boolean = () => false): T {
  const [shown, setShown] = useState(value)
  const lastAt = useRef(0)
  const now = !Object.is(value, shown) && immediate(value, shown)
  if (now) setShown(value)
  useEffect(() => {
    if (Object.is(value, shown)) return
    const h = setTimeout(() => {
      lastAt.current = performance.now()
      setShown(value)
    }, Math.max(0, lastAt.current + ms - performance.now()))
    return () => clearTimeout(h)
  }, [value, shown, ms])
  return now ? value : shown
}
