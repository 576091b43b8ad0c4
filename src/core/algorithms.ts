/**
 * The one catalogue of the planner's algorithms and memory models: which exist, what they are called on
 * screen, and in which order a run computes them. The command line (its `--algo` and `--memory-model`
 * choices), the workers and the app (their menus, tables and run sequences) all read it here; the
 * algorithms themselves stay in memory/ and partition/. Plain data; no computation.
 *
 * Run order: the baselines first (fast; random's mean is the reference of every reduction in the orders
 * panel), the search last (BTSearch; GenEFlow, which starts from every partition baseline's plan).
 */
import { MEMORY_MODELS, type MemoryModel } from './memory/ops.ts'
import { SCHEDULE_ALGOS, type ScheduleAlgo } from './memory/schedule.ts'
import { ALGOS as PARTITION_ALGOS, type Algo as PartitionAlgo } from './partition/plan.ts'

export { MEMORY_MODELS, PARTITION_ALGOS, SCHEDULE_ALGOS }
export type { MemoryModel, PartitionAlgo, ScheduleAlgo }

/** The memory model a run uses when none is chosen (the app's and the command line's default). */
export const DEFAULT_MEMORY_MODEL: MemoryModel = 'inplace'

export const SCHEDULE_LABELS: Readonly<Record<ScheduleAlgo, string>> = {
  btsearch: 'BTSearch',
  file: 'File order',
  bfs: 'BFS',
  dfs: 'DFS',
  greedy: 'Greedy',
  random: 'Random',
}

/** The schedule baselines, in the order a run computes them (BTSearch after them). */
export const SCHEDULE_BASELINES: readonly ScheduleAlgo[] = SCHEDULE_ALGOS.filter((a) => a !== 'btsearch')

/** Every scheduler in run order: the baselines, then BTSearch. */
export const SCHEDULE_RUN_ORDER: readonly ScheduleAlgo[] = [...SCHEDULE_BASELINES, 'btsearch']

export const PARTITION_LABELS: Readonly<Record<PartitionAlgo, string>> = {
  geneflow: 'GenEFlow',
  single: 'single',
  greedy: 'greedy',
  channel: 'channel',
  spatial: 'spatial',
  pipeline: 'pipeline',
  edgeflow: 'EdgeFlow',
}

/** A partition baseline: every partitioner but the search. */
export type PartitionBaseline = Exclude<PartitionAlgo, 'geneflow'>

/**
 * The partition baselines, in the order a run computes them and GenEFlow seeds from them (core's partition
 * reads this list). EdgeFlow last: it may append its optimised splits to the nodes' alleles, which the seeds
 * before it never see.
 */
export const PARTITION_BASELINES: readonly PartitionBaseline[] = ['single', 'greedy', 'channel', 'spatial', 'pipeline', 'edgeflow']

/** Every partitioner in run order: the baselines, then GenEFlow. */
export const PARTITION_RUN_ORDER: readonly PartitionAlgo[] = [...PARTITION_BASELINES, 'geneflow']
