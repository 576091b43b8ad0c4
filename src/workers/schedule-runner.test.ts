// The schedule worker's logic, called in-thread (the worker only exposes it over comlink): results equal
// core's `schedule`, a stop keeps the best order (a valid order whose walk gives the reported peak), a
// cancel discards it, and the reordered-ONNX plan covers the file.
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import type { MemoriaGraph, NodeInfo, TensorInfo } from '../core/graph/types.ts'
import { indexGraph, orderFromNames } from '../core/memory/indexed.ts'
import { schedule } from '../core/memory/schedule.ts'
import { NAMED } from '../core/memory/test-graphs.ts'
import { walkBytes } from '../core/memory/walk.ts'
import { bytesSource } from '../core/onnx/byte-source.ts'
import { writePinnedOnnx } from '../core/onnx/pin-export.ts'
import { readOnnx } from '../core/onnx/read.ts'
import type { ScheduleEvent } from './schedule-api.ts'
import type { ScheduleAlgo, ScheduleRequest } from './schedule-protocol.ts'
import { createScheduleApi } from './schedule-runner.ts'

const req = (algo: ScheduleAlgo, over: Partial<ScheduleRequest> = {}): ScheduleRequest => ({
  algo, memoryModel: 'simple', timeLimitMs: 10_000, maxStates: null, seed: 1, samples: 20, ...over,
})

/** A random-wired DAG on which BTSearch runs for seconds (unproven after 20 s under inplace, 5 s under simple). */
function hardGraph(n = 300, seed = 13, window = 48): MemoriaGraph {
  let s = seed >>> 0
  const rnd = () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 4294967296
  const tensors: TensorInfo[] = [{ name: 'x', kind: 'input', dtype: 'float32', shape: [1, 16384], bytes: 65536 }]
  const nodes: NodeInfo[] = []
  const consumed = new Set<string>()
  const outs = ['x']
  for (let i = 0; i < n; i++) {
    const ins = new Set<string>()
    for (let j = 0, k = 1 + Math.floor(rnd() * 3); j < k; j++) {
      const lo = Math.max(0, outs.length - window)
      ins.add(outs[lo + Math.floor(rnd() * (outs.length - lo))])
    }
    const elems = 16384 * [1, 2, 3, 5, 8][Math.floor(rnd() * 5)]
    tensors.push({ name: `t${i}`, kind: 'activation', dtype: 'float32', shape: [1, elems], bytes: elems * 4 })
    for (const t of ins) consumed.add(t)
    nodes.push({ name: `n${i}`, op: ins.size > 1 ? 'Sum' : 'Conv', domain: '', inputs: [...ins], outputs: [`t${i}`], attributes: {}, flops: 1 })
    outs.push(`t${i}`)
  }
  tensors.push({ name: 'y', kind: 'output', dtype: 'float32', shape: [1, 16], bytes: 64 })
  nodes.push({ name: 'head', op: 'Sum', domain: '', inputs: outs.filter((t) => !consumed.has(t)), outputs: ['y'], attributes: {}, flops: 1 })
  return { format: 'memoria-graph', version: 1, name: 'hard', producer: 'test', opset: { '': 13 }, symbols: {},
    inputs: ['x'], outputs: ['y'], tensors, nodes }
}

function walkPeak(graph: MemoriaGraph, order: string[], model: 'simple' | 'inplace'): number {
  const ig = indexGraph(graph)
  return walkBytes(ig, orderFromNames(ig, order), model).peakBytes
}

