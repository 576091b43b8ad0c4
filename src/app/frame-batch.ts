/**
 * Coalesces a worker's progress events into at most one store update per animation frame (issue 11).
 *
 * GenEFlow reports generations, BTSearch its states, many times a second; each report used to be one store
 * update, hence one React render of every subscriber, and on a loaded 2-core machine those renders queued
 * up into main-thread tasks of hundreds of ms. A `FrameBatch` keeps the events that arrive between two
 * frames and hands them to `flush` together, once, in the next frame (or after `maxWaitMs` when frames do
 * not come: a hidden tab still gets its figures, only late).
 *
 * Final events (a finished plan, a result) go through `flushNow`, which first delivers what is pending, so
 * the order of events is kept. `cancel` drops what is pending (a newer run made it worthless).
 */

type Scheduler = {
  request: (cb: () => void) => number
  cancel: (handle: number) => void
}

const raf: Scheduler | null = typeof requestAnimationFrame === 'function'
  ? { request: (cb) => requestAnimationFrame(cb), cancel: (h) => cancelAnimationFrame(h) }
  : null

export class FrameBatch<E> {
  private pending: E[] = []
  private frame: number | null = null
  private timer: ReturnType<typeof setTimeout> | null = null

  /** `flush` receives the events of one frame, oldest first (never an empty list). */
  constructor(private readonly flush: (events: E[]) => void, private readonly maxWaitMs = 250,
    private readonly scheduler: Scheduler | null = raf) {}

  push(e: E): void {
    this.pending.push(e)
    if (this.frame !== null || this.timer !== null) return
    if (this.scheduler !== null) this.frame = this.scheduler.request(() => this.run())
    // frames stop in a background tab: a timer makes sure the figures still arrive
    this.timer = setTimeout(() => this.run(), this.maxWaitMs)
  }

  /** Delivers what is pending now (before a final event is applied). */
  flushNow(): void {
    this.run()
  }

  cancel(): void {
    this.clear()
    this.pending = []
  }

  private clear(): void {
    if (this.frame !== null && this.scheduler !== null) this.scheduler.cancel(this.frame)
    if (this.timer !== null) clearTimeout(this.timer)
    this.frame = null
    this.timer = null
  }

  private run(): void {
    this.clear()
    if (this.pending.length === 0) return
    const events = this.pending
    this.pending = []
    this.flush(events)
  }
}
