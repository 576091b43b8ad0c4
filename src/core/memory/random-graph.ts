/**
 * Small random graphs for the property tests: every feature the memory models care about — multi-output
 * nodes, shared and repeated inputs, dead outputs, graph outputs in the middle, unconsumed graph inputs,
 * zero-size tensors, weights and Constant nodes, view and element-wise operators with and without a
 * reusable input. Deterministic for a seed (sfc32). O(nodes).
 */
import type { MemoriaGraph, NodeInfo, TensorInfo } from '../graph/types.ts'
import { createRng } from '../random.ts'

const OPS = ['Conv', 'Relu', 'Add', 'Mul', 'Reshape', 'Identity', 'Concat', 'Split', 'Constant', 'Sigmoid'] as const
const SIZES = [0, 10, 40, 100, 100, 250, 600]

export function randomGraph(seed: number, nodes: number): MemoriaGraph {
  const rng = createRng(seed)
  const pick = <T>(xs: readonly T[]): T => xs[rng.int(xs.length)]
  const tensors: TensorInfo[] = []
  const size = new Map<string, number>()
  const add = (name: string, kind: TensorInfo['kind'], bytes: number): string => {
    tensors.push({ name, kind, dtype: 'uint8', shape: [bytes], bytes })
    size.set(name, bytes)
    return name
  }
  const inputs = [add('in0', 'input', pick(SIZES))]
  if (rng.next() < 0.4) inputs.push(add('in1', 'input', pick(SIZES)))
  const avail: string[] = [...inputs]
  if (rng.next() < 0.5) avail.push(add('w0', 'weight', 50))
  const list: NodeInfo[] = []
  for (let v = 0; v < nodes; v++) {
    const op = pick(OPS)
    const ins: string[] = []
    const outs: string[] = []
    if (op !== 'Constant') {
      const k = op === 'Add' || op === 'Mul' || op === 'Concat' ? 1 + rng.int(3) : 1
      for (let i = 0; i < k; i++) ins.push(pick(avail.length > 3 && rng.next() < 0.6 ? avail.slice(-3) : avail))
    }
    const nOut = op === 'Split' ? 1 + rng.int(3) : 1
    for (let o = 0; o < nOut; o++) {
      const name = `t${v}_${o}`
      // views keep their input's size; element-wise outputs often match an input so in-place can apply
      const view = op === 'Reshape' || op === 'Identity'
      const elementwise = op === 'Relu' || op === 'Add' || op === 'Mul' || op === 'Sigmoid'
      const bytes = view && o === 0 ? (size.get(ins[0]) as number)
        : elementwise && rng.next() < 0.7 ? (size.get(ins[rng.int(ins.length)]) as number) : pick(SIZES)
      outs.push(add(name, op === 'Constant' ? 'weight' : 'activation', bytes))
      avail.push(name)
    }
    list.push({ name: `n${v}`, op, domain: '', inputs: ins, outputs: outs, attributes: {}, flops: 1 })
  }
  const consumed = new Set(list.flatMap((n) => n.inputs))
  const outputs: string[] = []
  for (const n of list) {
    for (const o of n.outputs) {
      if (n.op === 'Constant') continue
      // sinks are usually graph outputs (else dead outputs); some consumed tensors are outputs too
      if ((!consumed.has(o) && rng.next() < 0.7) || (consumed.has(o) && rng.next() < 0.1)) outputs.push(o)
    }
  }
  for (const t of tensors) if (outputs.includes(t.name)) t.kind = 'output'
  // shuffle the file order so it is not always topological
  const order = list.map((_, i) => i)
  if (rng.next() < 0.3) for (let i = order.length - 1; i > 0; i--) { const j = rng.int(i + 1); [order[i], order[j]] = [order[j], order[i]] }
  return {
    format: 'memoria-graph', version: 1, name: `random-${seed}`, producer: 'test', opset: { '': 13 }, symbols: {},
    inputs, outputs, tensors, nodes: order.map((i) => list[i]),
  }
}
