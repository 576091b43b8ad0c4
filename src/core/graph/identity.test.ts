import { describe, expect, it } from 'vitest'
import { residualBlock } from '../partition/test-graphs.ts'
import { modelIdentity } from './identity.ts'

describe('modelIdentity', () => {
  it('is the same for the same content, whatever the object (a copy across a worker, a reload)', () => {
    const g = residualBlock()
    expect(modelIdentity(structuredClone(g))).toBe(modelIdentity(g))
    expect(modelIdentity(g)).toMatch(/^m-[0-9a-f]{14}$/)
  })

  it('tells apart two models with the same name and node count', () => {
    const a = residualBlock()
    const b = structuredClone(a)
    b.nodes[1] = { ...b.nodes[1], op: b.nodes[1].op === 'Relu' ? 'Sigmoid' : 'Relu' }
    expect(b.name).toBe(a.name)
    expect(b.nodes).toHaveLength(a.nodes.length)
    expect(modelIdentity(b)).not.toBe(modelIdentity(a))
    const c = structuredClone(a)
    c.nodes[0] = { ...c.nodes[0], attributes: { ...c.nodes[0].attributes, group: 2 } }
    expect(modelIdentity(c)).not.toBe(modelIdentity(a))
  })

  it('keeps the identity across a rebinding: shapes, sizes, FLOPs and symbol values are left out', () => {
    const a = residualBlock()
    const b = structuredClone(a)
    b.symbols = { ...b.symbols, seq: 128 }
    b.tensors = b.tensors.map((t) => ({ ...t, shape: t.shape === null ? null : t.shape.map((d) => (typeof d === 'number' ? d * 2 : d)), bytes: t.bytes === null ? null : t.bytes * 2 }))
    b.nodes = b.nodes.map((n) => ({ ...n, flops: n.flops * 2 }))
    expect(modelIdentity(b)).toBe(modelIdentity(a))
  })
})
