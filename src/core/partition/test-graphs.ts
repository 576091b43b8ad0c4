/**
 * TEST-ONLY: small hand-built graphs (chain, residual block, inception block, attention block) with shapes,
 * bytes and FLOPs computed here, so the partition tests do not depend on the ONNX reader or the builder.
 * FLOPs follow the graph format's rule (a multiply-add counts 2). float32 throughout.
 */

import type { MemoriaGraph, NodeInfo, TensorInfo } from '../graph/types'

export class GraphBuilder {
  private tensors = new Map<string, TensorInfo>()
  private nodes: NodeInfo[] = []
  private ins: string[] = []
  constructor(private name: string) {}

  private tensor(name: string, shape: number[], kind: TensorInfo['kind']): string {
    this.tensors.set(name, { name, kind, dtype: 'float32', shape, bytes: 4 * shape.reduce((a, b) => a * b, 1) })
    return name
  }
  shape(t: string): number[] {
    return (this.tensors.get(t)?.shape ?? []) as number[]
  }
  input(name: string, shape: number[]): string {
    this.ins.push(name)
    return this.tensor(name, shape, 'input')
  }
  private node(name: string, op: string, inputs: string[], outShape: number[], flops: number, attributes: NodeInfo['attributes'] = {}): string {
    const out = this.tensor(`${name}_out`, outShape, 'activation')
    this.nodes.push({ name, op, domain: '', inputs, outputs: [out], attributes, flops })
    return out
  }
  conv(name: string, x: string, cout: number, k: number, stride = 1, pad = Math.floor(k / 2), group = 1): string {
    const [n, cin, h, w] = this.shape(x)
    const ho = Math.floor((h + 2 * pad - k) / stride) + 1
    const wo = Math.floor((w + 2 * pad - k) / stride) + 1
    const W = this.tensor(`${name}.weight`, [cout, cin / group, k, k], 'weight')
    const B = this.tensor(`${name}.bias`, [cout], 'weight')
    const flops = 2 * n * cout * ho * wo * (cin / group) * k * k
    return this.node(name, 'Conv', [x, W, B], [n, cout, ho, wo], flops,
      { kernel_shape: [k, k], strides: [stride, stride], pads: [pad, pad, pad, pad], group })
  }
  unary(name: string, op: string, x: string): string {
    const s = this.shape(x)
    return this.node(name, op, [x], s, s.reduce((a, b) => a * b, 1))
  }
  binary(name: string, op: string, a: string, b: string): string {
    const s = this.shape(a)
    return this.node(name, op, [a, b], s, s.reduce((x, y) => x * y, 1))
  }
  maxpool(name: string, x: string, k: number, stride: number, pad = 0): string {
    const [n, c, h, w] = this.shape(x)
    const ho = Math.floor((h + 2 * pad - k) / stride) + 1
    const wo = Math.floor((w + 2 * pad - k) / stride) + 1
    return this.node(name, 'MaxPool', [x], [n, c, ho, wo], n * c * ho * wo * k * k,
      { kernel_shape: [k, k], strides: [stride, stride], pads: [pad, pad, pad, pad] })
  }
  concat(name: string, xs: string[], axis: number): string {
    const s = [...this.shape(xs[0])]
    s[axis] = xs.reduce((a, t) => a + this.shape(t)[axis], 0)
    return this.node(name, 'Concat', xs, s, 0, { axis })
  }
  gap(name: string, x: string): string {
    const [n, c, h, w] = this.shape(x)
    return this.node(name, 'GlobalAveragePool', [x], [n, c, 1, 1], n * c * h * w)
  }
  flatten(name: string, x: string): string {
    const s = this.shape(x)
    return this.node(name, 'Flatten', [x], [s[0], s.slice(1).reduce((a, b) => a * b, 1)], 0, { axis: 1 })
  }
  gemm(name: string, x: string, nOut: number): string {
    const [m, k] = this.shape(x)
    const W = this.tensor(`${name}.weight`, [nOut, k], 'weight')
    const B = this.tensor(`${name}.bias`, [nOut], 'weight')
    return this.node(name, 'Gemm', [x, W, B], [m, nOut], 2 * m * k * nOut, { transB: 1 })
  }
  linear(name: string, x: string, nOut: number): string {
    const s = this.shape(x)
    const k = s[s.length - 1]
    const W = this.tensor(`${name}.weight`, [k, nOut], 'weight')
    const rows = s.slice(0, -1).reduce((a, b) => a * b, 1)
    return this.node(name, 'MatMul', [x, W], [...s.slice(0, -1), nOut], 2 * rows * k * nOut)
  }
  matmul(name: string, a: string, b: string): string {
    const sa = this.shape(a)
    const sb = this.shape(b)
    const out = [...sa.slice(0, -1), sb[sb.length - 1]]
    return this.node(name, 'MatMul', [a, b], out, 2 * out.reduce((x, y) => x * y, 1) * sa[sa.length - 1])
  }
  softmax(name: string, x: string, axis = -1): string {
    const s = this.shape(x)
    return this.node(name, 'Softmax', [x], s, 5 * s.reduce((a, b) => a * b, 1), { axis })
  }
  reshape(name: string, x: string, shape: number[]): string {
    return this.node(name, 'Reshape', [x], shape, 0)
  }
  transpose(name: string, x: string, perm: number[]): string {
    const s = this.shape(x)
    return this.node(name, 'Transpose', [x], perm.map((p) => s[p]), 0, { perm })
  }
  build(outputs: string[]): MemoriaGraph {
    for (const o of outputs) {
      const t = this.tensors.get(o)
      if (t) t.kind = 'output'
    }
    return {
      format: 'memoria-graph', version: 1, name: this.name, producer: 'test', opset: { '': 13 }, symbols: {},
      inputs: this.ins, outputs, tensors: [...this.tensors.values()], nodes: this.nodes,
    }
  }
}

