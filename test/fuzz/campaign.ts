/**
 * The fuzz campaign: a seeded list of cases (ONNX mutants of the sample models, semantic ONNX generators,
 * graph / cluster / plan JSON), run through the pool, and summarised — counts by family and class, every
 * distinct failure (untyped throw, hang, memory) with one case that shows it, and every typed error whose
 * message does not have the `what is wrong, and what to do` shape.
 */
import { createRng } from '../../src/core/random.ts'
import { MUTANT_MODELS, type CaseSpec } from './cases.ts'
import { CLUSTER_JSON, GRAPH_JSON, PLAN_JSON } from './json-cases.ts'
import { BYTE_MUTATORS, PROTO_MUTATORS } from './mutators.ts'
import { FuzzPool } from './pool.ts'
import { messageShapeProblem, type Outcome, type OutcomeClass } from './run-case.ts'
import { SEMANTIC } from './semantic.ts'

export interface CampaignOptions {
  seed: number
  /** ONNX cases: mutants (byte-level and protobuf-aware) + semantic generators */
  onnx: number
  /** JSON cases: graph, cluster and plan documents */
  json: number
  /** share of the ONNX cases drawn from the semantic generators */
  semanticShare?: number
  /** generators left out (the short run leaves out the heavy ones) */
  skip?: string[]
  pool?: FuzzPool
  /** after each case, with the results so far (in the order they finished) */
  onResult?: (done: number, total: number, sofar: CaseResult[]) => void
}

export interface CaseResult {
  spec: CaseSpec
  outcome: Outcome
}

export interface CampaignSummary {
  total: number
  elapsedMs: number
  byFamily: Map<string, Record<OutcomeClass, number>>
  failures: { signature: string; count: number; first: CaseResult }[]
  badMessages: { problem: string; code: string; message: string; spec: CaseSpec }[]
  results: CaseResult[]
}

const weighted = <T extends string>(rng: ReturnType<typeof createRng>, table: Record<T, number>): T => {
  const keys = Object.keys(table) as T[]
  const total = keys.reduce((s, k) => s + table[k], 0)
  let x = rng.next() * total
  for (const k of keys) if ((x -= table[k]) < 0) return k
  return keys[keys.length - 1]
}

/** The cases of a run, the same for the same options. */
export function campaignCases(o: CampaignOptions): CaseSpec[] {
  const rng = createRng(o.seed)
  const skip = new Set(o.skip ?? [])
  const specs: CaseSpec[] = []
  const semanticN = Math.round(o.onnx * (o.semanticShare ?? 0.1))
  const mutators = [...Object.keys(BYTE_MUTATORS), ...Object.keys(PROTO_MUTATORS)].filter((m) => !skip.has(m))
  // small models are drawn more often: a mutant of qwen2 costs ten of vgg13
  const modelWeights = Object.fromEntries(MUTANT_MODELS.map((m, i) => [m, i < 4 || m === 'kitchen-sink' ? 3 : 1])) as Record<string, number>
  for (let i = 0; i < o.onnx - semanticN; i++) {
    specs.push({ family: 'mutant', model: weighted(rng, modelWeights), mutator: mutators[rng.int(mutators.length)], seed: rng.int(2 ** 31) })
  }
  const gens = Object.fromEntries(Object.entries(SEMANTIC).filter(([k]) => !skip.has(k)).map(([k, [, w]]) => [k, w])) as Record<string, number>
  for (let i = 0; i < semanticN; i++) specs.push({ family: 'semantic', gen: weighted(rng, gens), seed: rng.int(2 ** 31) })
  const json: ['graph-json' | 'cluster' | 'plan', string[], number][] = [
    ['graph-json', Object.keys(GRAPH_JSON), 0.4], ['cluster', Object.keys(CLUSTER_JSON), 0.35], ['plan', Object.keys(PLAN_JSON), 0.25],
  ]
  for (const [family, names, share] of json) {
    const list = names.filter((n) => !skip.has(`${family}:${n}`))
    for (let i = 0; i < Math.round(o.json * share); i++) {
      const gen = list[rng.int(list.length)]
      const model = family === 'cluster' && gen === 'devices16plus' ? 'vgg13.onnx' : undefined
      specs.push({ family, gen, seed: rng.int(2 ** 31), ...(model ? { model } : {}) })
    }
  }
  return specs
}

export function specLabel(s: CaseSpec): string {
  switch (s.family) {
    case 'mutant': return `mutant ${s.model} ${s.mutator} seed ${s.seed}`
    case 'file': return `file ${s.path}`
    case 'inline': return `${s.kind} bytes (${s.bytes.length})`
    case 'semantic': return `semantic ${s.gen} seed ${s.seed}`
    default: return `${s.family} ${s.gen} seed ${s.seed}${s.model ? ` (${s.model})` : ''}`
  }
}

/** What makes two failures the same: class, code, stage and the message without its numbers and names. */
export function signature(r: CaseResult): string {
  const gen = r.spec.family === 'mutant' || r.spec.family === 'file' || r.spec.family === 'inline' ? r.spec.family : `${r.spec.family}:${r.spec.gen}`
  const msg = (r.outcome.message ?? '').replace(/"[^"]*"|'[^']*'/g, '…').replace(/\d[\d,.]*/g, 'N').slice(0, 90)
  return `${r.outcome.class} ${r.outcome.code ?? ''} at ${r.outcome.stage} [${gen}] ${msg}`
}

export async function runCampaign(o: CampaignOptions): Promise<CampaignSummary> {
  const specs = campaignCases(o)
  const pool = o.pool ?? new FuzzPool()
  const t0 = performance.now()
  let done = 0
  const sofar: CaseResult[] = []
  const results = await Promise.all(specs.map(async (spec) => {
    let outcome = await pool.run(spec)
    // a hang is a case that passes the limit twice, each time in a fresh child
    if (outcome.class === 'hang') outcome = await pool.run(spec)
    sofar.push({ spec, outcome })
    o.onResult?.(++done, specs.length, sofar)
    return { spec, outcome }
  }))
  if (!o.pool) await pool.close()
  return summarise(results, performance.now() - t0)
}

export function summarise(results: CaseResult[], elapsedMs: number): CampaignSummary {
  const byFamily = new Map<string, Record<OutcomeClass, number>>()
  const failures = new Map<string, { signature: string; count: number; first: CaseResult }>()
  const badMessages: CampaignSummary['badMessages'] = []
  const seenBad = new Set<string>()
  for (const r of results) {
    const fam = r.spec.family === 'mutant' ? `onnx ${r.spec.mutator in PROTO_MUTATORS ? 'protobuf-aware' : 'byte-level'} mutants`
      : r.spec.family === 'semantic' ? 'onnx semantic' : r.spec.family
    const row = byFamily.get(fam) ?? { ok: 0, typed: 0, untyped: 0, hang: 0, memory: 0 }
    row[r.outcome.class]++
    byFamily.set(fam, row)
    if (r.outcome.class === 'typed') {
      const problem = messageShapeProblem(r.outcome.message ?? '')
      const key = `${r.outcome.code} ${problem}`
      if (problem !== null && !seenBad.has(key)) {
        seenBad.add(key)
        badMessages.push({ problem, code: r.outcome.code ?? '', message: r.outcome.message ?? '', spec: r.spec })
      }
    } else if (r.outcome.class !== 'ok') {
      const sig = signature(r)
      const f = failures.get(sig) ?? { signature: sig, count: 0, first: r }
      f.count++
      failures.set(sig, f)
    }
  }
  return { total: results.length, elapsedMs, byFamily, failures: [...failures.values()], badMessages, results }
}
