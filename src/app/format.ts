/**
 * Number formatting shared by every view: sizes in decimal units (1 MB = 10^6 bytes, as the issues quote
 * peaks, e.g. "5.42 MB"), with the exact byte count left to a `title` tooltip by the caller.
 */

const UNITS = ['B', 'kB', 'MB', 'GB', 'TB'] as const

export function formatBytes(bytes: number | null | undefined): string {
  if (bytes === null || bytes === undefined || !Number.isFinite(bytes)) return 'unknown'
  let v = bytes
  let u = 0
  while (Math.abs(v) >= 1000 && u < UNITS.length - 1) {
    v /= 1000
    u++
  }
  return u === 0 ? `${v} B` : `${v.toFixed(v >= 100 ? 1 : 2)} ${UNITS[u]}`
}

/** `1,204,331` */
export function formatInt(n: number): string {
  return Math.round(n).toLocaleString('en-US')
}

/** FLOPs as `4.09 GFLOPs` */
export function formatFlops(flops: number): string {
  if (flops < 1e3) return `${flops} FLOPs`
  const units = [['k', 1e3], ['M', 1e6], ['G', 1e9], ['T', 1e12]] as const
  let best: readonly [string, number] = units[0]
  for (const u of units) if (flops >= u[1]) best = u
  return `${(flops / best[1]).toFixed(2)} ${best[0]}FLOPs`
}

export function formatShape(shape: (number | string)[] | null): string {
  if (shape === null) return '?'
  return `[${shape.join(', ')}]`
}

/** A plan's simulated latency: to the hundredth of a millisecond, as the plan views and the results table show it. */
export function formatLatency(ms: number): string {
  return `${ms.toFixed(2)} ms`
}

export function formatMs(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(2)} s`
}
