/**
 * The one restore step of a saved session (persist.ts): every saved key is checked against the shape the
 * store needs before it reaches the store, so a session written by an older version, cut short, or edited
 * by hand cannot put data into the page that its views would crash on or misread. A key that fails its check
 * is dropped (its initial state stays) and named in `dropped`, with why; an order entry or a plan result
 * that fails is dropped alone and the rest of its list kept. The graph of the open model goes through core's
 * memoria-graph checks (`checkGraphDocument`, `validateGraph`), the cluster through `validateCluster`.
 * Pure: the saved values in, the state to set out. O(size of the session).
 */
import { toErrorInfo } from '../core/errors.ts'
import { checkGraphDocument } from '../core/io/graph-json-check.ts'
import { validateGraph } from '../core/io/validate.ts'
import { MEMORY_MODELS } from '../core/memory/ops.ts'
import { SCHEDULE_ALGOS } from '../core/memory/schedule.ts'
import { validateCluster } from '../core/partition/cluster.ts'
import { ALGOS } from '../core/partition/plan.ts'
import type { AppState } from './store/index.ts'
import { DEFAULT_SETTINGS } from './orders/orders-types.ts'

type Saved = Partial<Record<keyof AppState, unknown>>

export interface SessionCheck {
  state: Partial<AppState>
  /** `key: why` for every saved key (or list item) that was dropped */
  dropped: string[]
}

class Bad extends Error {}
const bad = (why: string): never => {
  throw new Bad(why)
}

const isObj = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x)
function obj(x: unknown, what: string): Record<string, unknown> {
  return isObj(x) ? x : bad(`${what} is not an object`)
}
function str(x: unknown, what: string): string {
  return typeof x === 'string' ? x : bad(`${what} is not a string`)
}
function num(x: unknown, what: string): number {
  return typeof x === 'number' && Number.isFinite(x) ? x : bad(`${what} is not a number`)
}
function int(x: unknown, what: string, min = 0): number {
  return Number.isInteger(x) && (x as number) >= min ? (x as number) : bad(`${what} is not a whole number ≥ ${min}`)
}
function oneOf<T extends string>(x: unknown, options: readonly T[], what: string): T {
  return options.includes(x as T) ? (x as T) : bad(`${what} is ${JSON.stringify(x)}, not one of ${options.join(', ')}`)
}
function strList(x: unknown, what: string): string[] {
  return Array.isArray(x) && x.every((s) => typeof s === 'string') ? x : bad(`${what} is not a list of strings`)
}
function numRecord(x: unknown, what: string): Record<string, number> {
  const o = obj(x, what)
  for (const [k, v] of Object.entries(o)) num(v, `${what}.${k}`)
  return o as Record<string, number>
}
function core<T>(f: () => T): T {
  try {
    return f()
  } catch (e) {
    return bad(toErrorInfo(e).message)
  }
}

const PANELS = ['graph', 'orders', 'devices'] as const

function model(x: unknown): AppState['model'] {
  if (x === null) return null
  const m = obj(x, 'the open model')
  const graph = core(() => {
    const g = checkGraphDocument(m.graph)
    validateGraph(g)
    return g
  })
  const s = obj(m.source, 'its source')
  const source = s.kind === 'sample'
    ? { kind: 'sample' as const, name: str(s.name, 'the sample name') }
    : { kind: 'file' as const, name: str(s.name, 'the file name'), size: num(s.size, 'the file size'), lastModified: num(s.lastModified, 'the file date') }
  if (s.kind !== 'sample' && s.kind !== 'file') bad(`its source is ${JSON.stringify(s.kind)}, not a sample or a file`)
  const shapes = obj(m.shapes ?? {}, 'the shapes given')
  for (const [k, v] of Object.entries(shapes)) if (!Array.isArray(v) || !v.every((d) => Number.isInteger(d) && d >= 0)) bad(`the shape given for ${k} is not a list of sizes`)
  return {
    graph, source, fileName: str(m.fileName, 'the file name'), fileBytes: num(m.fileBytes, 'the file size'), key: str(m.key, 'its key'),
    shapes: shapes as Record<string, number[]>, rebindable: m.rebindable === true, parseMs: num(m.parseMs ?? 0, 'the read time'),
  }
}

function orderSettings(x: unknown): AppState['orderSettings'] {
  const o = obj(x, 'the order settings')
  // a field an older version did not save takes its default; a field of the wrong type is refused
  const d = DEFAULT_SETTINGS
  return {
    algo: o.algo === undefined ? d.algo : oneOf(o.algo, [...SCHEDULE_ALGOS, 'baselines', 'all'] as const, 'the algorithm'),
    timeLimitS: o.timeLimitS === undefined ? d.timeLimitS : num(o.timeLimitS, 'the time limit'),
    maxStates: o.maxStates === undefined || o.maxStates === null ? null : int(o.maxStates, 'the state budget', 1),
    seed: o.seed === undefined ? d.seed : int(o.seed, 'the seed'),
    samples: o.samples === undefined ? d.samples : int(o.samples, 'the samples', 1),
    deviceLimitBytes: o.deviceLimitBytes === undefined || o.deviceLimitBytes === null ? null : num(o.deviceLimitBytes, 'the device limit'),
    lastAlgos: o.lastAlgos === undefined ? [] : strList(o.lastAlgos, 'the last algorithms').map((a) => oneOf(a, SCHEDULE_ALGOS, 'an algorithm')),
  }
}

