/**
 * The one ResizeObserver hook of the app's charts: the element's content size while it has one, and whether
 * it is visible now. A panel stays mounted while another tab is shown (`hidden`, 0 × 0): then `visible` is
 * false and `size` keeps the last size it had (null until it is first laid out), so a chart can keep what it
 * drew instead of re-rendering at 0 × 0 (recharts warns on the console for every such render).
 */
import { useLayoutEffect, useState, type RefObject } from 'react'

export interface Size { width: number; height: number }

export function useVisibleSize(ref: RefObject<HTMLElement | null>): { size: Size | null; visible: boolean } {
  const [state, setState] = useState<{ size: Size | null; visible: boolean }>({ size: null, visible: false })
  useLayoutEffect(() => {
    const el = ref.current
    if (!el) return
    const update = (width: number, height: number) => {
      const w = Math.floor(width)
      const h = Math.floor(height)
      setState((prev) => {
        if (w > 0 && h > 0) {
          return prev.visible && prev.size?.width === w && prev.size.height === h ? prev : { size: { width: w, height: h }, visible: true }
        }
        return prev.visible ? { size: prev.size, visible: false } : prev
      })
    }
    const r = el.getBoundingClientRect()
    update(r.width, r.height)
    const ro = new ResizeObserver((entries) => {
      const box = entries[entries.length - 1]?.contentRect
      if (box) update(box.width, box.height)
    })
    ro.observe(el)
    return () => ro.disconnect()
  }, [ref])
  return state
}
