import { describe, expect, it } from 'vitest'
import { buildGroupTree } from '../../core/view/groups.ts'
import { tiny } from '../../core/view/tiny-graph.ts'
import { visibleGraph } from '../../core/view/visible.ts'
import { buildElements, decorate, edgeWidth, fitLayout, highlightClasses } from './elements.ts'

// two groups of two nodes and a head node
const graph = tiny([
  '/a/X:Relu:in>x',
  '/a/Y:Relu:x>y',
  '/b/Z:Add:y,x>z',
  '/b/W:Relu:z>q',
  '/head:MatMul:q,w0>out',
])
const tree = buildGroupTree(graph)
const a = tree.byScope.get('/a')!
const b = tree.byScope.get('/b')!
const nodeIndex = new Map(graph.nodes.map((n, i) => [n.name, i]))
const producerOf = new Map(graph.nodes.flatMap((n, i) => n.outputs.map((o) => [o, i] as [string, number])))

describe('decorate', () => {
  it('colours a collapsed group by its members, mixed when they disagree', () => {
    const v = visibleGraph(graph, tree, new Set())
    const d = decorate(graph, v, { nodeColors: { '/a/X': 'red', '/a/Y': 'red', '/b/Z': 'red', '/b/W': 'blue' } })
    expect(d.get(`g${a}`)).toMatchObject({ color: 'red', mixed: false })
    expect(d.get(`g${b}`)).toMatchObject({ color: 'red', mixed: true })
    expect(d.get('n4')).toMatchObject({ color: undefined, mixed: false })
  })

  it('puts badges on nodes drawn as themselves only', () => {
    const v = visibleGraph(graph, tree, new Set([a]))
    const d = decorate(graph, v, { nodeBadges: { '/a/X': 'NPU', '/b/Z': 'CPU' } })
    expect(d.get('n0')?.badge).toBe('NPU')
    expect(d.get(`g${b}`)?.badge).toBeUndefined()
  })
})

describe('highlightClasses', () => {
  it('lights the running node’s representative and the edges carrying live tensors', () => {
    const v = visibleGraph(graph, tree, new Set([b]))
    const h = highlightClasses(v, nodeIndex, producerOf, '/a/Y', ['x', 'z'])
    expect(h.running).toBe(`g${a}`) // /a is collapsed: its box lights up
    expect([...h.liveItems].sort()).toEqual([`g${a}`, 'n2'])
    // x goes from /a to Z; z from Z to W
    expect([...h.liveEdges].sort()).toEqual([`g${a}>n2`, 'n2>n3'])
  })

  it('lights nothing without a highlight', () => {
    const v = visibleGraph(graph, tree, new Set())
    const h = highlightClasses(v, nodeIndex, producerOf, undefined, undefined)
    expect(h.running).toBeNull()
    expect(h.liveEdges.size + h.liveItems.size).toBe(0)
  })
})

describe('elements', () => {
  it('places every visible item at its layout centre and labels edges with bytes', () => {
    const v = visibleGraph(graph, tree, new Set())
    const pos = {
      key: v.key, ids: v.items.map((i) => i.id), xy: new Float64Array(v.items.flatMap((_, i) => [i * 10, i * 100])),
      width: 100, height: 300, layoutMs: 1, engine: 'layered' as const,
    }
    const els = buildElements(graph, tree, v, pos, false)
    const nodes = els.filter((e) => e.group === 'nodes')
    expect(nodes.map((n) => n.position)).toEqual(v.items.map((_, i) => ({ x: i * 10, y: i * 100 })))
    expect(nodes.find((n) => n.data.id === `g${a}`)?.data.label).toBe('a\n2 nodes')
    const edges = els.filter((e) => e.group === 'edges')
    expect(edges.map((e) => e.data.label)).toEqual(['200 B', '100 B']) // x and y into /b; q into the head
    expect(buildElements(graph, tree, v, pos, true).filter((e) => e.group === 'edges').every((e) => e.data.label === '' && e.classes === 'fast')).toBe(true)
  })

  it('fits a layout into a viewport, capped at a zoom', () => {
    const f = fitLayout({ width: 1000, height: 500 }, { width: 1600, height: 100 }, 0, 2)
    expect(f.zoom).toBe(0.625)
    expect(f.pan).toEqual({ x: 0, y: 218.75 })
    expect(fitLayout({ width: 1000, height: 500 }, { width: 10, height: 10 }, 0, 2).zoom).toBe(2)
  })

  it('shows the top of a tall chain at a readable zoom rather than all of it too small to read', () => {
    const f = fitLayout({ width: 1000, height: 500 }, { width: 200, height: 10_000 }, 20, 1.5)
    expect(f.zoom).toBe(0.55)
    expect(f.pan).toEqual({ x: (1000 - 200 * 0.55) / 2, y: 20 })
  })

  it('with the box centres, shows the top of a drifting tall graph at the readable zoom, centred on its top', () => {
    // a staircase: the top boxes sit near x = 100, the bottom ones drift to x = 3900
    const xy = new Float64Array([100, 10, 140, 200, 180, 400, 3900, 99_000])
    const f = fitLayout({ width: 1000, height: 500 }, { width: 4000, height: 100_000, xy }, 0, 1.5)
    expect(f.zoom).toBe(0.55)
    // the boxes within 500 / 0.55 px of the top span x 100..180: centred on 140
    expect(f.pan).toEqual({ x: 500 - 140 * 0.55, y: 0 })
  })

  it('shows the top of a tall graph too wide to read at the zoom that fits its width', () => {
    const f = fitLayout({ width: 1000, height: 500 }, { width: 4000, height: 100_000 }, 0, 1.5)
    expect(f.zoom).toBe(0.25)
    expect(f.pan).toEqual({ x: 0, y: 0 })
  })

  it('widens edges with the log of their bytes', () => {
    expect(edgeWidth(0)).toBe(1)
    expect(edgeWidth(1 << 20)).toBeGreaterThan(edgeWidth(1 << 10))
    expect(edgeWidth(1e15)).toBe(8)
  })
})