/** x[1,4,8,8] → conv3x3(8) → conv3x3(8): the chain the cost model's hand-checked examples use. */
export function convChain(): MemoriaGraph {
  const g = new GraphBuilder('chain2')
  const x = g.input('x', [1, 4, 8, 8])
  const a = g.conv('c1', x, 8, 3)
  const b = g.conv('c2', a, 8, 3)
  return g.build([b])
}

export function residualBlock(): MemoriaGraph {
  const g = new GraphBuilder('residual')
  const x = g.input('x', [1, 16, 32, 32])
  const s = g.conv('stem', x, 32, 3)
  const r = g.unary('stem_relu', 'Relu', s)
  const a = g.unary('a_relu', 'Relu', g.conv('a', r, 32, 3))
  const b = g.conv('b', a, 32, 3)
  const sum = g.binary('add', 'Add', b, r)
  const y = g.unary('out_relu', 'Relu', sum)
  const f = g.flatten('flat', g.gap('gap', y))
  return g.build([g.gemm('fc', f, 10)])
}

export function inceptionBlock(): MemoriaGraph {
  const g = new GraphBuilder('inception')
  const x = g.input('x', [1, 32, 28, 28])
  const s = g.unary('stem_relu', 'Relu', g.conv('stem', x, 64, 3))
  const b1 = g.unary('b1_relu', 'Relu', g.conv('b1', s, 32, 1))
  const b2 = g.unary('b2_relu', 'Relu', g.conv('b2b', g.unary('b2a_relu', 'Relu', g.conv('b2a', s, 48, 1)), 64, 3))
  const b3 = g.unary('b3_relu', 'Relu', g.conv('b3b', g.unary('b3a_relu', 'Relu', g.conv('b3a', s, 16, 1)), 32, 5))
  const b4 = g.unary('b4_relu', 'Relu', g.conv('b4', g.maxpool('b4_pool', s, 3, 1, 1), 32, 1))
  const c = g.concat('cat', [b1, b2, b3, b4], 1)
  const f = g.flatten('flat', g.gap('gap', c))
  return g.build([g.gemm('fc', f, 100)])
}

export function attentionBlock(): MemoriaGraph {
  const g = new GraphBuilder('attention')
  const x = g.input('x', [1, 32, 64])
  const q = g.transpose('q_t', g.reshape('q_r', g.linear('q', x, 64), [1, 32, 4, 16]), [0, 2, 1, 3])
  const k = g.transpose('k_t', g.reshape('k_r', g.linear('k', x, 64), [1, 32, 4, 16]), [0, 2, 3, 1])
  const v = g.transpose('v_t', g.reshape('v_r', g.linear('v', x, 64), [1, 32, 4, 16]), [0, 2, 1, 3])
  const p = g.softmax('sm', g.matmul('qk', q, k), -1)
  const o = g.reshape('o_r', g.transpose('o_t', g.matmul('pv', p, v), [0, 2, 1, 3]), [1, 32, 64])
  const y = g.binary('res', 'Add', g.linear('proj', o, 64), x)
  return g.build([y])
}
