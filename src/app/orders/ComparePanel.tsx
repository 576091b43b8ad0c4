/**
 * Compare two or more orders: all of them overlaid on one chart, two of them side by side in synced panes
 * (hovering one moves the other's tooltip; recharts' `syncId`), and a table of where each differs from the
 * first (first divergent position, nodes at other positions, the stretches that differ) with each one's peak.
 */
import { useMemo, useState } from 'react'
import type { MemoriaGraph } from '../../core/graph/types.ts'
import { formatBytes, formatInt } from '../format.ts'
import { nodeAt, type Curve } from './curves.ts'
import { MemoryChart, type ChartSeries } from './MemoryChart.tsx'
import { diffOrders } from './order-diff.ts'
import { chartPeakName, entryTitle, shortName } from './order-facts.ts'
import type { OrderEntry } from './orders-types.ts'

export interface Compared {
  entry: OrderEntry
  curve: Curve
  color: string
}

interface Props {
  graph: MemoriaGraph
  items: Compared[]
  deviceLimitBytes: number | null
}

const SEGMENTS_SHOWN = 6

/** the first node of a stretch, cut at the front, and how many more (all of them in the title) */
function names(list: string[]): string {
  if (list.length === 0) return '—'
  return `${shortName(list[0], 30)}${list.length > 1 ? ` +${list.length - 1}` : ''}`
}

function DiffRow({ base, other }: { base: Compared; other: Compared }) {
  const d = useMemo(() => diffOrders(base.entry.order, other.entry.order), [base.entry.order, other.entry.order])
  const delta = other.curve.peakBytes - base.curve.peakBytes
  return (
    <tr data-testid="diff-row" data-algo={other.entry.algo} data-first-divergence={d.firstDivergence ?? ''}
      data-moved={d.movedCount}>
      <td><span className="swatch" style={{ background: other.color }} /> {entryTitle(other.entry)}</td>
      <td className="num" title={`${formatInt(other.curve.peakBytes)} bytes`}>
        {formatBytes(other.curve.peakBytes)}
        <span className="muted"> ({delta === 0 ? 'same' : `${delta > 0 ? '+' : '−'}${formatBytes(Math.abs(delta))}`})</span>
      </td>
      <td className="num">{d.firstDivergence === null ? 'identical' : formatInt(d.firstDivergence + 1)}</td>
      <td className="num">{formatInt(d.movedCount)} of {formatInt(d.length)}</td>
      <td className="diff-segments">
        {!d.comparable && <span className="warn">not orders of the same graph</span>}
        {d.segments.slice(0, SEGMENTS_SHOWN).map((s) => (
          <div key={s.from} className="small">
            <span className="num">{s.from + 1}–{s.to + 1}</span>:{' '}
            <span className="mono" title={s.a.join('\n')}>{names(s.a)}</span>
            {' ⇄ '}
            <span className="mono" title={s.b.join('\n')}>{names(s.b)}</span>
          </div>
        ))}
        {d.segments.length > SEGMENTS_SHOWN && (
          <div className="muted small">… {formatInt(d.segments.length - SEGMENTS_SHOWN)} more stretches</div>
        )}
      </td>
    </tr>
  )
}

function toSeries(graph: MemoriaGraph, c: Compared): ChartSeries {
  return { id: c.entry.id, label: entryTitle(c.entry), peakName: chartPeakName(c.entry), color: c.color, curve: c.curve, nodeAt: (k) => nodeAt(graph, c.curve, k) }
}

export function ComparePanel({ graph, items, deviceLimitBytes }: Props) {
  const [left, setLeft] = useState(0)
  const [right, setRight] = useState(1)
  const l = items[Math.min(left, items.length - 1)]
  const r = items[Math.min(right, items.length - 1)]
  const overlay = useMemo(() => items.map((c) => toSeries(graph, c)), [items, graph])
  const leftSeries = useMemo(() => [toSeries(graph, l)], [l, graph])
  const rightSeries = useMemo(() => [toSeries(graph, r)], [r, graph])
  const pick = (value: number, set: (i: number) => void, label: string) => (
    <select value={value} onChange={(e) => set(Number(e.target.value))} aria-label={label}>
      {items.map((c, i) => (
        <option key={c.entry.id} value={i}>{entryTitle(c.entry)}</option>
      ))}
    </select>
  )

  return (
    <section className="compare" data-testid="compare" data-count={items.length} aria-label="Compare orders">
      <h3>Compare {items.length} orders</h3>
      <div className="legend">
        {items.map((c) => (
          <span key={c.entry.id} className="legend-item">
            <span className="swatch" style={{ background: c.color }} /> {entryTitle(c.entry)}{' '}
            <span className="muted">{chartPeakName(c.entry)}</span>{' '}
            <span className="num">{formatBytes(c.curve.peakBytes)}</span>
          </span>
        ))}
      </div>
      <MemoryChart series={overlay} cursorStep={null} deviceLimitBytes={deviceLimitBytes} lifetime={null}
        testId="compare-chart" height={280} />
      <div className="compare-panes">
        <div className="compare-pane" data-testid="compare-pane-left">
          {pick(left, setLeft, 'Left order')}
          <MemoryChart series={leftSeries} cursorStep={null} deviceLimitBytes={deviceLimitBytes} lifetime={null}
            syncId="orders-compare" testId="compare-chart-left" height={220} />
        </div>
        <div className="compare-pane" data-testid="compare-pane-right">
          {pick(right, setRight, 'Right order')}
          <MemoryChart series={rightSeries} cursorStep={null} deviceLimitBytes={deviceLimitBytes} lifetime={null}
            syncId="orders-compare" testId="compare-chart-right" height={220} />
        </div>
      </div>
      <table className="diff-table" data-testid="diff-table">
        <caption className="small muted">
          Where each order differs from <b>{entryTitle(items[0].entry)}</b> ({chartPeakName(items[0].entry)} {formatBytes(items[0].curve.peakBytes)}); positions count from 1.
        </caption>
        <thead>
          <tr>
            <th>order</th><th title="the peak of the order drawn (random: its median sample)">peak of the order shown</th><th>first divergence</th><th>nodes moved</th><th>differing stretches (first ⇄ this)</th>
          </tr>
        </thead>
        <tbody>
          {items.slice(1).map((c) => (
            <DiffRow key={c.entry.id} base={items[0]} other={c} />
          ))}
        </tbody>
      </table>
    </section>
  )
}
