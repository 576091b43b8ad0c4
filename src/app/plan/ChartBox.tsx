/**
 * A box of a fixed height that draws its chart only while it has a size: the plan panel stays mounted while
 * another tab is shown (`hidden`, 0×0), and recharts' ResponsiveContainer warns on the console ("The width(0)
 * and height(0) of chart should be greater than 0") every time it measures a hidden box. Here the box is
 * measured by the app's one ResizeObserver hook (useVisibleSize) and the chart is given its width and height
 * explicitly, or not rendered.
 */
import { useRef, type ReactNode } from 'react'
import { useVisibleSize } from '../components/useVisibleSize.ts'

interface Props {
  height: number
  testId: string
  data?: Record<string, string | number>
  children: (width: number, height: number) => ReactNode
}

export function ChartBox({ height, testId, data, children }: Props) {
  const ref = useRef<HTMLDivElement | null>(null)
  const { size, visible } = useVisibleSize(ref)
  const width = visible && size ? size.width : 0
  const attrs = Object.fromEntries(Object.entries(data ?? {}).map(([k, v]) => [`data-${k}`, v]))
  return (
    <div ref={ref} className="plan-chart" data-testid={testId} data-drawn={String(width > 0)} style={{ height }} {...attrs}>
      {width > 0 && children(width, height)}
    </div>
  )
}
