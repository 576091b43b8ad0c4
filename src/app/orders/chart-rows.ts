/**
 * The memory chart's rows: one per step, or — past `THIN_ABOVE` steps — the steps that matter for the eye.
 *
 * recharts' cost grows with its rows (its internal selectors ran for half a second per update on a 6k-step
 * order with seven curves). Above the threshold the steps are cut into buckets of about two pixels each and
 * a bucket keeps its first step and, per curve, the steps of its largest and smallest value: the drawn line
 * keeps every peak and every dip, each curve's marked peak step is kept exactly, and step 0 and the last
 * step too, and every multiple of `unit` (the power of ten ≤ the bucket size), so the step axis's round ticks
 * are rows. Steps in between are not rows; `snapStep` moves a cursor or band edge onto the nearest row so
 * the chart can still draw it. O(steps × curves).
 */

/** orders up to this many steps keep one row per step */
export const THIN_ABOVE = 2000

export interface ChartRow {
  step: number
  [key: string]: number | undefined
}

export interface ChartRows {
  rows: ChartRow[]
  /** every multiple of it is a row (1: every step is) */
  unit: number
}

/** `curves[i][k]`: curve i's bytes at step k (curves may differ in length); `peaks[i]`: its marked step. */
export function chartRows(curves: readonly (readonly number[])[], peaks: readonly number[], widthPx: number): ChartRows {
  const n = Math.max(0, ...curves.map((c) => c.length))
  const keep = new Uint8Array(n)
  let unit = 1
  if (n <= THIN_ABOVE) keep.fill(1)
  else {
    const buckets = Math.max(1, Math.floor(widthPx / 2))
    const size = Math.ceil(n / buckets)
    // a power of ten: every round tick step at least as large (1, 2 or 5 × 10^k) is a multiple of it
    unit = 10 ** Math.floor(Math.log10(size))
    for (let k = 0; k < n; k += unit) keep[k] = 1
    for (let b = 0; b < n; b += size) {
      keep[b] = 1
      const end = Math.min(n, b + size)
      for (const c of curves) {
        let hi = -1, lo = -1
        for (let k = b; k < Math.min(end, c.length); k++) {
          if (hi < 0 || c[k] > c[hi]) hi = k
          if (lo < 0 || c[k] < c[lo]) lo = k
        }
        if (hi >= 0) keep[hi] = keep[lo] = 1
      }
    }
    if (n > 0) keep[n - 1] = 1
    for (const p of peaks) if (p >= 0 && p < n) keep[p] = 1
  }
  const rows: ChartRow[] = []
  for (let k = 0; k < n; k++) {
    if (!keep[k]) continue
    const row: ChartRow = { step: k }
    for (let i = 0; i < curves.length; i++) if (k < curves[i].length) row[`s${i}`] = curves[i][k]
    rows.push(row)
  }
  return { rows, unit }
}

/** The step of the row nearest to `k` (rows sorted by step; ties go to the earlier one); k itself when no rows. */
export function snapStep(rows: readonly ChartRow[], k: number): number {
  if (rows.length === 0) return k
  let lo = 0, hi = rows.length - 1
  while (lo < hi) {
    const mid = (lo + hi) >> 1
    if (rows[mid].step < k) lo = mid + 1
    else hi = mid
  }
  const after = rows[lo].step
  const before = lo > 0 ? rows[lo - 1].step : after
  return k - before <= after - k ? before : after
}