function orderEntry(x: unknown): AppState['orders'][number] {
  const e = obj(x, 'an order')
  str(e.id, 'its id')
  str(e.modelKey, 'its model')
  oneOf(e.algo, SCHEDULE_ALGOS, 'its algorithm')
  oneOf(e.memoryModel, MEMORY_MODELS, 'its memory model')
  strList(e.order, 'its order')
  num(e.peakBytes, 'its peak')
  num(e.weightBytes, 'its weights')
  num(e.lowerBoundBytes, 'its lower bound')
  num(e.finishedAt, 'its time')
  strList(e.warnings, 'its warnings')
  numRecord(e.symbols, 'its symbols')
  return { ...e, stopped: e.stopped === true, optimal: e.optimal === true } as AppState['orders'][number]
}

function orderView(x: unknown): AppState['orderView'] {
  const v = obj(x, 'the order view')
  return { selectedId: v.selectedId === null ? null : str(v.selectedId, 'the selected order'), compareIds: strList(v.compareIds, 'the compared orders') }
}

function planSettings(x: unknown): AppState['planSettings'] {
  const p = obj(x, 'the plan settings')
  return { seed: int(p.seed, 'the seed'), generations: int(p.generations, 'the generations'), live: p.live === true }
}

function planResult(x: unknown): NonNullable<AppState['planResults']>['results'][keyof NonNullable<AppState['planResults']>['results']] {
  const r = obj(x, 'a plan')
  oneOf(r.algo, ALGOS, 'its algorithm')
  str(r.key, 'its key')
  const detail = obj(r.detail, 'its figures')
  const plan = obj(detail.plan, 'its plan')
  if (!Array.isArray(plan.assignments) || !Array.isArray(plan.devices) || !Array.isArray(plan.order)) bad('its plan lacks assignments, devices or order')
  num(plan.latencyMs, 'its latency')
  obj(detail.trace, 'its timeline')
  return r as never
}

function planResults(x: unknown, dropped: string[]): AppState['planResults'] {
  if (x === null) return null
  const p = obj(x, 'the plans')
  const results: Record<string, unknown> = {}
  for (const [algo, r] of Object.entries(obj(p.results, 'the plans'))) {
    try {
      results[oneOf(algo, ALGOS, 'an algorithm')] = planResult(r)
    } catch (e) {
      if (!(e instanceof Bad)) throw e
      dropped.push(`planResults.${algo}: ${e.message}`)
    }
  }
  return {
    key: str(p.key, 'their key'), modelKey: str(p.modelKey, 'their model'), cluster: core(() => validateCluster(p.cluster)),
    results: results as NonNullable<AppState['planResults']>['results'], selected: oneOf(p.selected, ALGOS, 'the plan shown'),
  }
}

function planMinimum(x: unknown): AppState['planMinimum'] {
  if (x === null) return null
  const m = obj(x, 'the minimum memory')
  const byAlgo = obj(m.byAlgo, 'its figures')
  for (const [a, v] of Object.entries(byAlgo)) {
    oneOf(a, ALGOS, 'an algorithm')
    if (v !== null) num(v, `its figure for ${a}`)
  }
  return {
    key: str(m.key, 'its key'), lowerBoundBytes: m.lowerBoundBytes === null ? null : num(m.lowerBoundBytes, 'its bound'),
    byAlgo: byAlgo as Record<string, number | null>,
    // a bisection saved as running is not running after a reload
    bisecting: false, done: m.done === true,
  }
}

/** Checks each saved key; returns what may be set and what was dropped (and why). */
export function checkSession(saved: Saved): SessionCheck {
  const state: Partial<AppState> = {}
  const dropped: string[] = []
  const put = <K extends keyof AppState>(k: K, check: (x: unknown) => AppState[K]): void => {
    if (saved[k] === undefined) return
    try {
      state[k] = check(saved[k])
    } catch (e) {
      if (!(e instanceof Bad)) throw e
      dropped.push(`${k}: ${e.message}`)
    }
  }
  put('model', model)
  put('bindings', (x) => {
    const b = numRecord(x, 'the bindings')
    for (const [k, v] of Object.entries(b)) int(v, `the binding of ${k}`)
    return b
  })
  put('memoryModel', (x) => oneOf(x, MEMORY_MODELS, 'the memory model'))
  put('panel', (x) => oneOf(x, PANELS, 'the panel'))
  put('orderSettings', orderSettings)
  put('orders', (x) => {
    if (!Array.isArray(x)) return bad('the orders are not a list')
    const ok: AppState['orders'] = []
    x.forEach((e, i) => {
      try {
        ok.push(orderEntry(e))
      } catch (err) {
        if (!(err instanceof Bad)) throw err
        dropped.push(`orders[${i}]: ${err.message}`)
      }
    })
    return ok
  })
  put('orderView', orderView)
  put('cluster', (x) => core(() => validateCluster(x)))
  put('planSettings', planSettings)
  put('planResults', (x) => planResults(x, dropped))
  put('planMinimum', planMinimum)
  return { state, dropped }
}
