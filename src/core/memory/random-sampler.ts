/**
 * The `random` baseline of docs/spec.md section 3 (the paper's "random execution strategy"): N orders, each drawn
 * by picking a uniformly random ready node at every step from one seeded sfc32 stream (core/random.ts); the
 * min, mean (rounded down), median (the lower middle value) and max of their peaks; and the sample nearest
 * the median — the first whose peak equals it, since the lower middle value is one of the samples.
 *
 * Resumable: `step(budget)` draws up to `budget` more samples, so a caller can pause between batches (the
 * command line's Ctrl-C, a worker's messages). Memory O(samples) numbers: the orders are not kept, the one
 * returned is drawn again from the seed. Time O(samples × (nodes + edges)), plus the replay up to the pick.
 */
import { createRng } from '../random.ts'
import { randomOrder } from './baselines.ts'
import type { IndexedGraph } from './indexed.ts'
import type { MemoryModel } from './ops.ts'
import { createWalker } from './walk.ts'

export interface RandomStats { min: number; mean: number; median: number; max: number }

export class RandomSampler {
  private readonly rng
  private readonly walker
  private readonly scratch: Int32Array
  private readonly peaks: number[] = []

  constructor(private readonly ig: IndexedGraph, private readonly model: MemoryModel, private readonly seed: number,
    readonly samples: number) {
    this.rng = createRng(seed)
    this.walker = createWalker(ig)
    this.scratch = new Int32Array(ig.nNodes)
  }

  get drawn(): number {
    return this.peaks.length
  }

  /** Draws up to `budget` more samples; true once all `samples` are drawn. */
  step(budget: number): boolean {
    for (let k = 0; k < budget && this.peaks.length < this.samples; k++) {
      this.peaks.push(this.walker.run(randomOrder(this.ig, this.rng, this.scratch), this.model))
    }
    return this.peaks.length >= this.samples
  }

  /** The statistics over the samples drawn so far (at least one) and the order nearest their median. */
  result(): { order: Int32Array; stats: RandomStats; drawn: number } {
    const peaks = this.peaks
    if (peaks.length === 0) this.step(1)
    const sorted = [...peaks].sort((a, b) => a - b)
    const median = sorted[(sorted.length - 1) >> 1]
    const mean = Math.floor(peaks.reduce((a, b) => a + b, 0) / peaks.length)
    const pick = peaks.indexOf(median)
    const rng = createRng(this.seed)
    let order = randomOrder(this.ig, rng, this.scratch)
    for (let k = 1; k <= pick; k++) order = randomOrder(this.ig, rng, this.scratch)
    return { order, stats: { min: sorted[0], mean, median, max: sorted[sorted.length - 1] }, drawn: peaks.length }
  }
}
