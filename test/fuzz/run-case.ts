/**
 * One fuzz case through the planner as the command line runs it: load (probe, reader, shape inference,
 * validation; external weights looked up among the case's files) → the known-sizes check → a bounded
 * BTSearch → for a cluster, a bounded GenEFlow partition; for a plan, evaluate. Any throw is classified:
 * a MemoriaError is `typed` (with its code), anything else `untyped`. Hangs and memory are the pool's to see.
 */
import { MemoriaError } from '../../src/core/errors.ts'
import type { MemoriaGraph } from '../../src/core/graph/types.ts'
import { loadModel } from '../../src/core/io/load.ts'
import { schedule } from '../../src/core/memory/schedule.ts'
import { bytesSource } from '../../src/core/onnx/byte-source.ts'
import { validateCluster } from '../../src/core/partition/cluster.ts'
import { evaluate } from '../../src/core/partition/evaluate.ts'
import { partition } from '../../src/core/partition/partition.ts'
import type { Plan } from '../../src/core/partition/plan.ts'
import { requireKnownSizes } from '../../src/cli/open-model.ts'
import { fail, type ErrorCode } from '../../src/core/errors.ts'
import { baseCluster, DEFAULT_MODEL, modelGraph, modelOrder, type Case } from './cases.ts'

export type OutcomeClass = 'ok' | 'typed' | 'untyped' | 'hang' | 'memory'

export interface Outcome {
  class: OutcomeClass
  code?: ErrorCode
  /** the error's message (typed), or name: message + first stack line (untyped) */
  message?: string
  /** where it ended: load, schedule, partition, evaluate */
  stage: string
  ms: number
}

/** The bounds of a case: well inside the pool's 2 s, so a case that honours them never counts as a hang. */
export const SCHEDULE_LIMIT_MS = 300
export const SCHEDULE_MAX_STATES = 200_000
export const PARTITION_MAX_EVALUATIONS = 2000
export const PARTITION_GENERATIONS = 5

const now = (): number => performance.now()

function parseJson(c: Case, code: ErrorCode, what: string): unknown {
  const s = new TextDecoder().decode(c.bytes)
  if (s.trim() === '') fail('FILE_EMPTY', `${c.fileName} is empty; it should hold ${what} as JSON`)
  try {
    return JSON.parse(s.charCodeAt(0) === 0xfeff ? s.slice(1) : s)
  } catch (e) {
    fail(code, `${c.fileName} is not valid JSON (${e instanceof Error ? e.message.replace(/\s+/g, ' ') : String(e)}); it should hold ${what}`)
  }
}

async function loadStage(c: Case): Promise<MemoriaGraph> {
  const files = c.files
  const { graph } = await loadModel(bytesSource(c.bytes), c.fileName, {
    externalData: files === undefined ? undefined : {
      lookup: (loc) => Promise.resolve(Object.hasOwn(files, loc) ? files[loc] : null),
      where: `beside ${c.fileName}`, how: 'put it beside the model to run it',
    },
  })
  return graph
}

export async function runCase(c: Case): Promise<Outcome> {
  const t0 = now()
  let stage = 'load'
  try {
    if (c.kind === 'onnx' || c.kind === 'graph') {
      const graph = await loadStage(c)
      stage = 'schedule'
      requireKnownSizes(graph, 'schedule')
      schedule(graph, { algo: 'btsearch', timeLimitMs: SCHEDULE_LIMIT_MS, maxStates: SCHEDULE_MAX_STATES, now })
    } else if (c.kind === 'cluster') {
      const raw = parseJson(c, 'CLUSTER_INVALID', 'a cluster')
      const cluster = validateCluster(raw)
      const model = c.model ?? DEFAULT_MODEL
      const graph = await modelGraph(model)
      const order = await modelOrder(model)
      stage = 'partition'
      partition(graph, cluster, { generations: PARTITION_GENERATIONS, maxEvaluations: PARTITION_MAX_EVALUATIONS, order })
    } else {
      const raw = parseJson(c, 'PLAN_INVALID', 'a plan')
      if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) fail('PLAN_INVALID', `${c.fileName} is not a plan: a plan is a JSON object with "assignments" (SPEC.md section 4)`)
      stage = 'evaluate'
      evaluate(await modelGraph(c.model ?? DEFAULT_MODEL), baseCluster(), raw as Plan)
    }
    return { class: 'ok', stage, ms: now() - t0 }
  } catch (e) {
    const ms = now() - t0
    if (e instanceof MemoriaError) return { class: e.code === 'INTERNAL' ? 'untyped' : 'typed', code: e.code, message: e.message, stage, ms }
    const err = e instanceof Error ? e : new Error(String(e))
    const at = (err.stack ?? '').split('\n').find((l) => l.trim().startsWith('at ')) ?? ''
    return { class: 'untyped', message: `${err.name}: ${err.message} ${at.trim()}`.slice(0, 600), stage, ms }
  }
}

/**
 * "CODE: what is wrong, and what to do": one line, short enough to read (≤ 600 characters), naming the
 * problem and then, after a `;`, `:`, `—` or a sentence break, what to do.
 */
export function messageShapeProblem(message: string): string | null {
  if (message.includes('\n')) return 'spans several lines'
  if (message.length > 600) return `is ${message.length} characters long`
  if (message.length < 20) return 'is too short to say what is wrong and what to do'
  if (!/(; |: | — |\. )\S+ \S+/.test(message)) return 'has no part saying what to do'
  return null
}
