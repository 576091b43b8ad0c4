import { describe, expect, it } from 'vitest'
import type { MemoriaGraph, NodeInfo, TensorInfo } from '../graph/types.ts'
import { MAX_BLOCK_ITEMS, splitIntoBlocks } from './blocks.ts'
import { foldTargets } from './fold.ts'
import { buildGroupTree } from './groups.ts'
import { syntheticTransformer } from './synthetic.ts'
import { allGroups, visibleGraph } from './visible.ts'

/** x → Reshape(x, Cast(Constant)) → Add(·, Transpose(w)) → y, plus an unread Constant and one that is an output */
function small(): MemoriaGraph {
  const t = (name: string, kind: TensorInfo['kind']): TensorInfo => ({ name, kind, dtype: 'float32', shape: [4], bytes: 16 })
  const n = (name: string, op: string, inputs: string[], outputs: string[], flops = 0): NodeInfo =>
    ({ name, op, domain: '', inputs, outputs, attributes: {}, flops })
  return {
    format: 'memoria-graph', version: 1, name: 'small', producer: 't', opset: { '': 17 }, symbols: {},
    inputs: ['x'], outputs: ['y', 'c3'],
    tensors: [t('x', 'input'), t('w', 'weight'), t('c1', 'activation'), t('c1b', 'activation'), t('r', 'activation'),
      t('wt', 'activation'), t('y', 'output'), t('c2', 'activation'), t('c3', 'output')],
    nodes: [
      n('Constant_0', 'Constant', [], ['c1']),
      n('Cast_1', 'Cast', ['c1'], ['c1b']),
      n('Reshape_2', 'Reshape', ['x', 'c1b'], ['r']),
      n('Transpose_3', 'Transpose', ['w'], ['wt']),
      n('Add_4', 'Add', ['r', 'wt'], ['y'], 4),
      n('Constant_5', 'Constant', [], ['c2']),
      n('Constant_6', 'Constant', [], ['c3']),
    ],
  }
}

describe('foldTargets', () => {
  it('folds Constants and weight-only chains into the first node drawn that reads them', () => {
    const f = foldTargets(small())
    // Constant → Cast → Reshape: both into Reshape; weight → Transpose into Add
    expect([...f]).toEqual([2, 2, -1, 4, -1, -1, -1])
  })

  it('the visible graph leaves folded nodes out, with their edges, and says how many', () => {
    const g = small()
    const tree = buildGroupTree(g)
    const folded = visibleGraph(g, tree, allGroups(tree), tree.fold)
    expect(folded.items.map((i) => g.nodes[i.index].name).sort()).toEqual(['Add_4', 'Constant_5', 'Constant_6', 'Reshape_2'])
    expect(folded.nodesFolded).toBe(3)
    expect(folded.edges.map((e) => e.id)).toEqual(['n2>n4'])
    expect(folded.repOfNode[0]).toBe('n2')
    const plain = visibleGraph(g, tree, allGroups(tree), null)
    expect(plain.items.length).toBe(7)
    expect(plain.nodesFolded).toBe(0)
    expect(plain.key).not.toBe(folded.key)
  })
})

/** the synthetic transformer with every scope taken out of its names (an exporter that writes none) */
function flat(layers: number): MemoriaGraph {
  const g = syntheticTransformer({ layers })
  return { ...g, nodes: g.nodes.map((n, i) => ({ ...n, name: `${n.op}_${i}` })) }
}

describe('blocks for a scope with too many nodes', () => {
  it('finds the layers of a flat transformer, each with its attention and MLP', () => {
    const g = flat(8)
    const tree = buildGroupTree(g)
    const top = tree.groups[0].childGroups.map((c) => tree.groups[c].label)
    expect(top.filter((l) => /^layer \d+$/.test(l)).length).toBe(8)
    const layer3 = tree.groups[tree.groups[0].childGroups[top.indexOf('layer 3')]]
    expect(layer3.childGroups.map((c) => tree.groups[c].label)).toEqual(['attention', 'mlp'])
    const attention = tree.groups[layer3.childGroups[0]]
    expect(attention.ops.Softmax).toBe(1)
    expect(tree.groups[layer3.childGroups[1]].ops.Softmax).toBeUndefined()
    // every node in exactly one group, and no group opens on more than the limit
    expect(tree.groups[0].nodeCount).toBe(g.nodes.length)
    for (const grp of tree.groups) expect(grp.childGroups.length + grp.leafNodes.length).toBeLessThanOrEqual(MAX_BLOCK_ITEMS)
    const first = visibleGraph(g, tree, new Set(), tree.fold)
    expect(first.items.length).toBeLessThanOrEqual(MAX_BLOCK_ITEMS)
  })

  it('leaves a scope within the limit alone and cuts one without repeats into runs', () => {
    const g = flat(1)
    expect(splitIntoBlocks(g, g.nodes.map((_, i) => i), foldTargets(g))).toBeNull()
    // a chain of 120 Relus: no repeated segments, runs of at most the limit
    const chain = syntheticTransformer({ layers: 0 })
    const nodes = Array.from({ length: 120 }, (_, i) => ({ name: `Relu_${i}`, op: 'Relu', domain: '', inputs: [i === 0 ? 'input_ids' : `r${i - 1}`], outputs: [`r${i}`], attributes: {}, flops: 1 }))
    const tensors = [...chain.tensors.filter((t) => t.kind === 'input'), ...nodes.map((n) => ({ name: n.outputs[0], kind: 'activation' as const, dtype: 'float32' as const, shape: [1], bytes: 4 }))]
    const c: MemoriaGraph = { ...chain, nodes, tensors, outputs: ['r119'] }
    const blocks = splitIntoBlocks(c, nodes.map((_, i) => i), foldTargets(c))
    expect(blocks).not.toBeNull()
    const sizes = blocks!.map((b) => b.leaves.length)
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(120)
    for (const s of sizes) expect(s).toBeLessThanOrEqual(MAX_BLOCK_ITEMS)
    expect(blocks![0].label).toBe('nodes 1–50')
  })
})
