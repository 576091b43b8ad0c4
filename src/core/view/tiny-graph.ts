/**
 * Named tiny graphs from one-line specs, for the view's unit tests and docs: `name:op:in1,in2>out1`.
 * Every tensor is 100 bytes, except those named `w…` (weights of 10 bytes) and `unknown` (size unknown).
 */
import type { MemoriaGraph, NodeInfo, TensorInfo } from '../graph/types.ts'

export function tiny(spec: string[]): MemoriaGraph {
  const nodes: NodeInfo[] = spec.map((line) => {
    const [name, op, io] = line.split(':')
    const [ins, outs] = io.split('>')
    const list = (s: string): string[] => (s === '' ? [] : s.split(','))
    return { name, op, domain: '', inputs: list(ins), outputs: list(outs), attributes: {}, flops: 10 }
  })
  const names = new Set(nodes.flatMap((n) => [...n.inputs, ...n.outputs]))
  const tensors: TensorInfo[] = [...names].map((name) => ({
    name, kind: name.startsWith('w') ? 'weight' : 'activation', dtype: 'float32', shape: [25],
    bytes: name === 'unknown' ? null : name.startsWith('w') ? 10 : 100,
  }))
  return {
    format: 'memoria-graph', version: 1, name: 'tiny', producer: 'test', opset: {}, symbols: {},
    inputs: [], outputs: [], tensors, nodes,
  }
}

