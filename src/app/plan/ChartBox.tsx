/**
 * A box of a fixed height that draws its chart only while it has a size: the plan panel stays mounted while
 * another tab is shown (`hidden`, 0×0), and recharts' ResponsiveContainer warns on the console ("The width(0)
 * and height(0) of chart should be greater than 0") every time it measures a hidden box. Here the box is
 * measured by a ResizeObserver and the chart is given its width and height explicitly, or not rendered.
 */
import { useLayoutEffect, useRef, useState, type ReactNode } from 'react'

interface Props {
  height: number
  testId: string
  data?: Record<string, string | number>
  children: (width: number, height: number) => ReactNode
}

export function ChartBox({ height, testId, data, children }: Props) {
  const ref = useRef<HTMLDivElement | null>(null)
  const [width, setWidth] = useState(0)
  useLayoutEffect(() => {
    const el = ref.current
    if (!el) return
    const measure = () => setWidth(Math.floor(el.clientWidth))
    measure()
    const ro = new ResizeObserver(measure)
    ro.observe(el)
    return () => ro.disconnect()
  }, [])
  const attrs = Object.fromEntries(Object.entries(data ?? {}).map(([k, v]) => [`data-${k}`, v]))
  return (
    <div ref={ref} className="plan-chart" data-testid={testId} data-drawn={String(width > 0)} style={{ height }} {...attrs}>
      {width > 0 && children(width, height)}
    </div>
  )
}
