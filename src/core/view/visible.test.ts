import { describe, expect, it } from 'vitest'
import { buildGroupTree } from './groups.ts'
import { layoutRequest, toElk, fromElk } from './layout-graph.ts'
import { syntheticTransformer } from './synthetic.ts'
import { tiny } from './tiny-graph.ts'
import { allGroups, expansionKey, itemsWithin, parseItemId, visibleGraph } from './visible.ts'

// an attention block between two residual adds, scoped like the PyTorch exporter names it
const attention = tiny([
  '/embed/Gather:Gather:ids,w0>x',
  '/embed/Mul:Mul:x>x1',
  '/layers.0/attn/q/MatMul:MatMul:x1,wq>q',
  '/layers.0/attn/k/MatMul:MatMul:x1,wk>k',
  '/layers.0/attn/v/MatMul:MatMul:x1,wv>v',
  '/layers.0/attn/QK:MatMul:q,k>s',
  '/layers.0/attn/Softmax:Softmax:s>p',
  '/layers.0/attn/PV:MatMul:p,v>o',
  '/layers.0/Add:Add:o,x1>y',
  '/head/MatMul:MatMul:y,wh>logits',
])

const ids = (v: ReturnType<typeof visibleGraph>): string[] => v.items.map((i) => i.id)
const edges = (v: ReturnType<typeof visibleGraph>): string[] => v.edges.map((e) => `${e.source}>${e.target}:${e.bytes}`)

describe('visibleGraph', () => {
  const tree = buildGroupTree(attention)
  const embed = tree.byScope.get('/embed')!
  const layer = tree.byScope.get('/layers.0')!
  const attn = tree.byScope.get('/layers.0/attn')!

  it('shows top-level groups and root nodes when nothing is expanded', () => {
    const v = visibleGraph(attention, tree, new Set())
    expect(ids(v)).toEqual([`g${embed}`, `g${layer}`, 'n9'])
    // x1 is read by four nodes of layers.0 but crosses once: 100 bytes
    expect(edges(v)).toEqual([`g${embed}>g${layer}:100`, `g${layer}>n9:100`])
    expect(v.nodesShown).toBe(1)
    expect(v.key).toBe('')
  })

  it('deduplicates edges and weights them by distinct tensors', () => {
    const v = visibleGraph(attention, tree, new Set([layer]))
    expect(ids(v)).toEqual([`g${embed}`, `g${attn}`, 'n8', 'n9'])
    // embed → attn carries x1 once; embed → Add carries x1 again (another pair); attn → Add carries o
    expect(edges(v)).toEqual([`g${embed}>g${attn}:100`, `g${attn}>n8:100`, `g${embed}>n8:100`, 'n8>n9:100'])
  })

  it('draws every node with every group expanded, with one edge per producer–consumer pair', () => {
    const v = visibleGraph(attention, tree, allGroups(tree))
    expect(v.nodesShown).toBe(attention.nodes.length)
    expect(v.items.every((i) => i.kind === 'node')).toBe(true)
    expect(v.edges).toHaveLength(12)
    expect(v.edges.find((e) => e.id === 'n5>n6')?.tensors).toEqual(['s'])
  })

  it('ignores an expanded group inside a collapsed one, for the cache key too', () => {
    const a = visibleGraph(attention, tree, new Set([attn]))
    const b = visibleGraph(attention, tree, new Set())
    expect(ids(a)).toEqual(ids(b))
    expect(a.key).toBe(b.key)
  })

  it('maps every node to its representative', () => {
    const v = visibleGraph(attention, tree, new Set([layer]))
    expect(v.repOfNode).toEqual([`g${embed}`, `g${embed}`, ...Array(6).fill(`g${attn}`), 'n8', 'n9'])
  })

  it('finds the drawn items inside a group', () => {
    const collapsed = visibleGraph(attention, tree, new Set())
    expect(itemsWithin(tree, collapsed, layer)).toEqual([`g${layer}`])
    const open = visibleGraph(attention, tree, new Set([layer]))
    expect(itemsWithin(tree, open, layer)).toEqual([`g${attn}`, 'n8'])
    expect(itemsWithin(tree, open, embed)).toEqual([`g${embed}`])
  })

  it('counts tensors of unknown size apart', () => {
    const g = tiny(['/a/X:Relu:x>unknown', '/a/Y:Relu:unknown>y', '/b/Z:Relu:y>z', '/b/W:Relu:z>w'])
    const t = buildGroupTree(g)
    const v = visibleGraph(g, t, new Set([t.byScope.get('/a')!]))
    expect(v.edges.map((e) => [e.id, e.bytes, e.unknownTensors])).toEqual([['n0>n1', 0, 1], [`n1>g${t.byScope.get('/b')}`, 100, 0]])
  })
})

describe('ids and keys', () => {
  it('round-trips item ids and canonicalises keys', () => {
    expect(parseItemId('g12')).toEqual({ kind: 'group', index: 12 })
    expect(parseItemId('n0')).toEqual({ kind: 'node', index: 0 })
    expect(parseItemId('x1')).toBeNull()
    expect(expansionKey([3, 1, 3, 0])).toBe('1,3')
  })
})

describe('layout request', () => {
  it('turns a visible graph into ELK input and ELK corners back into centres', () => {
    const g = syntheticTransformer({ layers: 3 })
    const t = buildGroupTree(g)
    const v = visibleGraph(g, t, new Set())
    const req = layoutRequest(g, t, v)
    expect(req.boxes.map((b) => b.id)).toEqual(ids(v))
    const elk = toElk(req)
    expect(elk.layoutOptions['elk.direction']).toBe('DOWN')
    elk.children.forEach((c, i) => {
      c.x = i * 10
      c.y = i * 100
    })
    const pos = fromElk(req.key, elk, 5)
    expect(pos.ids).toEqual(ids(v))
    expect(pos.xy[0]).toBe(elk.children[0].width / 2)
    expect(pos.xy[3]).toBe(100 + elk.children[1].height / 2)
  })
})
