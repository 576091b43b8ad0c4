/**
 * JSON cases: memoria-graph documents, clusters and plans, bent semantically (a cycle, a second producer,
 * no nodes, unknown tensors, prototype-member names; 0 or 10,000 devices, NaN / negative / zero memory or
 * bandwidth, missing fields, wrong types, 16+ devices; unknown nodes or devices, partial plans, shares over
 * the axis or fractional) or by random value replacement. Each generator is `(base, rng) → JSON text`; the
 * bases (a graph, a cluster, a plan) are made once per child process.
 */
import type { Rng } from '../../src/core/random.ts'

type Json = null | boolean | number | string | Json[] | { [k: string]: Json }
type Obj = { [k: string]: Json }
const pick = <T>(rng: Rng, xs: readonly T[]): T => xs[rng.int(xs.length)]
const clone = <T>(x: T): T => structuredClone(x)
const WEIRD: Json[] = [null, -1, 0, 1e308, -1e308, 2 ** 62, 0.5, '', 'x', [], {}, true, '__proto__', [[[]]], { a: { b: 1 } }]

/** Replaces or deletes 1–3 values at random paths (the load-fuzz property, as a generator). */
function randomEdit(doc: Json, rng: Rng): Json {
  const d = clone(doc)
  const paths: (string | number)[][] = []
  const walk = (x: Json, p: (string | number)[]): void => {
    if (p.length > 0) paths.push(p)
    if (Array.isArray(x)) x.forEach((v, i) => walk(v, [...p, i]))
    else if (x !== null && typeof x === 'object') for (const [k, v] of Object.entries(x)) walk(v, [...p, k])
  }
  walk(d, [])
  for (let n = 1 + rng.int(3); n > 0 && paths.length > 0; n--) {
    const p = pick(rng, paths)
    let o: Json = d
    for (const k of p.slice(0, -1)) {
      if (o === null || typeof o !== 'object') break
      o = (o as Record<string | number, Json>)[k]
    }
    if (o === null || typeof o !== 'object' || o === undefined) continue
    const k = p[p.length - 1]
    if (rng.int(4) === 0) {
      if (Array.isArray(o)) o.splice(k as number, 1)
      else delete (o as Obj)[k]
    } else (o as Record<string | number, Json>)[k] = pick(rng, WEIRD)
  }
  return d
}

/** JSON text with non-JSON numbers (NaN, Infinity) in place of one value, or cut short. */
function textual(doc: Json, rng: Rng): string {
  const s = JSON.stringify(doc)
  const v = rng.int(3)
  if (v === 0) return s.replace(/:(-?\d+(\.\d+)?)/, `:${pick(rng, ['NaN', 'Infinity', '-Infinity', '1e999', '0x10'])}`)
  if (v === 1) return s.slice(0, rng.int(s.length))
  return `\uFEFF${s}`
}

// ——— memoria-graph ———
type G = Obj & { nodes: Obj[]; tensors: Obj[]; inputs: string[]; outputs: string[] }
const gcopy = (g: Obj): G => clone(g) as G

export const GRAPH_JSON: Record<string, (g: Obj, rng: Rng) => string> = {
  random: (g, rng) => JSON.stringify(randomEdit(g, rng)),
  textual: (g, rng) => textual(g, rng),
  cycle: (g) => {
    const d = gcopy(g)
    const first = d.nodes[0]
    const last = d.nodes[d.nodes.length - 1]
    ;(first.inputs as string[]).push((last.outputs as string[])[0])
    return JSON.stringify(d)
  },
  duplicateProducer: (g, rng) => {
    const d = gcopy(g)
    const a = d.nodes[rng.int(d.nodes.length)]
    const b = clone(a)
    b.name = `${String(a.name)}_copy`
    d.nodes.push(b)
    return JSON.stringify(d)
  },
  noNodes: (g) => JSON.stringify({ ...gcopy(g), nodes: [] }),
  dangling: (g, rng) => {
    const d = gcopy(g)
    ;(d.nodes[rng.int(d.nodes.length)].inputs as string[]).push('ghost_tensor')
    return JSON.stringify(d)
  },
  protoNames: (g, rng) => {
    const d = gcopy(g)
    const n = pick(rng, ['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf'])
    const old = d.inputs[0]
    const rename = (s: string): string => (s === old ? n : s)
    d.inputs = d.inputs.map(rename)
    for (const t of d.tensors) t.name = rename(t.name as string)
    for (const v of d.nodes) v.inputs = (v.inputs as string[]).map(rename)
    if (rng.int(2) === 0) (d.symbols as Obj)[n] = 3
    return JSON.stringify(d)
  },
  badBytes: (g, rng) => {
    const d = gcopy(g)
    d.tensors[rng.int(d.tensors.length)].bytes = pick(rng, [-5, 0.5, 2 ** 62, 1e308, '12'])
    return JSON.stringify(d)
  },
  notAGraph: (_g, rng) => JSON.stringify(pick(rng, [[], {}, { format: 'memoria-graph' }, { format: 'memoria-graph', version: 2 }, { devices: [] }, { name: 'pkg', version: '1.0.0' }])),
}

