/**
 * The one order every partition plans along, in the app (the partition worker) and on the command line
 * (`memoria partition`): BTSearch's minimum-peak order of the whole graph (per-device memory is measured
 * along it, as in the paper), under the memory model the plan is made for.
 *
 * BTSearch is bounded by a state budget, never by a clock, so the same graph and memory model give the same
 * order on any machine and under any load — and with it the same plan for the same cluster and seed. When
 * the budget ends the search unproven, its best order so far is used (still the same on every machine).
 * Complexity: that of BTSearch, at most PARTITION_ORDER_MAX_STATES states; the models of public/models are
 * solved by its bounds and decomposition with a handful of states.
 */
import type { MemoriaGraph } from '../graph/types.ts'
import type { MemoryModel } from '../memory/ops.ts'
import { scheduleInSlices } from '../memory/schedule.ts'

/** BTSearch's state budget for the partition order (a few seconds at most on a hard graph) */
export const PARTITION_ORDER_MAX_STATES = 1_000_000

export interface PartitionOrderOptions {
  /** awaited between search slices (a worker's messages, the CLI's Ctrl-C); default: a resolved promise */
  pause?: () => Promise<void>
  /** ends the search early with its best order so far (that order is then machine-dependent) */
  isCancelled?: () => boolean
  /** the caller's clock, only for the elapsed time BTSearch reports; never a budget */
  now?: () => number
}

const noClock = (): number => 0
const noPause = (): Promise<void> => Promise.resolve()

/**
 * The partition order (node names) of `graph` under `memoryModel`. Always driven by `scheduleInSlices` with
 * its fixed slice size, whoever calls: BTSearch's trajectory (when probes join, where a budget stops it)
 * depends on how its states are sliced, so one path is what makes the order the same everywhere.
 */
export async function partitionOrder(graph: MemoriaGraph, memoryModel: MemoryModel, o: PartitionOrderOptions = {}): Promise<string[]> {
  const r = await scheduleInSlices(graph, {
    algo: 'btsearch', memoryModel, maxStates: PARTITION_ORDER_MAX_STATES, now: o.now ?? noClock, isCancelled: o.isCancelled,
    pause: o.pause ?? noPause,
  })
  return r.order
}
