import { describe, expect, it } from 'vitest'
import { buildGroupTree } from './groups.ts'
import { layeredLayout } from './layered.ts'
import { layoutRequest, type LayoutRequest } from './layout-graph.ts'
import { syntheticTransformer } from './synthetic.ts'
import { allGroups, visibleGraph } from './visible.ts'

function req(ids: string[], edges: [string, string][]): LayoutRequest {
  return {
    key: '',
    boxes: ids.map((id) => ({ id, width: 60, height: 30 })),
    edges: edges.map(([source, target]) => ({ id: `${source}>${target}`, source, target })),
  }
}
const at = (r: ReturnType<typeof layeredLayout>, i: number) => ({ x: r.xy[2 * i], y: r.xy[2 * i + 1] })

/** No two boxes of one row overlap. */
function assertNoOverlap(q: LayoutRequest, r: ReturnType<typeof layeredLayout>): void {
  const rows = new Map<number, { x: number; w: number }[]>()
  q.boxes.forEach((b, i) => {
    const p = at(r, i)
    const row = rows.get(p.y) ?? []
    row.push({ x: p.x, w: b.width })
    rows.set(p.y, row)
  })
  for (const row of rows.values()) {
    row.sort((a, b) => a.x - b.x)
    for (let i = 1; i < row.length; i++) expect(row[i].x - row[i - 1].x).toBeGreaterThanOrEqual((row[i].w + row[i - 1].w) / 2 - 1e-9)
  }
}

describe('layeredLayout', () => {
  it('stacks a chain vertically in one column', () => {
    const r = layeredLayout(req(['a', 'b', 'c'], [['a', 'b'], ['b', 'c']]))
    expect(at(r, 0).x).toBeCloseTo(at(r, 1).x)
    expect(at(r, 1).x).toBeCloseTo(at(r, 2).x)
    expect(at(r, 0).y).toBeLessThan(at(r, 1).y)
    expect(at(r, 1).y).toBeLessThan(at(r, 2).y)
  })

  it('puts a diamond’s branches side by side, the join centred below', () => {
    const q = req(['a', 'b', 'c', 'd'], [['a', 'b'], ['a', 'c'], ['b', 'd'], ['c', 'd']])
    const r = layeredLayout(q)
    expect(at(r, 1).y).toBe(at(r, 2).y)
    expect(Math.abs(at(r, 1).x - at(r, 2).x)).toBeGreaterThanOrEqual(60)
    expect(at(r, 3).x).toBeCloseTo((at(r, 1).x + at(r, 2).x) / 2)
    assertNoOverlap(q, r)
  })

  it('pulls a source down next to its consumer (a Constant feeding the last node)', () => {
    const r = layeredLayout(req(['a', 'b', 'c', 'k'], [['a', 'b'], ['b', 'c'], ['k', 'c']]))
    expect(at(r, 3).y).toBe(at(r, 1).y)
  })

  it('terminates on a cycle made by collapsing a group', () => {
    const r = layeredLayout(req(['g', 'x'], [['g', 'x'], ['x', 'g']]))
    expect(at(r, 0).y).not.toBe(at(r, 1).y)
  })

  it('lays out a 3,000-node transformer without overlaps in well under a second', () => {
    const g = syntheticTransformer({ layers: 136 })
    const t = buildGroupTree(g)
    const q = layoutRequest(g, t, visibleGraph(g, t, allGroups(t)))
    expect(q.boxes.length).toBeGreaterThan(2990)
    const r = layeredLayout(q)
    assertNoOverlap(q, r)
    expect(r.height).toBeGreaterThan(136 * 10 * 30)
    expect(Number.isFinite(r.width)).toBe(true)
  })
})
