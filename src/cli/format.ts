/**
 * Text output of the command line: aligned tables, bytes in MB (10^6 bytes, two decimals, thousands grouped:
 * `1,204.33 MB`; below 10,000 bytes in bytes, so nothing small reads as 0.00), shapes as `1×3×224×224`. Unknown values print as `?`, never as 0.
 */
import type { Dim } from '../core/graph/types.ts'

export function mb(bytes: number | null): string {
  if (bytes === null) return '?'
  if (Math.abs(bytes) < 10_000) return `${int(bytes)} B`
  return `${(bytes / 1e6).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })} MB`
}

export function int(n: number): string {
  return Math.round(n).toLocaleString('en-US')
}

export function ms(v: number): string {
  return `${v.toLocaleString('en-US', { minimumFractionDigits: 1, maximumFractionDigits: 1 })} ms`
}

export function shape(s: Dim[] | null): string {
  if (s === null) return '?'
  if (s.length === 0) return 'scalar'
  return s.join('×')
}

export function pct(part: number, whole: number): string {
  if (whole === 0) return '–'
  return `${((100 * part) / whole).toFixed(1)}%`
}

type Align = 'left' | 'right'

/** Columns padded to their widest cell; `right` columns (numbers) align on the right. */
export function table(header: string[], rows: string[][], align: Align[] = [], indent = '  '): string {
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => (r[c] ?? '').length)))
  const line = (cells: string[]): string =>
    indent + cells.map((cell, c) => (align[c] === 'right' ? cell.padStart(widths[c]) : cell.padEnd(widths[c]))).join('  ').trimEnd()
  const rule = indent + widths.map((w) => '─'.repeat(w)).join('  ')
  return [line(header), rule, ...rows.map(line)].join('\n')
}

/** `label  value` pairs with the labels padded to one width. */
export function fields(pairs: [string, string][]): string {
  const w = Math.max(...pairs.map(([k]) => k.length))
  return pairs.map(([k, v]) => `${k.padEnd(w)}  ${v}`).join('\n')
}

/** A list that would flood the terminal is cut, saying how many were left out. */
export function capped<T>(items: T[], max: number, render: (x: T) => string[]): { rows: string[][]; more: string } {
  const rows = items.slice(0, max).map(render)
  const more = items.length > max ? `  … and ${int(items.length - max)} more (use --json for all)` : ''
  return { rows, more }
}
