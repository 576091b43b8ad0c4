/**
 * Per-device activation peaks along the schedule order, under the memory models of docs/spec.md section 2, with
 * per-device tensor sizes: a device holds its slice of a tensor plus the pieces it received (receive
 * buffers), and nothing of a tensor it never touches.
 *
 * The walk itself is the shared one (src/core/memory/walk.ts, `Walker.run` with per-tensor byte overrides):
 * liveness follows the global order, so a device's buffer lives from the step its tensor is produced to the
 * step of its last consumer anywhere — the same rule on every device and in `evaluate`. O(K · (N + E)) per
 * plan, allocation-free after construction.
 */

import type { MemoryModel } from '../memory/ops'
import { createWalker, walkBytes, type Walker } from '../memory/walk'
import type { Problem } from './problem'

export type { MemoryModel }

export class DeviceMemory {
  private readonly walker: Walker
  private readonly scratch: Float64Array
  constructor(private readonly p: Problem, private readonly model: MemoryModel) {
    this.walker = createWalker(p.ig)
    this.scratch = new Float64Array(p.nT)
  }

  /** Activation peak of each device; devBytes is indexed t·K + j (Sim.devBytes). */
  peaks(devBytes: Float64Array, out: Float64Array): Float64Array {
    const { p, scratch } = this
    const K = p.K
    for (let j = 0; j < K; j++) {
      for (let t = 0; t < p.nT; t++) scratch[t] = devBytes[t * K + j]
      out[j] = Math.round(this.walker.run(p.order, this.model, scratch))
    }
    return out
  }

  /** The one-device curve (full sizes): live bytes while each step runs, step 0 = graph inputs. */
  fullCurve(): Float64Array {
    return walkBytes(this.p.ig, this.p.order, this.model, undefined, this.walker).duringBytes
  }
}
