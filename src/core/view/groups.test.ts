import { describe, expect, it } from 'vitest'
import { buildGroupTree, groupsOfNode, scopeOf, topOps } from './groups.ts'
import { syntheticTransformer } from './synthetic.ts'
import { tiny } from './tiny-graph.ts'

describe('scopeOf', () => {
  it('drops the node name and empty segments', () => {
    expect(scopeOf('/model/layers.0/attn/MatMul')).toEqual(['model', 'layers.0', 'attn'])
    expect(scopeOf('/layer1/layer1.0/conv1/Conv')).toEqual(['layer1', 'layer1.0', 'conv1'])
    expect(scopeOf('Conv_0')).toEqual([])
    expect(scopeOf('')).toEqual([])
  })
})

describe('buildGroupTree', () => {
  it('groups a residual block by scope, dissolving one-node scopes (torchvision)', () => {
    const g = tiny([
      '/layer1/layer1.0/conv1/Conv:Conv:x,w1>a',
      '/layer1/layer1.0/relu/Relu:Relu:a>b',
      '/layer1/layer1.0/conv2/Conv:Conv:b,w2>c',
      '/layer1/layer1.0/Add:Add:c,x>d',
      '/layer1/layer1.1/conv1/Conv:Conv:d,w3>e',
      '/layer1/layer1.1/Add:Add:e,d>f',
      '/layer2/layer2.0/conv1/Conv:Conv:f,w5>g',
      '/layer2/layer2.0/Add:Add:g,f>h',
      '/fc/Gemm:Gemm:h,w4>y',
    ])
    const t = buildGroupTree(g)
    const scopes = t.groups.map((x) => x.scope)
    // layer1 has two blocks; conv1/relu/conv2 scopes hold one node each and vanish; /fc holds one node
    // layer2 wraps only layer2.0: merged into one group labelled by both
    expect(scopes).toEqual(['', '/layer1', '/layer1/layer1.0', '/layer1/layer1.1', '/layer2/layer2.0'])
    expect(t.groups[4].label).toBe('layer2/layer2.0')
    const b0 = t.groups[t.byScope.get('/layer1/layer1.0')!]
    expect(b0.leafNodes).toEqual([0, 1, 2, 3])
    expect(b0.nodeCount).toBe(4)
    expect(b0.flops).toBe(40)
    expect(b0.outputBytes).toBe(400)
    expect(b0.weightBytes).toBe(20)
    expect(topOps(b0, 1)).toEqual([['Conv', 2]])
    expect(t.groups[0].leafNodes).toEqual([8])
    expect(t.groups[0].nodeCount).toBe(9)
    expect(t.groups[1].nodeCount).toBe(6)
    expect(groupsOfNode(t, 4)).toEqual([1, 3])
    expect(groupsOfNode(t, 8)).toEqual([])
  })

  it('merges single-child chains and opens a lone top scope', () => {
    const g = tiny([
      '/model/decoder/layers.0/attn/MatMul:MatMul:x>a',
      '/model/decoder/layers.0/attn/Softmax:Softmax:a>b',
      '/model/decoder/layers.0/Add:Add:b,x>c',
      '/model/decoder/layers.1/attn/MatMul:MatMul:c>d',
      '/model/decoder/layers.1/attn/Softmax:Softmax:d>e',
    ])
    const t = buildGroupTree(g)
    // /model and /model/decoder only wrap the layers: the root opens straight onto them
    expect(t.groups.map((x) => [x.scope, x.label])).toEqual([
      ['', ''],
      ['/model/decoder/layers.0', 'layers.0'],
      ['/model/decoder/layers.0/attn', 'attn'],
      // layers.1 contains nothing but attn: one group labelled by both
      ['/model/decoder/layers.1/attn', 'layers.1/attn'],
    ])
    expect(t.groups[3].parent).toBe(0)
    expect(t.groups[2].parent).toBe(1)
  })

  it('counts unknown output sizes apart', () => {
    const t = buildGroupTree(tiny(['/a/X:Relu:x>unknown', '/a/Y:Relu:unknown>y']))
    const a = t.groups[t.byScope.get('/a')!]
    expect(a).toBeUndefined() // the root's lone child is opened
    expect(t.groups[0].outputBytes).toBe(100)
    expect(t.groups[0].unknownOutputs).toBe(1)
  })

  it('lists parents before children and covers every node once (synthetic transformer)', () => {
    const g = syntheticTransformer({ layers: 6 })
    const t = buildGroupTree(g)
    t.groups.forEach((grp, i) => {
      if (i > 0) expect(grp.parent).toBeLessThan(i)
    })
    const seen = t.groups.flatMap((x) => x.leafNodes).sort((a, b) => a - b)
    expect(seen).toEqual(g.nodes.map((_, i) => i))
    expect(t.groups[0].nodeCount).toBe(g.nodes.length)
    expect(t.groups[0].flops).toBe(g.nodes.reduce((s, n) => s + n.flops, 0))
    // /model is opened (the root's lone group); /model/norm and /lm_head hold one node each and dissolve
    expect(t.groups[0].childGroups.map((c) => t.groups[c].label)).toEqual(
      ['layers.0', 'layers.1', 'layers.2', 'layers.3', 'layers.4', 'layers.5'],
    )
  })

  it('places a hoisted Constant with its consumers, not at the root', () => {
    const g = tiny([
      '/Constant:Constant:>c0',
      '/Constant_1:Constant:>c1',
      '/h.0/attn/Mul:Mul:x,c0>a',
      '/h.0/attn/Add:Add:a,c0>b',
      '/h.1/Mul:Mul:b,c1>d',
      '/h.1/Add:Add:d>e',
      '/Add:Add:e,c1>y',
    ])
    const t = buildGroupTree(g)
    // c0 is read only inside /h.0/attn: the Constant joins it; c1 is read at the root too: it stays
    expect(t.groups.map((x) => x.scope)).toEqual(['', '/h.0/attn', '/h.1'])
    expect(t.groups[1].leafNodes).toEqual([0, 2, 3])
    expect(t.groups[0].leafNodes).toEqual([1, 6])
    expect(groupsOfNode(t, 0)).toEqual([1])
  })

  it('handles a scope 5,000 deep without overflowing the stack', () => {
    const deep = '/s'.repeat(5000)
    const t = buildGroupTree(tiny([`${deep}/A:Relu:x>a`, `${deep}/B:Relu:a>b`]))
    expect(t.groups[0].nodeCount).toBe(2)
  })
})
