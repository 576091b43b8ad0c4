/**
 * Random layered DAGs (the paper's synthetic workloads, MemoriaNova section 5): layers of 1..width nodes,
 * each node reading 1–3 outputs of the previous layer and, with probability 0.3, one from two or three
 * layers back; every tensor nobody reads joins the final Concat, so no output is dead. Tensors are float32
 * [1, C, H, W] with C ∈ {16, 32, 64, 128, 256} and H = W ∈ {7, 14, 28, 56} drawn per node (8 KB–3.2 MB):
 * sizes vary by two orders of magnitude, so the order matters. A quarter of the nodes are element-wise
 * (Relu on one input, Add on two of the same shape) so `inplace` has buffers to share. Deterministic per
 * seed (sfc32 from src/core/random.ts).
 */
import type { MemoriaGraph } from '../../src/core/graph/types.ts'
import { createRng } from '../../src/core/random.ts'
import { GraphBuilder, type Shape } from './build.ts'

export interface LayeredParams { nodes: number; width: number; seed: number }

export function layeredDag({ nodes, width, seed }: LayeredParams): MemoriaGraph {
  const rng = createRng(seed)
  const pick = <T>(xs: readonly T[]): T => xs[rng.int(xs.length)]
  const b = new GraphBuilder(`layered-n${nodes}-w${width}-s${seed}`)
  const layers: string[][] = [[b.input('input', [1, 3, 56, 56])]]
  const read = new Set<string>()
  let made = 0
  while (made < nodes - 1) {
    const prev = layers[layers.length - 1]
    const count = Math.min(1 + rng.int(width), nodes - 1 - made)
    const layer: string[] = []
    for (let i = 0; i < count; i++) {
      const ins = new Set<string>([pick(prev)])
      const extra = rng.int(3)
      for (let j = 0; j < extra; j++) ins.add(pick(prev))
      if (layers.length > 2 && rng.next() < 0.3) ins.add(pick(layers[layers.length - 2 - rng.int(Math.min(2, layers.length - 2))]))
      const inputs = [...ins]
      for (const t of inputs) read.add(t)
      const r = rng.next()
      let out: string
      if (r < 0.12) out = b.relu(inputs[0])
      else if (r < 0.25 && inputs.length > 1) {
        const same = inputs.filter((t) => b.shapeOf(t).join() === b.shapeOf(inputs[0]).join())
        out = same.length > 1 ? b.add2(same[0], same[1]) : b.op('Mix', inputs, randomShape(pick))
      } else out = b.op(inputs.length > 1 ? 'Mix' : 'Conv', inputs, randomShape(pick), 1024)
      layer.push(out)
      made++
    }
    layers.push(layer)
  }
  const unread = layers.flat().filter((t) => !read.has(t) && t !== 'input')
  const out = b.op('Concat', unread, [1, 16, 1, 1])
  return b.build([out])
}

function randomShape(pick: <T>(xs: readonly T[]) => T): Shape {
  const hw = pick([7, 14, 28, 56])
  return [1, pick([16, 32, 64, 128, 256]), hw, hw]
}
