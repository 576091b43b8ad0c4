/**
 * Round axis ticks: 0, then multiples of a step of 1, 2 or 5 × 10^k, so a memory axis reads 0, 1, 2 … MiB
 * (the memory chart computes them in MiB, the unit format.ts writes) and a step axis
 * 0, 50, 100 … — never 4.99 MB or a first step of 2.
 */

/** the smallest 1/2/5 × 10^k (≥ minStep) that splits `span` into at most `maxTicks - 1` intervals */
export function niceStep(span: number, maxTicks: number, minStep = 0): number {
  if (!(span > 0)) return Math.max(1, minStep)
  const raw = span / Math.max(1, maxTicks - 1)
  const pow = 10 ** Math.floor(Math.log10(raw))
  for (const m of [1, 2, 5, 10]) {
    const step = m * pow
    if (step >= raw - 1e-9 * raw) return Math.max(step, minStep)
  }
  return Math.max(10 * pow, minStep)
}

/**
 * Ticks from `from` to at least `to`, multiples of one nice step, starting at the first multiple ≥ `from`
 * (0 when `from` is 0). `cover`: the last tick is ≥ `to` (an axis domain's top); otherwise ≤ `to`.
 */
export function niceTicks(from: number, to: number, maxTicks = 6, opts: { minStep?: number; cover?: boolean } = {}): number[] {
  const step = niceStep(to - from, maxTicks, opts.minStep)
  const first = Math.ceil(from / step - 1e-9) * step
  const out: number[] = []
  for (let i = 0; ; i++) {
    const v = round(first + i * step)
    if (v > to + 1e-9 * step) {
      if (opts.cover && (out.length === 0 || out[out.length - 1] < to)) out.push(v)
      break
    }
    out.push(v)
  }
  return out
}

// 0.1 + 0.2: keep ticks exact in decimal
function round(v: number): number {
  return Number.parseFloat(v.toPrecision(12))
}

/**
 * The step axis's ticks for the visible steps [from, to]: multiples of a nice step (0, 50, 100 … over a
 * whole order, finer when the brush zooms in), and of `unit` — on a thinned chart the steps that are rows
 * (chart-rows.ts). They go to recharts as its `ticks`: every step used to be a category tick, and recharts
 * measured each one's text in the DOM, for the axis and again for the grid — seconds of main thread on a
 * 6k-step order.
 */
export function stepTicks(from: number, to: number, maxTicks: number, unit = 1): number[] {
  const step = niceStep(Math.max(1, to - from), maxTicks, unit)
  const out: number[] = []
  for (let k = Math.ceil(from / step) * step; k <= to; k += step) out.push(k)
  return out
}
