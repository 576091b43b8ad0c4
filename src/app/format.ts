/**
 * Number formatting shared by every view. Sizes in binary units throughout the UI (issue 11: MB and MiB
 * were mixed; device memory is quoted in MiB and GiB): 1 KiB = 1,024 B, 1 MiB = 2^20 B, so regnet's
 * 5,419,008-byte peak reads "5.17 MiB". JSON and CSV exports keep exact bytes; the exact count is left to
 * a `title` tooltip by the caller.
 */

const UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB'] as const
export const MiB = 2 ** 20

export function formatBytes(bytes: number | null | undefined): string {
  if (bytes === null || bytes === undefined || !Number.isFinite(bytes)) return 'unknown'
  let v = bytes
  let u = 0
  while (Math.abs(v) >= 1024 && u < UNITS.length - 1) {
    v /= 1024
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
