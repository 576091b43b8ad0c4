/**
 * Fuzz cases: a `CaseSpec` names a case by how to make it (model + mutator + seed, generator + seed, or a
 * corpus file), so the parent sends a few bytes to a child and the child rebuilds the input itself;
 * `materialize` does that. Bases (the sample models' bytes, a graph JSON, a cluster, a plan) are made once
 * per process and cached.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { writeGraphJson } from '../../src/core/io/graph-json.ts'
import { loadModel } from '../../src/core/io/load.ts'
import type { MemoriaGraph } from '../../src/core/graph/types.ts'
import { bytesSource } from '../../src/core/onnx/byte-source.ts'
import { kitchenSinkModel } from '../../src/core/onnx/testing.ts'
import { partition } from '../../src/core/partition/partition.ts'
import { schedule } from '../../src/core/memory/schedule.ts'
import { createRng } from '../../src/core/random.ts'
import { CLUSTER_JSON, GRAPH_JSON, PLAN_JSON } from './json-cases.ts'
import { MUTATORS } from './mutators.ts'
import { SEMANTIC } from './semantic.ts'

export const ROOT = join(import.meta.dirname, '../..')
export const MODELS_DIR = join(ROOT, 'public/models')
export const CORPUS_DIR = join(import.meta.dirname, 'corpus')
export const BASE_CLUSTER = join(ROOT, 'bench/clusters/pi-homogeneous.json')

export type CaseKind = 'onnx' | 'graph' | 'cluster' | 'plan'

export type CaseSpec =
  | { family: 'mutant'; model: string; mutator: string; seed: number }
  | { family: 'semantic'; gen: string; seed: number }
  | { family: 'graph-json' | 'cluster' | 'plan'; gen: string; seed: number; model?: string }
  | { family: 'file'; path: string; kind: CaseKind; model?: string; files?: Record<string, number> }
  /** bytes sent along (the minimiser's candidates) */
  | { family: 'inline'; bytes: Uint8Array; kind: CaseKind; model?: string; files?: Record<string, number> }

export interface Case {
  kind: CaseKind
  bytes: Uint8Array
  fileName: string
  /** the model a cluster or plan goes with (a public/models file) */
  model?: string
  /** data files beside an ONNX model (name → size); absent: no folder to look in */
  files?: Record<string, number>
}

/**
 * The models the mutants are made from; the kitchen sink has external, sparse and nested-subgraph parts.
 * qwen2_0_5b is left out: loading it alone takes ~0.6 s on a loaded 2-core machine, too near the 2 s limit.
 */
export const MUTANT_MODELS = ['vgg13.onnx', 'squeezenet1_1.onnx', 'resnet50.onnx', 'googlenet.onnx', 'mobilenet_v3_large.onnx',
  'regnet_y_400mf.onnx', 'inception_v3.onnx', 'gpt2.onnx', 'bert_base.onnx', 'squeezenet1_1.full.onnx', 'kitchen-sink']
export const DEFAULT_MODEL = 'squeezenet1_1.onnx'

const cache = new Map<string, unknown>()
function once<T>(key: string, make: () => T): T {
  if (!cache.has(key)) cache.set(key, make())
  return cache.get(key) as T
}

export function modelFileBytes(model: string): Uint8Array {
  return once(`bytes:${model}`, () => model === 'kitchen-sink' ? kitchenSinkModel() : new Uint8Array(readFileSync(join(MODELS_DIR, model))))
}

export async function modelGraph(model: string): Promise<MemoriaGraph> {
  const key = `graph:${model}`
  if (!cache.has(key)) cache.set(key, (await loadModel(bytesSource(modelFileBytes(model)), model)).graph)
  return cache.get(key) as MemoriaGraph
}

export function baseCluster(): Record<string, unknown> {
  return once('cluster', () => JSON.parse(readFileSync(BASE_CLUSTER, 'utf8')) as Record<string, unknown>)
}

/** BTSearch's order of a sample model (bounded), as partition plans along it. */
export async function modelOrder(model: string): Promise<string[]> {
  const g = await modelGraph(model)
  return once(`order:${model}`, () => schedule(g, { algo: 'btsearch', timeLimitMs: 1000, now: () => performance.now() }).order)
}

async function basePlan(model: string): Promise<Record<string, unknown>> {
  const g = await modelGraph(model)
  const order = await modelOrder(model)
  return once(`plan:${model}`, () => partition(g, baseCluster(), { generations: 3, order }) as unknown as Record<string, unknown>)
}

const text = (s: string): Uint8Array => new TextEncoder().encode(s)

export async function materialize(spec: CaseSpec): Promise<Case> {
  const rng = createRng(spec.family === 'file' || spec.family === 'inline' ? 0 : spec.seed)
  switch (spec.family) {
    case 'mutant': {
      const m = MUTATORS[spec.mutator]
      if (!m) throw new Error(`no mutator ${spec.mutator}`)
      return { kind: 'onnx', bytes: m(modelFileBytes(spec.model), rng), fileName: spec.model }
    }
    case 'semantic': {
      const g = SEMANTIC[spec.gen]
      if (!g) throw new Error(`no generator ${spec.gen}`)
      const c = g[0](rng)
      return { kind: 'onnx', bytes: c.bytes, files: c.files, fileName: 'fuzz.onnx' }
    }
    case 'graph-json': {
      const base = JSON.parse(writeGraphJson(await modelGraph(spec.model ?? DEFAULT_MODEL))) as Record<string, never>
      return { kind: 'graph', bytes: text(GRAPH_JSON[spec.gen](base, rng)), fileName: 'graph.json' }
    }
    case 'cluster': {
      const model = spec.model ?? DEFAULT_MODEL
      return { kind: 'cluster', bytes: text(CLUSTER_JSON[spec.gen](baseCluster() as Record<string, never>, rng)), fileName: 'cluster.json', model }
    }
    case 'plan': {
      const model = spec.model ?? DEFAULT_MODEL
      return { kind: 'plan', bytes: text(PLAN_JSON[spec.gen](await basePlan(model) as Record<string, never>, rng)), fileName: 'plan.json', model }
    }
    case 'inline':
      return { kind: spec.kind, bytes: spec.bytes, fileName: spec.kind === 'onnx' ? 'fuzz.onnx' : `${spec.kind}.json`, model: spec.model, files: spec.files }
    case 'file':
      return { kind: spec.kind, bytes: new Uint8Array(readFileSync(spec.path)), fileName: spec.path.split('/').pop() as string, model: spec.model, files: spec.files }
  }
}