// ——— clusters ———
const device = (i: number, over: Obj = {}): Obj => ({ name: `d${i}`, gflops: 10, memoryBytes: 512 * 2 ** 20, bandwidthMbps: 300, latencyMs: 1, ...over })
const cluster = (n: number, over: (i: number) => Obj = () => ({})): Obj =>
  ({ devices: Array.from({ length: n }, (_, i) => device(i, over(i))), router: { broadcast: true }, source: 'd0' })

export const CLUSTER_JSON: Record<string, (base: Obj, rng: Rng) => string> = {
  random: (c, rng) => JSON.stringify(randomEdit(c, rng)),
  textual: (c, rng) => textual(c, rng),
  noDevices: () => JSON.stringify({ devices: [], router: { broadcast: true } }),
  manyDevices: (_c, rng) => JSON.stringify(cluster(pick(rng, [10_000, 1000]))),
  /** the sizes issue 16 names: the pipeline baseline's 2^K state space */
  devices16plus: (_c, rng) => JSON.stringify(cluster(pick(rng, [16, 17, 20, 32, 100]))),
  fewDevices: (_c, rng) => JSON.stringify(cluster(1 + rng.int(8))),
  badNumber: (_c, rng) => {
    const key = pick(rng, ['memoryBytes', 'bandwidthMbps', 'gflops', 'latencyMs'])
    const v = pick(rng, [0, -1, -1e9, 1e-300, 1e308, '512', null, 'NaN'])
    return JSON.stringify(cluster(1 + rng.int(4), (i) => (i === 0 ? { [key]: v } : {})))
  },
  missingField: (_c, rng) => {
    const key = pick(rng, ['name', 'memoryBytes', 'bandwidthMbps', 'gflops', 'latencyMs'])
    const c = cluster(2)
    delete ((c.devices as Obj[])[rng.int(2)])[key]
    return JSON.stringify(c)
  },
  wrongTypes: (_c, rng) => JSON.stringify(pick(rng, [
    { devices: 'pi-a' }, { devices: {} }, { devices: [1, 2] }, { ...cluster(2), router: 'yes' }, { ...cluster(2), source: 3 },
    { ...cluster(2), source: 'nowhere' }, { ...cluster(2), router: { broadcast: 'true' } }, [cluster(2)], 42,
  ])),
  duplicateNames: () => JSON.stringify({ devices: [device(0), device(0)], router: { broadcast: false } }),
  protoNames: (_c, rng) => JSON.stringify(cluster(2, (i): Obj => (i === 1 ? { name: pick(rng, ['constructor', '__proto__', 'toString']) } : {}))),
  tinyMemory: (_c, rng) => JSON.stringify(cluster(1 + rng.int(4), () => ({ memoryBytes: pick(rng, [1, 1000, 2 ** 20]) }))),
}

// ——— plans ———
type P = Obj & { assignments: Obj[]; devices: Obj[] }
const pcopy = (p: Obj): P => clone(p) as P

export const PLAN_JSON: Record<string, (plan: Obj, rng: Rng) => string> = {
  random: (p, rng) => JSON.stringify(randomEdit(p, rng)),
  textual: (p, rng) => textual(p, rng),
  unknownNode: (p, rng) => {
    const d = pcopy(p)
    d.assignments[rng.int(d.assignments.length)].node = pick(rng, ['no_such_node', '', 'constructor', '__proto__'])
    return JSON.stringify(d)
  },
  unknownDevice: (p, rng) => {
    const d = pcopy(p)
    const i = rng.int(d.assignments.length)
    d.assignments[i] = { node: d.assignments[i].node, dim: 'none', device: pick(rng, ['pi-z', '', 'toString']) }
    return JSON.stringify(d)
  },
  partial: (p, rng) => {
    const d = pcopy(p)
    d.assignments = d.assignments.slice(0, rng.int(d.assignments.length))
    return JSON.stringify(d)
  },
  duplicated: (p) => {
    const d = pcopy(p)
    d.assignments.push(clone(d.assignments[0]))
    return JSON.stringify(d)
  },
  sharesOver: (p, rng) => {
    const d = pcopy(p)
    const a = d.assignments[rng.int(d.assignments.length)]
    a.dim = pick(rng, ['channel', 'spatial'])
    a.shares = pick(rng, [[1.5, 0.5, 0, 0], [2, 2, 2, 2], [1e9, 0, 0, 0], [-1, 1, 1, 1], [0.25, 0.25, 0.25, 0.25], [1, 1], []])
    return JSON.stringify(d)
  },
  badDim: (p, rng) => {
    const d = pcopy(p)
    d.assignments[rng.int(d.assignments.length)].dim = pick(rng, ['diagonal', '', null, 3, 'follow'])
    return JSON.stringify(d)
  },
  badOrder: (p, rng) => {
    const d = pcopy(p)
    d.order = pick(rng, [[], ['x'], 'abc', (d.order as Json[]).slice().reverse(), [...(d.order as Json[]), (d.order as Json[])[0]]])
    return JSON.stringify(d)
  },
  wrongFigures: (p, rng) => {
    const d = pcopy(p)
    d.latencyMs = pick(rng, [-1, 'fast', null, 1e308])
    d.memoryModel = pick(rng, ['inplace', 'simple', 'magic', 7])
    return JSON.stringify(d)
  },
}
