/**
 * The partition worker's API (partition.worker.ts implements it, partition-client.ts calls it). Plain data
 * only: the graph, the cluster and plans go in; plans with their timeline (core/partition/timeline.ts), GenEFlow's
 * per-generation progress and the minimum-memory figures come out.
 */
import type { Result } from '../core/errors.ts'
import type { MemoriaGraph } from '../core/graph/types.ts'
import type { MemoryModel } from '../core/memory/ops.ts'
import type { Cluster } from '../core/partition/cluster.ts'
import type { PartitionProgress } from '../core/partition/partition.ts'
import type { Algo } from '../core/partition/plan.ts'
import type { PlanDetail } from '../core/partition/timeline.ts'
import type { CancellableApi } from './worker-client.ts'

export type { Algo, Cluster, PlanDetail }

/** GenEFlow's figures after one generation, as they cross to the page (the best plan goes as a `result`) */
export type GeneflowProgress = Omit<PartitionProgress, 'bestPlan'>

export interface PartitionRequest {
  graph: MemoriaGraph
  cluster: Cluster
  memoryModel: MemoryModel
  seed: number
  /** GenEFlow's generation budget */
  generations: number
  /** the algorithms to run; the baselines first, GenEFlow last */
  algos: Algo[]
}

export type PartitionEvent =
  /** GenEFlow's generations since the last report (each one exactly once, in order) */
  | { kind: 'progress'; generations: GeneflowProgress[] }
  /**
   * A plan, re-evaluated by core's evaluate, with its timeline. `interim`: GenEFlow's best plan so far, sent
   * as generations improve it (at most one per PLAN_MS), replaced by the next and by the final one.
   */
  | { kind: 'result'; algo: Algo; detail: PlanDetail; elapsedMs: number; interim: boolean; fromSeed: string | null }

export interface MinimumRequest {
  graph: MemoriaGraph
  cluster: Cluster
  memoryModel: MemoryModel
  seed: number
  algos: Algo[]
  /** GenEFlow's generation budget for each probe of its bisection (kept small: it runs ~10 times) */
  geneflowGenerations: number
}

export type MinimumEvent =
  /** core's cheap bound: no plan fits a uniform per-device limit below it */
  | { kind: 'bound'; lowerBoundBytes: number }
  /** the smallest uniform per-device limit (to 1 MiB) at which `algo` finds a feasible plan; null: none found */
  | { kind: 'minimum'; algo: Algo; scaleBytes: number | null; runs: number }

export interface PartitionApi extends CancellableApi {
  /** ends GenEFlow at its next generation; the job then sends its best plan so far as final and returns */
  stop(jobId: number): void
  run(jobId: number, req: PartitionRequest, onEvent?: (e: PartitionEvent) => void): Promise<Result<number>>
  minimum(jobId: number, req: MinimumRequest, onEvent?: (e: MinimumEvent) => void): Promise<Result<number>>
}