describe('schedule runner', () => {
  it('runs every algorithm in turn, each result equal to core schedule', async () => {
    const api = createScheduleApi()
    const g = NAMED.forkJoin
    const events: ScheduleEvent[] = []
    const algos: ScheduleAlgo[] = ['file', 'bfs', 'dfs', 'greedy', 'random', 'btsearch']
    for (const memoryModel of ['simple', 'inplace'] as const) {
      events.length = 0
      const r = await api.run(1, g, algos.map((a) => req(a, { memoryModel })), (e) => void events.push(e))
      expect(r).toEqual({ ok: true, value: { completed: 6, stopped: false } })
      const results = events.flatMap((e) => (e.kind === 'result' ? [e.outcome] : []))
      expect(results.map((o) => o.algo)).toEqual(algos)
      for (const o of results) {
        const core = schedule(g, { algo: o.algo, memoryModel, seed: 1, samples: 20, timeLimitMs: 10_000, now: () => 0 })
        // the whole result, field by field (what the page shows is what `schedule --json` prints)
        const { staticBoundBytes, ...rest } = o
        expect({ ...rest, elapsedMs: 0 }).toEqual({ ...core, elapsedMs: 0 })
        expect(o.samples).toBe(o.algo === 'random' ? 20 : undefined)
        expect(staticBoundBytes).toBeLessThanOrEqual(o.lowerBoundBytes)
        if (o.algo !== 'random') expect(walkPeak(g, o.order, memoryModel)).toBe(o.peakBytes)
      }
    }
  })

  it('stops a long search and returns its best order, valid and walked', async () => {
    const api = createScheduleApi()
    const g = hardGraph()
    const events: ScheduleEvent[] = []
    let asked = false
    const r = await api.run(7, g, [req('btsearch', { memoryModel: 'inplace', timeLimitMs: 60_000 })], (e) => {
      events.push(e)
      if (!asked && e.kind === 'progress' && e.progress.states > 0) {
        asked = true
        setTimeout(() => api.stop(7), 100)
      }
    })
    expect(r).toEqual({ ok: true, value: { completed: 1, stopped: true } })
    const result = events.find((e) => e.kind === 'result')
    expect(result?.kind === 'result' && result.stopped).toBe(true)
    if (result?.kind !== 'result') return
    const o = result.outcome
    expect(o.optimal).toBe(false)
    expect(o.states).toBeGreaterThan(0)
    expect(o.elapsedMs).toBeLessThan(30_000)
    expect(walkPeak(g, o.order, 'inplace')).toBe(o.peakBytes)
    expect(o.peakBytes).toBeGreaterThanOrEqual(o.lowerBoundBytes)
    // the best order also travelled with the progress reports (a terminated worker loses nothing)
    const carried = events.filter((e) => e.kind === 'progress' && e.progress.bestOrder)
    expect(carried.length).toBeGreaterThan(0)
  }, 60_000)

  it('a search ended by its state budget: the outcome is core\'s (`schedule --json`), and its gap is against the bound it reports', async () => {
    const api = createScheduleApi()
    const g = hardGraph()
    const events: ScheduleEvent[] = []
    await api.run(9, g, [req('btsearch', { memoryModel: 'inplace', maxStates: 1000 })], (e) => void events.push(e))
    const result = events.find((e) => e.kind === 'result')
    if (result?.kind !== 'result') throw new Error('no result')
    const o = result.outcome
    const core = schedule(g, { algo: 'btsearch', memoryModel: 'inplace', maxStates: 1000, timeLimitMs: 10_000 })
    const { staticBoundBytes, ...rest } = o
    expect({ ...rest, elapsedMs: 0 }).toEqual({ ...core, elapsedMs: 0 })
    expect(o.optimal).toBe(false)
    // the search and the cut bounds raised the bound above the static one: the gap is quoted against the raised one
    expect(o.lowerBoundBytes).toBeGreaterThan(staticBoundBytes ?? Infinity)
    const above = (((o.peakBytes - o.lowerBoundBytes) / o.lowerBoundBytes) * 100).toFixed(2)
    const gap = `the peak is at most ${above}% above the optimum`
    const bound = `lower bound ${o.lowerBoundBytes.toLocaleString('en-US')} bytes`
    expect(o.warnings).toHaveLength(1)
    expect(o.warnings[0]).toMatch(/^state limit reached: this is the best order found so far, not proven optimal; /)
    for (const text of [o.warnings[0], o.explanation ?? '']) {
      expect(text).toContain(gap)
      expect(text).toContain(bound)
    }
  }, 60_000)

  it('a stop during random with many samples is read between batches: the samples drawn so far are the result', async () => {
    const api = createScheduleApi()
    const g = hardGraph()
    const events: ScheduleEvent[] = []
    setTimeout(() => api.stop(11), 200)
    const t0 = performance.now()
    const r = await api.run(11, g, [req('random', { samples: 10_000_000 })], (e) => void events.push(e))
    expect(performance.now() - t0).toBeLessThan(5000)
    expect(r.ok).toBe(true)
    const result = events.find((e) => e.kind === 'result')
    if (result?.kind !== 'result') throw new Error('no result')
    expect(result.outcome.warnings.at(-1)).toMatch(/^cancelled after [\d,]+ samples; the figures cover those$/)
    // the page says the mean is over the samples drawn, not over the ten million asked for
    expect(result.outcome.warnings.at(-1)).toBe(`cancelled after ${result.outcome.samples!.toLocaleString('en-US')} samples; the figures cover those`)
    expect(result.outcome.samples).toBeLessThan(10_000_000)
  }, 30_000)

  it('answers CANCELLED to a cancel, and skips what follows a stop', async () => {
    const api = createScheduleApi()
    const g = hardGraph()
    let asked = false
    const cancelled = await api.run(3, g, [req('btsearch', { timeLimitMs: 60_000 })], (e) => {
      if (!asked && e.kind === 'progress' && e.progress.states > 0) {
        asked = true
        setTimeout(() => api.cancel(3), 50)
      }
    })
    expect(cancelled).toMatchObject({ ok: false, error: { code: 'CANCELLED' } })

    const events: ScheduleEvent[] = []
    asked = false
    const stopped = await api.run(4, g, [req('btsearch', { timeLimitMs: 60_000 }), req('file'), req('dfs')], (e) => {
      events.push(e)
      if (!asked && e.kind === 'progress' && e.progress.states > 0) {
        asked = true
        setTimeout(() => api.stop(4), 50)
      }
    })
    expect(stopped).toEqual({ ok: true, value: { completed: 1, stopped: true } })
    expect(events.filter((e) => e.kind === 'result')).toHaveLength(1)
  }, 60_000)

  it('plans the reordered ONNX as slices covering the whole file', async () => {
    const api = createScheduleApi()
    const bytes = new Uint8Array(readFileSync(new URL('../../public/models/squeezenet1_1.onnx', import.meta.url)))
    const raw = await readOnnx(bytesSource(bytes))
    const n = raw.nodes.length
    const r = await api.reorderedRanges(5, new Blob([bytes]), Array.from({ length: n }, (_, i) => n - 1 - i))
    expect(r.ok).toBe(true)
    if (r.ok) expect(r.value.reduce((s, x) => s + x.length, 0)).toBe(bytes.length)
    const wrong = await api.reorderedRanges(6, new Blob([bytes]), [0, 1])
    expect(wrong).toMatchObject({ ok: false, error: { code: 'ARG_INVALID' } })
  })

  it('plans the pinned ONNX as the pieces whose bytes are core\'s pinned export', async () => {
    const api = createScheduleApi()
    const bytes = new Uint8Array(readFileSync(new URL('../../public/models/squeezenet1_1.onnx', import.meta.url)))
    const raw = await readOnnx(bytesSource(bytes))
    const order = Array.from({ length: raw.nodes.length }, (_, i) => i)
    const r = await api.pinnedPieces(7, new Blob([bytes]), order)
    expect(r.ok).toBe(true)
    if (!r.ok) return
    const joined = r.value.pieces.flatMap((p) => p instanceof Uint8Array ? [...p] : [...bytes.subarray(p.offset, p.offset + p.length)])
    const expected: number[] = []
    for await (const c of writePinnedOnnx(bytesSource(bytes), raw, order)) expected.push(...c)
    expect(joined).toEqual(expected)
    expect(r.value.ties).toBeGreaterThanOrEqual(0)
    expect(await api.pinnedPieces(8, new Blob([bytes]), [0])).toMatchObject({ ok: false, error: { code: 'ARG_INVALID' } })
  })
})
