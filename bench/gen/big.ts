/**
 * Big graphs for the time-limit benchmark and tests (issue 16): BTSearch must answer within its limit on any
 * of these up to 200k nodes. Three shapes that stress different parts of the set-up:
 *
 * - `fanOut(n)`: one input read by n nodes, each writing its own graph output (the worst case of the old
 *   greedy baseline and forced-live bound: every node is ready at once and every tensor stays live);
 * - `chain(n)`: a Relu chain (n segments, deep recursion in anything recursive);
 * - `randomDag(n, seed)`: each node reads 1–3 tensors, mostly among the last 64 made, sometimes any earlier
 *   one (long edges), with float32 sizes from 64 B to 64 KB; tensors nobody reads are graph outputs.
 *
 * Deterministic per seed (sfc32). O(n) to build: no `includes` over lists.
 */
import type { MemoriaGraph, NodeInfo, TensorInfo } from '../../src/core/graph/types.ts'
import { createRng } from '../../src/core/random.ts'

function graph(name: string, tensors: TensorInfo[], nodes: NodeInfo[], inputs: string[], outputs: string[]): MemoriaGraph {
  const out = new Set(outputs)
  for (const t of tensors) if (out.has(t.name) && t.kind === 'activation') t.kind = 'output'
  return { format: 'memoria-graph', version: 1, name, producer: 'memorianova bench generator', opset: { '': 13 }, symbols: {}, inputs, outputs, tensors, nodes }
}

const act = (name: string, elements: number, kind: TensorInfo['kind'] = 'activation'): TensorInfo =>
  ({ name, kind, dtype: 'float32', shape: [elements], bytes: elements * 4 })

export function fanOut(n: number): MemoriaGraph {
  const tensors = [act('x', 256, 'input')]
  const nodes: NodeInfo[] = []
  const outputs: string[] = []
  for (let i = 0; i < n; i++) {
    const o = `y${i}`
    tensors.push(act(o, 16 + (i % 7) * 16))
    nodes.push({ name: `n${i}`, op: 'Sigmoid', domain: '', inputs: ['x'], outputs: [o], attributes: {}, flops: 1 })
    outputs.push(o)
  }
  return graph(`fan-out-${n}`, tensors, nodes, ['x'], outputs)
}

export function chain(n: number): MemoriaGraph {
  const tensors = [act('x', 1024, 'input')]
  const nodes: NodeInfo[] = []
  let prev = 'x'
  for (let i = 0; i < n; i++) {
    const o = `t${i}`
    tensors.push(act(o, 1024 + (i % 5) * 256))
    nodes.push({ name: `n${i}`, op: 'Conv', domain: '', inputs: [prev], outputs: [o], attributes: {}, flops: 1 })
    prev = o
  }
  return graph(`chain-${n}`, tensors, nodes, ['x'], [prev])
}

export function randomDag(n: number, seed: number): MemoriaGraph {
  const rng = createRng(seed)
  const tensors = [act('x', 4096, 'input')]
  const names = ['x']
  const read = new Uint8Array(n + 1)
  const nodes: NodeInfo[] = []
  for (let i = 0; i < n; i++) {
    const k = 1 + rng.int(3)
    const ins = new Set<number>()
    for (let j = 0; j < k; j++) {
      const back = rng.next() < 0.9 ? 1 + rng.int(Math.min(64, names.length)) : 1 + rng.int(names.length)
      ins.add(names.length - back)
    }
    for (const t of ins) read[t] = 1
    const o = `t${i}`
    tensors.push(act(o, 16 << rng.int(11)))
    nodes.push({ name: `n${i}`, op: 'Mix', domain: '', inputs: [...ins].map((t) => names[t]), outputs: [o], attributes: {}, flops: 1 })
    names.push(o)
  }
  const outputs = names.filter((_, t) => t > 0 && read[t] === 0)
  return graph(`random-dag-${n}-s${seed}`, tensors, nodes, ['x'], outputs)
}
