import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { buildGraph } from './build.ts'
import { at, tensor, tiny } from './test-model.ts'
import { rawFromBytes } from './test-raw.ts'

describe('FLOPs (multiply–add = 2)', () => {
  it('Conv: the SPEC example, groups, bias', () => {
    const g = buildGraph(
      tiny({
        inputs: { x: ['float32', [1, 3, 224, 224]], y: ['float32', [1, 32, 10, 10]] },
        inits: [tensor('w', 'float32', [64, 3, 7, 7]), tensor('dw', 'float32', [32, 1, 3, 3]), tensor('b', 'float32', [32])],
        nodes: [
          { op: 'Conv', inputs: ['x', 'w'], outputs: ['c'], attrs: { kernel_shape: at.is([7, 7]), strides: at.is([2, 2]), pads: at.is([3, 3, 3, 3]) } },
          { op: 'Conv', inputs: ['y', 'dw', 'b'], outputs: ['d'], attrs: { group: at.i(32), pads: at.is([1, 1, 1, 1]) } },
        ],
        outputs: ['c', 'd'],
      }),
    )
    expect(g.tensors.find((t) => t.name === 'c')!.shape).toEqual([1, 64, 112, 112])
    // 2 · (64·112·112 outputs) · (3·7·7 MACs each)
    expect(g.nodes[0].flops).toBe(236027904)
    // depthwise: 2 · 3200 outputs · 9 MACs + 3200 bias adds
    expect(g.nodes[1].flops).toBe(2 * 3200 * 9 + 3200)
  })
  it('Gemm with transB and bias; MatMul with batch dims; Einsum', () => {
    const g = buildGraph(
      tiny({
        inputs: { x: ['float32', [1, 2048]], h: ['float32', [1, 128, 768]], q: ['float32', [2, 12, 128, 64]] },
        inits: [tensor('w', 'float32', [1000, 2048]), tensor('b', 'float32', [1000]), tensor('m', 'float32', [768, 3072])],
        nodes: [
          { op: 'Gemm', inputs: ['x', 'w', 'b'], outputs: ['y'], attrs: { transB: at.i(1) } },
          { op: 'MatMul', inputs: ['h', 'm'], outputs: ['z'] },
          { op: 'Einsum', inputs: ['q', 'q'], outputs: ['s'], attrs: { equation: at.s('bhid,bhjd->bhij') } },
        ],
        outputs: ['y', 'z', 's'],
      }),
    )
    expect(g.nodes[0].flops).toBe(2 * 1000 * 2048 + 1000)
    expect(g.nodes[1].flops).toBe(2 * 128 * 3072 * 768)
    expect(g.tensors.find((t) => t.name === 's')!.shape).toEqual([2, 12, 128, 128])
    expect(g.nodes[2].flops).toBe(2 * 2 * 12 * 128 * 128 * 64)
  })
  it('pooling, element-wise, softmax, reductions; 0 for data movement', () => {
    const g = buildGraph(
      tiny({
        inputs: { x: ['float32', [1, 8, 6, 6]] },
        inits: [tensor('s', 'int64', [2], [1, -1])],
        nodes: [
          { op: 'MaxPool', inputs: ['x'], outputs: ['p'], attrs: { kernel_shape: at.is([2, 2]), strides: at.is([2, 2]) } },
          { op: 'Relu', inputs: ['p'], outputs: ['r'] },
          { op: 'Reshape', inputs: ['r', 's'], outputs: ['f'] },
          { op: 'Softmax', inputs: ['f'], outputs: ['sm'] },
          { op: 'ReduceSum', inputs: ['x'], outputs: ['rs'], attrs: { keepdims: at.i(0) } },
          { op: 'GlobalAveragePool', inputs: ['x'], outputs: ['g'] },
        ],
        outputs: ['sm', 'rs', 'g'],
      }),
    )
    expect(g.nodes.map((n) => n.flops)).toEqual([72 * 4, 72, 0, 72 * 5, 288, 288])
  })
  it('resnet50 totals ≈ 8.2 GFLOPs (≈ 4.1 GMACs)', () => {
    const bytes = new Uint8Array(readFileSync(join(import.meta.dirname, '../../../public/models/resnet50.onnx')))
    const g = buildGraph(rawFromBytes(bytes))
    const total = g.nodes.reduce((s, n) => s + n.flops, 0)
    const conv = g.nodes.filter((n) => n.op === 'Conv' || n.op === 'Gemm').reduce((s, n) => s + n.flops, 0)
    expect(total / 1e9).toBeGreaterThan(8.1)
    expect(total / 1e9).toBeLessThan(8.3)
    // multiply–adds of conv + fc alone: the 4.09 GMACs usually quoted for resnet50
    expect(conv / 2e9).toBeGreaterThan(4.08)
    expect(conv / 2e9).toBeLessThan(4.13)
  })
})
