/**
 * What the partition worker runs (partition.worker.ts exposes `createPartitionApi()`; partition-api.ts is the
 * contract; the unit tests call it in-thread): runs the baselines and GenEFlow (core's `partitionSteps`, the code path of
 * `memoria partition`) along core's partition order (order-policy.ts, computed in slices, kept for the last
 * model and memory model, as the command line computes it), re-evaluates every plan with core's `evaluate` and adds its timeline (core/partition/timeline.ts),
 * and bisects the minimum memory (core's `minimumMemory`).
 *
 * GenEFlow is driven in slices: generations run until SLICE_MS has passed, then the worker yields to its
 * message queue, so a cancel or a stop is read within one slice and one generation. Its per-generation
 * figures go out batched (at most one message per PROGRESS_MS). Its best plan, which core's progress carries
 * whenever it improved, goes out re-evaluated with its timeline (`interim`) at most every PLAN_MS and never
 * taking more than a tenth of the worker's time, so the plan view redraws as generations improve.
 * `stop(jobId)` ends GenEFlow at the next generation and sends its best plan so far as the final one (a
 * cancel warning in it); a cancel (a superseded run) ends the job with CANCELLED. The search does not depend
 * on the slicing: the same seed gives the same plan.
 */
import { memoryLowerBound, minimumMemory } from '../core/partition/min-memory.ts'
import { modelIdentity } from '../core/graph/identity.ts'
import type { MemoriaGraph } from '../core/graph/types.ts'
import type { MemoryModel } from '../core/memory/ops.ts'
import { partitionOrder } from '../core/partition/order-policy.ts'
import { partitionSteps, partitionWithStats } from '../core/partition/partition.ts'
import type { Plan } from '../core/partition/plan.ts'
import type { GeneflowProgress, MinimumEvent, MinimumRequest, PartitionApi, PartitionEvent, PartitionRequest } from './partition-api.ts'
import { tracePlan } from '../core/partition/timeline.ts'
import { checkCancelled, createJobs, emitter, yieldToMessages, type Emit } from './worker-host.ts'

const PROGRESS_MS = 250
const PLAN_MS = 400
const SLICE_MS = 30

const now = (): number => performance.now()

/** The partition order of the last graph asked for (a re-plan after a limit drag does not search again). */
type OrderCache = { key: string; order: string[] } | null

async function orderOf(cache: { last: OrderCache }, graph: MemoriaGraph, memoryModel: MemoryModel, isCancelled: () => boolean): Promise<string[]> {
  const key = `${modelIdentity(graph)}|${JSON.stringify(graph.symbols)}|${memoryModel}`
  if (cache.last?.key === key) return cache.last.order
  const order = await partitionOrder(graph, memoryModel, { pause: yieldToMessages, isCancelled, now })
  // a cancel ends the search early with a best order that depends on when it came: do not keep that one
  checkCancelled(isCancelled, 'the partition')
  cache.last = { key, order }
  return order
}

async function run(req: PartitionRequest, order: string[], emit: Emit<PartitionEvent>, isCancelled: () => boolean, isStopped: () => boolean): Promise<number> {
  const { graph, cluster, memoryModel, seed } = req
  const halt = (): boolean => isCancelled() || isStopped()
  let done = 0
  const baselines = req.algos.filter((a) => a !== 'geneflow')
  for (const algo of baselines) {
    checkCancelled(isCancelled, 'the partition')
    if (isStopped()) return done
    const t0 = now()
    const { plan } = partitionWithStats(graph, cluster, { algo, seed, memoryModel, order, now, isCancelled })
    await emit({ kind: 'result', algo, detail: tracePlan(graph, cluster, plan), elapsedMs: now() - t0, interim: false, fromSeed: null })
    done++
    await yieldToMessages()
  }
  if (!req.algos.includes('geneflow') || isStopped()) return done
  checkCancelled(isCancelled, 'the partition')
  let batch: GeneflowProgress[] = []
  let lastProgress = -Infinity, lastPlan = -Infinity, planGap = PLAN_MS
  let pending: Plan | null = null
  const t0 = now()
  const steps = partitionSteps(graph, cluster, { algo: 'geneflow', seed, memoryModel, order, now, isCancelled: halt, generations: req.generations })
  let sliceAt = now()
  let step = steps.next()
  while (!step.done) {
    const { bestPlan, ...figures } = step.value
    batch.push(figures)
    if (bestPlan) pending = bestPlan
    if (now() - lastProgress >= PROGRESS_MS) {
      void emit({ kind: 'progress', generations: batch })
      batch = []
      lastProgress = now()
    }
    if (pending && now() - lastPlan >= planGap) {
      const t = now()
      const detail = tracePlan(graph, cluster, pending)
      // re-evaluating and tracing a big model's plan is not free: keep it under a tenth of the worker's time
      planGap = Math.max(PLAN_MS, 9 * (now() - t))
      await emit({ kind: 'result', algo: 'geneflow', detail, elapsedMs: now() - t0, interim: true, fromSeed: null })
      pending = null
      lastPlan = now()
    }
    if (now() - sliceAt >= SLICE_MS) {
      await yieldToMessages()
      sliceAt = now()
    }
    step = steps.next()
  }
  if (batch.length > 0) void emit({ kind: 'progress', generations: batch })
  checkCancelled(isCancelled, 'the partition')
  const { plan, stats } = step.value
  await emit({ kind: 'result', algo: 'geneflow', detail: tracePlan(graph, cluster, plan), elapsedMs: now() - t0, interim: false, fromSeed: stats.fromSeed })
  return done + 1
}

async function minimum(req: MinimumRequest, order: string[], emit: Emit<MinimumEvent>, isCancelled: () => boolean): Promise<number> {
  const { graph, cluster, memoryModel, seed } = req
  await emit({ kind: 'bound', lowerBoundBytes: memoryLowerBound(graph, cluster, { order }) })
  let done = 0
  for (const algo of req.algos) {
    await yieldToMessages()
    checkCancelled(isCancelled, 'the minimum-memory search')
    const generations = algo === 'geneflow' ? req.geneflowGenerations : undefined
    const r = minimumMemory(graph, cluster, { algo, seed, memoryModel, generations, order, now, isCancelled })
    await emit({ kind: 'minimum', algo, scaleBytes: r.scaleBytes, runs: r.runs })
    done++
  }
  return done
}

/** The worker's API, as an object (partition.worker.ts exposes it; the unit tests call it in-thread). */
export function createPartitionApi(): PartitionApi {
  const jobs = createJobs()
  const orders = { last: null as OrderCache }
  return {
    cancel: (jobId) => jobs.cancel(jobId),
    stop: (jobId) => jobs.stop(jobId),
    run: (jobId, req, onEvent) => jobs.run(jobId, async (isCancelled, isStopped) => {
      const order = await orderOf(orders, req.graph, req.memoryModel, isCancelled)
      return run(req, order, emitter(onEvent), isCancelled, isStopped)
    }),
    minimum: (jobId, req, onEvent) => jobs.run(jobId, async (isCancelled) => {
      const order = await orderOf(orders, req.graph, req.memoryModel, isCancelled)
      return minimum(req, order, emitter(onEvent), isCancelled)
    }),
  }
}
