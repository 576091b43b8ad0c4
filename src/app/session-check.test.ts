import { describe, expect, it } from 'vitest'
import { residualBlock } from '../core/partition/test-graphs.ts'
import { schedule } from '../core/memory/schedule.ts'
import { DEFAULT_CLUSTER } from './plan/cluster-edit.ts'
import { checkSession } from './session-check.ts'

function savedSession() {
  const graph = residualBlock()
  const r = schedule(graph, { algo: 'greedy', memoryModel: 'inplace' })
  return {
    model: { graph, source: { kind: 'sample', name: 'residual' }, fileName: 'residual.onnx', fileBytes: 100, key: 'k1', shapes: {}, rebindable: true, parseMs: 3 },
    bindings: { seq: 128 },
    memoryModel: 'inplace',
    panel: 'orders',
    orders: [
      { ...r, id: 'greedy:inplace:m', modelKey: 'm', stopped: false, finishedAt: 1 },
      { ...r, id: 'broken', modelKey: 'm', peakBytes: 'lots', stopped: false, finishedAt: 2 },
    ],
    orderView: { selectedId: 'greedy:inplace:m', compareIds: [] },
    cluster: DEFAULT_CLUSTER,
    planSettings: { seed: 1, generations: 300, live: true },
    planMinimum: { key: 'm|inplace|1|x', lowerBoundBytes: 1024, byAlgo: { greedy: 2048 }, bisecting: true, done: false },
  }
}

describe('checkSession', () => {
  it('keeps a well-formed session; a bisection saved as running is not running after a reload', () => {
    const { state, dropped } = checkSession({ ...savedSession(), orders: savedSession().orders.slice(0, 1) })
    expect(dropped).toEqual([])
    expect(state.model?.graph.nodes.map((n) => n.name)).toEqual(residualBlock().nodes.map((n) => n.name))
    expect(state.orders).toHaveLength(1)
    expect(state.cluster?.devices).toHaveLength(3)
    expect(state.planMinimum?.bisecting).toBe(false)
    expect(state.panel).toBe('orders')
  })

  it('drops what fails its check, alone, and says why; the rest is restored', () => {
    const s = savedSession()
    const cyclic = structuredClone(s.model.graph)
    // the first node now consumes the last one's output: a cycle core's validateGraph refuses
    cyclic.nodes[0].inputs.push(cyclic.nodes[cyclic.nodes.length - 1].outputs[0])
    const { state, dropped } = checkSession({
      ...s,
      model: { ...s.model, graph: cyclic },
      memoryModel: 'huge',
      cluster: { devices: [{ name: 'a', memoryBytes: -1 }] },
    })
    expect(state.model).toBeUndefined()
    expect(state.memoryModel).toBeUndefined()
    expect(state.cluster).toBeUndefined()
    expect(state.orders?.map((o) => o.id)).toEqual(['greedy:inplace:m'])
    expect(state.bindings).toEqual({ seq: 128 })
    expect(dropped.map((d) => d.split(':')[0])).toEqual(['model', 'memoryModel', 'orders[1]', 'cluster'])
    expect(dropped[0]).toMatch(/cycle/i)
  })
})

describe('a restored model keeps its identity', () => {
  it('googlenet read from the file and restored through the check hash the same (its saved plans and orders still match)', async () => {
    const { openModel } = await import('../cli/open-model.ts')
    const { modelIdentity } = await import('../core/graph/identity.ts')
    const { graph } = await openModel(new URL('../../public/models/googlenet.onnx', import.meta.url).pathname, {})
    const s = savedSession()
    const { state, dropped } = checkSession({ model: { ...s.model, graph: structuredClone(graph) } })
    expect(dropped).toEqual([])
    expect(modelIdentity(state.model!.graph)).toBe(modelIdentity(graph))
  })
})
