/**
 * Named tiny graphs for tests and docs, from one-line node specs `name:Op:in1,in2>out1,out2`.
 *
 * Every tensor is `uint8` of shape [bytes] (so equal sizes mean equal shapes, which is what the in-place
 * rule checks); bytes default to 100. Names starting with `w` are weights. Graph inputs are the tensors no
 * node produces (other than weights); graph outputs default to the produced tensors nobody consumes.
 */
import type { MemoriaGraph, NodeInfo, TensorInfo } from '../graph/types.ts'

export interface TinySpec {
  nodes: string[]
  bytes?: Record<string, number>
  outputs?: string[]
  inputs?: string[]
  name?: string
}

export function tinyGraph(spec: TinySpec): MemoriaGraph {
  const nodes: NodeInfo[] = spec.nodes.map((line) => {
    const [name, op, io] = line.split(':')
    const [ins, outs] = io.split('>')
    const list = (s: string): string[] => (s === '' ? [] : s.split(','))
    return { name, op, domain: '', inputs: list(ins), outputs: list(outs), attributes: {}, flops: 1 }
  })
  const order: string[] = []
  const seen = new Set<string>()
  const produced = new Set<string>()
  const consumed = new Set<string>()
  for (const n of nodes) {
    for (const t of n.inputs) { if (t !== '') consumed.add(t) }
    for (const t of n.outputs) produced.add(t)
    for (const t of [...n.inputs, ...n.outputs]) if (t !== '' && !seen.has(t)) { seen.add(t); order.push(t) }
  }
  const isWeight = (t: string): boolean => t.startsWith('w')
  const inputs = spec.inputs ?? order.filter((t) => !produced.has(t) && !isWeight(t))
  for (const t of inputs) if (!seen.has(t)) { seen.add(t); order.push(t) }
  const outputs = spec.outputs ?? order.filter((t) => produced.has(t) && !consumed.has(t))
  const constOut = new Set(nodes.filter((n) => n.op === 'Constant').flatMap((n) => n.outputs))
  const tensors: TensorInfo[] = order.map((name) => {
    const bytes = spec.bytes?.[name] ?? 100
    const weight = isWeight(name) || constOut.has(name)
    const kind = weight ? 'weight' : inputs.includes(name) ? 'input' : outputs.includes(name) ? 'output' : 'activation'
    return { name, kind, dtype: 'uint8', shape: [bytes], bytes }
  })
  return {
    format: 'memoria-graph', version: 1, name: spec.name ?? 'tiny', producer: 'test', opset: { '': 13 }, symbols: {},
    inputs, outputs, tensors, nodes,
  }
}

/** The named graphs of the tests, with their hand-computed peaks in walk.test.ts. */
export const NAMED = {
  chain: tinyGraph({
    name: 'chain', nodes: ['A:Conv:x,w1>a', 'B:Conv:a,w2>b', 'C:Gemm:b>y'], bytes: { x: 10, a: 100, b: 50, y: 20 },
  }),
  chainInplace: tinyGraph({
    name: 'chain-inplace', nodes: ['A:Conv:x,w1>a', 'R:Relu:a>r', 'S:Reshape:r,wshape>s', 'G:Gemm:s,w2>y'],
    bytes: { x: 10, y: 20 },
  }),
  diamond: tinyGraph({
    name: 'diamond', nodes: ['A:Conv:x>a', 'B:Conv:a>b', 'C:Conv:a>c', 'D:Add:b,c>y'], bytes: { x: 10, y: 10 },
  }),
  forkJoin: tinyGraph({
    name: 'fork-join',
    nodes: ['A:Conv:x>a', 'B1:Conv:a>b1', 'C1:Conv:a>c1', 'B2:Conv:b1>b2', 'C2:Conv:c1>c2', 'D:Concat:b2,c2>y'],
    bytes: { x: 10, a: 100, b1: 500, c1: 500, b2: 10, c2: 10, y: 10 },
  }),
  residual: tinyGraph({
    name: 'residual', nodes: ['C1:Conv:x,w1>h1', 'R1:Relu:h1>r1', 'C2:Conv:r1,w2>h2', 'A:Add:h2,x>s', 'R2:Relu:s>y'],
  }),
  inception: tinyGraph({
    name: 'inception',
    nodes: ['B1:Conv:x>a1', 'B2a:Conv:x>b2', 'B2b:Conv:b2>a2', 'B3a:Conv:x>b3', 'B3b:Conv:b3>a3', 'Cat:Concat:a1,a2,a3>y'],
    bytes: { b2: 300, b3: 300, y: 300 },
  }),
  attention: tinyGraph({
    name: 'attention',
    nodes: ['Q:MatMul:x,wq>q', 'K:MatMul:x,wk>k', 'V:MatMul:x,wv>v', 'KT:Transpose:k>kt', 'S:MatMul:q,kt>s',
      'P:Softmax:s>p', 'O:MatMul:p,v>o', 'R:Add:o,x>y'],
    bytes: { s: 400, p: 400 },
  }),
}
