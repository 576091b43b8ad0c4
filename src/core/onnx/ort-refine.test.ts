import { describe, expect, it } from 'vitest'
import { buildGraph } from '../graph/build.ts'
import { checkOrder, indexGraph } from '../memory/indexed.ts'
import { ortMemory } from '../memory/ort-alloc.ts'
import { schedule } from '../memory/schedule.ts'
import { branchyCnn } from '../../runtime/samples.ts'
import { bytesSource } from './byte-source.ts'
import { isOrtConstant } from './ort-order.ts'
import { planOrtPinned } from './ort-refine.ts'
import { readOnnx } from './read.ts'

describe('planOrtPinned', () => {
  it('on a branchy CNN: BTSearch\'s inplace-optimal order holds a freed buffer in ORT; the refined order does not', async () => {
    const graph = buildGraph(await readOnnx(bytesSource(branchyCnn())), {})
    const index = new Map(graph.nodes.map((n, i) => [n.name, i]))
    const bt = schedule(graph, { algo: 'btsearch', memoryModel: 'inplace', timeLimitMs: 5000, now: () => performance.now() })
      .order.map((n) => index.get(n) as number)
    const plan = planOrtPinned(graph, { starts: [bt], maxEvaluations: 20_000 })
    expect(plan.startPeaks).toEqual([ortMemory(graph, bt).peakBytes])
    // 139,264 B along BTSearch's order in ORT's allocator; a buffer less at the peak after the search
    expect(plan.startPeaks[0]).toBe(139_264)
    expect(plan.peakBytes).toBe(122_880)
    expect(ortMemory(graph, plan.order).peakBytes).toBe(plan.peakBytes)
    // a topological order of every node ORT runs, each once (the Constants, which ORT never runs, ahead)
    const constants = graph.nodes.map((_, i) => i).filter((i) => isOrtConstant(graph.nodes[i]))
    expect(plan.order.some((v) => constants.includes(v))).toBe(false)
    expect(() => checkOrder(indexGraph(graph), Int32Array.from([...constants, ...plan.order]))).not.toThrow()
    // the same seed, the same plan
    expect(planOrtPinned(graph, { starts: [bt], maxEvaluations: 20_000 }).order).toEqual(plan.order)
  })
})
