import { describe, expect, it } from 'vitest'
import { buildGroupTree } from '../view/groups.ts'
import { residualBlock } from '../partition/test-graphs.ts'
import { weightTotal } from './node-weights.ts'
import type { MemoriaGraph } from './types.ts'

/** residualBlock with its first two weight readers reading one weight (shared), and another weight of unknown size. */
function sharedAndUnknown(): { g: MemoriaGraph; shared: string; readers: number[] } {
  const g = structuredClone(residualBlock())
  const isWeight = (n: string) => g.tensors.find((t) => t.name === n)?.kind === 'weight'
  const readers = g.nodes.map((n, i) => [n, i] as const).filter(([n]) => n.inputs.some(isWeight)).map(([, i]) => i)
  const shared = g.nodes[readers[0]].inputs.find(isWeight)!
  const second = g.nodes[readers[1]]
  const replaced = second.inputs.find(isWeight)!
  second.inputs = second.inputs.map((x) => (x === replaced ? shared : x))
  g.tensors = g.tensors.filter((t) => t.name !== replaced)
  const other = g.nodes[readers[2]].inputs.find(isWeight)!
  g.tensors = g.tensors.map((t) => (t.name === other ? { ...t, dtype: null, bytes: null } : t))
  return { g, shared, readers }
}

describe('weightTotal', () => {
  it('counts a weight read by two nodes once, and a weight of unknown size apart, never as 0', () => {
    const { g, shared, readers } = sharedAndUnknown()
    const sharedBytes = g.tensors.find((t) => t.name === shared)!.bytes!
    const one = weightTotal(g, [readers[0]])
    expect(weightTotal(g, [readers[0], readers[1]]).bytes).toBe(one.bytes + weightTotal(g, [readers[1]]).bytes - sharedBytes)
    const all = weightTotal(g, g.nodes.map((_, i) => i))
    const known = g.tensors.filter((t) => t.kind === 'weight' && t.bytes !== null).reduce((s, t) => s + (t.bytes ?? 0), 0)
    expect(all).toEqual({ bytes: known, unknown: 1 })
  })

  it('is what the graph view shows for a group: the root holds every weight once', () => {
    const { g } = sharedAndUnknown()
    const root = buildGroupTree(g).groups[0]
    expect({ bytes: root.weightBytes, unknown: root.unknownWeights }).toEqual(weightTotal(g, g.nodes.map((_, i) => i)))
  })
})
