import { describe, expect, it } from 'vitest'
import { diffOrders } from './order-diff.ts'

describe('diffOrders', () => {
  it('reports identical orders as such', () => {
    const d = diffOrders(['a', 'b', 'c'], ['a', 'b', 'c'])
    expect(d.firstDivergence).toBeNull()
    expect(d.samePositions).toBe(3)
    expect(d.segments).toEqual([])
    expect(d.movedCount).toBe(0)
    expect(d.comparable).toBe(true)
  })

  it('finds the first divergence, the differing stretches and the moved nodes (fork–join)', () => {
    // a → {b, c} → d, then e; two topological orders that swap the branches
    const d = diffOrders(['a', 'b', 'c', 'd', 'e'], ['a', 'c', 'b', 'd', 'e'])
    expect(d.firstDivergence).toBe(1)
    expect(d.samePositions).toBe(3)
    expect(d.segments).toEqual([{ from: 1, to: 2, a: ['b', 'c'], b: ['c', 'b'] }])
    expect(d.movedCount).toBe(2)
    expect(d.moved.map((m) => m.node).sort()).toEqual(['b', 'c'])
  })

  it('puts the furthest moves first and caps the list', () => {
    const a = ['x', 'p', 'q', 'r', 's', 'y']
    const b = ['y', 'p', 'q', 'r', 's', 'x']
    const d = diffOrders(a, b, 1)
    expect(d.segments).toHaveLength(2)
    expect(d.moved).toEqual([{ node: 'x', posA: 0, posB: 5 }])
    expect(d.movedCount).toBe(2)
  })

  it('says when the orders are not permutations of each other', () => {
    const d = diffOrders(['a', 'b'], ['a', 'z', 'c'])
    expect(d.comparable).toBe(false)
    expect(d.firstDivergence).toBe(1)
    expect(d.movedCount).toBe(2)
  })
})
