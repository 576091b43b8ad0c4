/**
 * NAS-style cell networks, the graphs where execution order matters most (MemoriaNova section 5; Serenity).
 *
 * `dartsNetwork`: DARTS/NASNet-like cells. Each cell reads the outputs of the two previous cells,
 * preprocesses each (Relu → 1×1 Conv), then builds 4 intermediate nodes, each the sum of two operations on
 * two earlier states (sep-conv = Relu → depthwise Conv → pointwise Conv, dil-conv = Relu → Conv → Conv,
 * max-pool, or skip), and concatenates the intermediates. Reduction cells (stride 2, channels doubled) at
 * 1/3 and 2/3 of the depth. Stem: 3×3 Conv on a 1×3×224×224 input to C channels at 56×56.
 *
 * `randWireNetwork`: RandWire-WS (Xie et al. 2019): per stage a Watts–Strogatz graph (N nodes, K = 4,
 * P = 0.75) oriented from lower to higher index; each node sums its inputs (Sum), then Relu → depthwise
 * Conv → pointwise Conv; the stage output averages the sinks. Stages halve the resolution.
 * Both are deterministic per seed (sfc32).
 */
import type { MemoriaGraph } from '../../src/core/graph/types.ts'
import { createRng } from '../../src/core/random.ts'
import { GraphBuilder } from './build.ts'

export interface DartsParams { cells: number; channels: number; seed: number }

export function dartsNetwork({ cells, channels, seed }: DartsParams): MemoriaGraph {
  const rng = createRng(seed)
  const b = new GraphBuilder(`darts-c${cells}-ch${channels}-s${seed}`)
  const x = b.input('input', [1, 3, 224, 224])
  const stem = b.conv(x, channels, 4)
  let s0 = stem
  let s1 = stem
  let c = channels
  for (let cell = 0; cell < cells; cell++) {
    const reduction = cell === Math.floor(cells / 3) || cell === Math.floor((2 * cells) / 3)
    if (reduction) c *= 2
    const stride = reduction ? 2 : 1
    const [, , h1] = b.shapeOf(s1)
    // s0 may be at twice s1's resolution after a reduction: its preprocessing conv matches it
    const p0 = b.conv(b.relu(s0), c, b.shapeOf(s0)[2] > h1 ? 2 : 1, 1)
    const p1 = b.conv(b.relu(s1), c, 1, 1)
    const states = [p0, p1]
    for (let i = 0; i < 4; i++) {
      const ops: string[] = []
      for (let k = 0; k < 2; k++) {
        const j = rng.int(states.length)
        const src = states[j]
        const st = j < 2 ? stride : 1
        const kind = rng.int(4)
        if (kind === 0) ops.push(b.conv(b.conv(b.relu(src), c, st, 3), c, 1, 1))
        else if (kind === 1) ops.push(b.conv(b.conv(b.relu(src), c, st, 5), c, 1, 1))
        else if (kind === 2 || st > 1) ops.push(b.pool(src, st))
        else ops.push(b.op('Identity', [src], b.shapeOf(src)))
      }
      states.push(b.add2(ops[0], ops[1]))
    }
    s0 = s1
    s1 = b.concat(states.slice(2))
  }
  const out = b.op('GlobalAveragePool', [s1], [1, b.shapeOf(s1)[1], 1, 1])
  return b.build([out])
}

export interface RandWireParams { nodesPerStage: number; stages: number; channels: number; seed: number }

export function randWireNetwork({ nodesPerStage: n, stages, channels, seed }: RandWireParams): MemoriaGraph {
  const rng = createRng(seed)
  const b = new GraphBuilder(`randwire-n${n}-st${stages}-ch${channels}-s${seed}`)
  const x = b.input('input', [1, 3, 224, 224])
  let cur = b.conv(x, channels, 4)
  let c = channels
  for (let s = 0; s < stages; s++) {
    if (s > 0) c *= 2
    // Watts–Strogatz ring lattice, K = 4, rewired with P = 0.75
    const edges = new Set<string>()
    for (let i = 0; i < n; i++) {
      for (let k = 1; k <= 2; k++) {
        let j = (i + k) % n
        if (rng.next() < 0.75) { do j = rng.int(n); while (j === i || edges.has(`${Math.min(i, j)}-${Math.max(i, j)}`)) }
        edges.add(`${Math.min(i, j)}-${Math.max(i, j)}`)
      }
    }
    const preds: number[][] = Array.from({ length: n }, () => [])
    for (const e of edges) { const [a, z] = e.split('-').map(Number); preds[z].push(a) }
    const hasSucc = new Uint8Array(n)
    for (const p of preds) for (const a of p) hasSucc[a] = 1
    const outs: string[] = []
    for (let i = 0; i < n; i++) {
      const stride = s > 0 && preds[i].length === 0 ? 2 : 1
      const ins = preds[i].length === 0 ? [cur] : preds[i].map((a) => outs[a])
      const agg = b.add(ins)
      outs.push(b.conv(b.conv(b.relu(agg), c, stride, 3), c, 1, 1))
    }
    cur = b.add(outs.filter((_, i) => !hasSucc[i]))
  }
  const out = b.op('GlobalAveragePool', [cur], [1, c, 1, 1])
  return b.build([out])
}
