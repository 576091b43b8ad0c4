/**
 * Number formatting for the graph view's labels and panels: bytes in binary units, FLOPs in SI units,
 * shapes as `[1, 128, 768]`. Unknown values print as `?`, never as 0.
 */
import type { Dim } from '../graph/types.ts'

const BYTE_UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB']
const SI = ['', 'K', 'M', 'G', 'T', 'P']

export function fmtBytes(bytes: number | null): string {
  if (bytes === null) return '?'
  let v = bytes
  let u = 0
  while (v >= 1024 && u < BYTE_UNITS.length - 1) {
    v /= 1024
    u++
  }
  return u === 0 ? `${v} B` : `${v < 10 ? v.toFixed(2) : v < 100 ? v.toFixed(1) : v.toFixed(0)} ${BYTE_UNITS[u]}`
}

export function fmtFlops(flops: number): string {
  let v = flops
  let u = 0
  while (v >= 1000 && u < SI.length - 1) {
    v /= 1000
    u++
  }
  return `${u === 0 ? v : v.toFixed(v < 10 ? 2 : 1)} ${SI[u]}FLOP`
}

export function fmtShape(shape: Dim[] | null): string {
  return shape === null ? '?' : `[${shape.join(', ')}]`
}
