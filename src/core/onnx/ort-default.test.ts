import { describe, expect, it } from 'vitest'
import { buildGraph } from '../graph/build.ts'
import { ortMemory } from '../memory/ort-alloc.ts'
import { schedule } from '../memory/schedule.ts'
import { bytesSource } from './byte-source.ts'
import { planOrtDefault } from './ort-default.ts'
import { isOrtConstant, ortOrderOfFile } from './ort-order.ts'
import { readOnnx } from './read.ts'
import { branchyCnn, nasCell } from '../../runtime/samples.ts'

describe('planOrtDefault', () => {
  for (const [name, make] of [['a NAS cell', nasCell], ['a branchy CNN', branchyCnn]] as const) {
    it(`on ${name}: the plan is the walk of its own file order, never above the file's or BTSearch's walk`, async () => {
      const graph = buildGraph(await readOnnx(bytesSource(make())), {})
      const index = new Map(graph.nodes.map((n, i) => [n.name, i]))
      const bt = schedule(graph, { algo: 'btsearch', memoryModel: 'inplace', timeLimitMs: 5000, now: () => performance.now() }).order.map((n) => index.get(n) as number)
      const plan = planOrtDefault(graph, { starts: [bt] })
      const walkOf = (file: number[]): number[] => ortOrderOfFile(file.map((v) => graph.nodes[v])).map((i) => file[i])
      // what ORT runs from the plan's file order is the plan's walk, and the figure is the allocator model's
      expect(walkOf(plan.fileOrder)).toEqual(plan.walk)
      expect(plan.peakBytes).toBe(ortMemory(graph, plan.walk).peakBytes)
      expect(plan.walk).toHaveLength(graph.nodes.filter((n) => !isOrtConstant(n)).length)
      const fileWalk = ortMemory(graph, walkOf(graph.nodes.map((_, i) => i))).peakBytes
      const btWalk = ortMemory(graph, walkOf(bt)).peakBytes
      expect(plan.peakBytes).toBeLessThanOrEqual(Math.min(fileWalk, btWalk))
      expect(plan.evaluations).toBeGreaterThan(2)
    })
  }
})
