/**
 * The partition worker: runs the baselines and GenEFlow (core's `partitionWithStats`, the code path of
 * `memoria partition`), re-evaluates every plan with core's `evaluate` and adds its timeline (plan-trace.ts),
 * and bisects the minimum memory (core's `minimumMemory`).
 *
 * GenEFlow is one synchronous call: its per-generation progress goes out through the job's progress proxy
 * while it runs (batched, at most one message per PROGRESS_MS), but a cancel message cannot be read until it
 * returns — the client therefore ends a superseded GenEFlow run by terminating this worker (partition-client).
 * Core's progress carries figures, not the plan, so the plan is redrawn from an interim run: the same seed
 * cut at CHECKPOINT generations, which is exactly the state of the full run at that generation (budgets
 * count generations; the full run then reports only the generations after it).
 */
import * as Comlink from 'comlink'
import type { Result } from '../core/errors.ts'
import type { GeneflowProgress } from '../core/partition/geneflow.ts'
import { memoryLowerBound, minimumMemory } from '../core/partition/min-memory.ts'
import { partitionWithStats } from '../core/partition/partition.ts'
import type { MinimumEvent, MinimumRequest, PartitionApi, PartitionEvent, PartitionRequest } from './partition-api.ts'
import { tracePlan } from './plan-trace.ts'
import { checkCancelled, createJobs } from './worker-host.ts'

const PROGRESS_MS = 250
const CHECKPOINT = 12

const jobs = createJobs()
const now = (): number => performance.now()
const yieldToMessages = (): Promise<void> => new Promise((r) => setTimeout(r, 0))

/**
 * Sends an event through the job's progress proxy. The proxy has its own message port, so nothing orders its
 * messages before the job's reply: results are awaited (handled by the page before the job settles).
 */
type Emit<E> = (e: E) => Promise<void>
function emitter<E>(onEvent: ((e: E) => void) | undefined): Emit<E> {
  // a rejected proxy call (the page went away) must not become an unhandled error here
  return (e) => (onEvent ? Promise.resolve(onEvent(e)).catch(() => {}) : Promise.resolve())
}

async function run(req: PartitionRequest, emit: Emit<PartitionEvent>, isCancelled: () => boolean): Promise<number> {
  const { graph, cluster, memoryModel, seed } = req
  let done = 0
  const baselines = req.algos.filter((a) => a !== 'geneflow')
  for (const algo of baselines) {
    checkCancelled(isCancelled, 'the partition')
    const t0 = now()
    const { plan } = partitionWithStats(graph, cluster, { algo, seed, memoryModel, now, isCancelled })
    await emit({ kind: 'result', algo, detail: tracePlan(graph, cluster, plan), elapsedMs: now() - t0, interim: false, fromSeed: null })
    done++
    await yieldToMessages()
  }
  if (!req.algos.includes('geneflow')) return done
  checkCancelled(isCancelled, 'the partition')
  let batch: GeneflowProgress[] = []
  let last = -Infinity
  let sentUpTo = 0
  const onProgress = (p: GeneflowProgress): void => {
    if (p.generation <= sentUpTo) return // already reported by the interim run (same seed, same generations)
    batch.push(p)
    if (now() - last >= PROGRESS_MS) flush()
  }
  const flush = (): void => {
    if (batch.length === 0) return
    sentUpTo = batch[batch.length - 1].generation
    void emit({ kind: 'progress', generations: batch })
    batch = []
    last = now()
  }
  const t0 = now()
  const opts = { algo: 'geneflow' as const, seed, memoryModel, now, isCancelled, onProgress }
  if (req.generations > CHECKPOINT) {
    const interim = partitionWithStats(graph, cluster, { ...opts, generations: CHECKPOINT })
    flush()
    // a run that stopped early has converged: it is the final plan
    if ((interim.plan.generations ?? 0) < CHECKPOINT) {
      await emit({ kind: 'result', algo: 'geneflow', detail: tracePlan(graph, cluster, interim.plan), elapsedMs: now() - t0, interim: false, fromSeed: interim.stats.fromSeed })
      return done + 1
    }
    await emit({ kind: 'result', algo: 'geneflow', detail: tracePlan(graph, cluster, interim.plan), elapsedMs: now() - t0, interim: true, fromSeed: interim.stats.fromSeed })
    await yieldToMessages()
    checkCancelled(isCancelled, 'the partition')
  }
  const full = partitionWithStats(graph, cluster, { ...opts, generations: req.generations })
  flush()
  await emit({ kind: 'result', algo: 'geneflow', detail: tracePlan(graph, cluster, full.plan), elapsedMs: now() - t0, interim: false, fromSeed: full.stats.fromSeed })
  return done + 1
}

async function minimum(req: MinimumRequest, emit: Emit<MinimumEvent>, isCancelled: () => boolean): Promise<number> {
  const { graph, cluster, memoryModel, seed } = req
  await emit({ kind: 'bound', lowerBoundBytes: memoryLowerBound(graph, cluster) })
  let done = 0
  for (const algo of req.algos) {
    await yieldToMessages()
    checkCancelled(isCancelled, 'the minimum-memory search')
    const generations = algo === 'geneflow' ? req.geneflowGenerations : undefined
    const r = minimumMemory(graph, cluster, { algo, seed, memoryModel, generations, now, isCancelled })
    await emit({ kind: 'minimum', algo, scaleBytes: r.scaleBytes, runs: r.runs })
    done++
  }
  return done
}

const api: PartitionApi = {
  cancel: (jobId) => jobs.cancel(jobId),
  run(jobId, req, onEvent): Promise<Result<number>> {
    return jobs.run(jobId, (isCancelled) => run(req, emitter(onEvent), isCancelled))
  },
  minimum(jobId, req, onEvent): Promise<Result<number>> {
    return jobs.run(jobId, (isCancelled) => minimum(req, emitter(onEvent), isCancelled))
  },
}

Comlink.expose(api)
