/**
 * The `ort-pinned` target: an order for ONNX Runtime with the pinned export (pin.ts makes ORT run any
 * topological order exactly), chosen for the peak ORT's own allocator will hold (core/memory/ort-alloc.ts).
 *
 * BTSearch is exact under `inplace`, a memory model that is a function of the set of executed nodes. ORT's
 * allocator is not: a freed buffer stays allocated until the next tensor of its shape that reuses it is done,
 * so an order can hold more than its live tensors, and BTSearch's optimum is not ORT's (DARTS c8: BTSearch's
 * order runs at 3.61 MB in ORT, the file's at 2.81). Local search on ORT's figure: from each start (the file's
 * order, BTSearch's), move a random node to a random place in its window — after its last producer, before
 * its first consumer, so the order stays topological — and keep the move when ORT's peak does not rise and,
 * at an equal peak, the bytes summed over the steps do not either (plateau moves that free memory sooner).
 * Seeded and budgeted by replays; a heuristic, not an exact search. Cost per replay: O(N + E + F) typed-array
 * passes (ort-alloc.ts's createOrtReplay), ~50 µs on a 500-node graph.
 */
import { fail } from '../errors.ts'
import type { MemoriaGraph } from '../graph/types.ts'
import { createOrtReplay, type OrtShape } from '../memory/ort-alloc.ts'
import { createRng } from '../random.ts'
import { isOrtConstant } from './ort-order.ts'

export interface OrtPinnedOptions {
  /** orders to start from (node indices of graph.nodes, Constants anywhere or left out) */
  starts: number[][]
  /** ORT's static shapes (runtime/ort-shapes.ts); else the graph's resolved shapes */
  shapes?: ReadonlyMap<string, OrtShape>
  /** replays in all (default 100,000: ~5 s on a 500-node graph), shared evenly by the starts */
  maxEvaluations?: number
  seed?: number
}

export interface OrtPinnedPlan {
  /** the order ORT is to run (node indices, Constants left out: ORT never runs them) */
  order: number[]
  /** ORT's peak of requested bytes along it */
  peakBytes: number
  /** ORT's peak along each start, in the order given */
  startPeaks: number[]
  evaluations: number
}

export function planOrtPinned(graph: MemoriaGraph, opts: OrtPinnedOptions): OrtPinnedPlan {
  const replay = createOrtReplay(graph, { shapes: opts.shapes })
  const N = graph.nodes.length
  const producer = new Map<string, number>()
  graph.nodes.forEach((n, v) => { for (const t of n.outputs) if (t !== '') producer.set(t, v) })
  // node edges between nodes ORT runs (a Constant's outputs are initializers to ORT)
  const preds: number[][] = graph.nodes.map(() => [])
  const succs: number[][] = graph.nodes.map(() => [])
  graph.nodes.forEach((n, v) => {
    for (const t of new Set(n.inputs)) {
      const p = producer.get(t)
      if (p !== undefined && !isOrtConstant(graph.nodes[p]) && !isOrtConstant(n)) { preds[v].push(p); succs[p].push(v) }
    }
  })
  const budget = opts.maxEvaluations ?? 100_000
  const perStart = Math.max(1, Math.floor(budget / Math.max(1, opts.starts.length)))
  const rng = createRng(opts.seed ?? 1)
  const pos = new Int32Array(N)
  let evaluations = 0
  let best: { order: number[]; peak: number; area: number } | null = null
  const startPeaks: number[] = []
  for (const start of opts.starts) {
    const order = Int32Array.from(start.filter((v) => !isOrtConstant(graph.nodes[v])))
    order.forEach((v, k) => { pos[v] = k })
    let cur = replay.score(order)
    evaluations++
    startPeaks.push(cur.peakBytes)
    for (let it = 1; it < perStart; it++) {
      const i = rng.int(order.length)
      const v = order[i]
      let lo = 0
      let hi = order.length - 1
      for (const p of preds[v]) lo = Math.max(lo, pos[p] + 1)
      for (const c of succs[v]) hi = Math.min(hi, pos[c] - 1)
      if (hi <= lo) continue
      let j = lo + rng.int(hi - lo)
      if (j >= i) j++ // any place in [lo, hi] but i
      moveTo(order, pos, i, j)
      const c = replay.score(order)
      evaluations++
      if (c.peakBytes < cur.peakBytes || (c.peakBytes === cur.peakBytes && c.areaBytes <= cur.areaBytes)) cur = c
      else moveTo(order, pos, j, i)
    }
    if (best === null || cur.peakBytes < best.peak || (cur.peakBytes === best.peak && cur.areaBytes < best.area)) {
      best = { order: [...order], peak: cur.peakBytes, area: cur.areaBytes }
    }
  }
  if (best === null) fail('ARG_INVALID', 'the ort-pinned search needs at least one order to start from')
  return { order: best.order, peakBytes: best.peak, startPeaks, evaluations }
}

/** Moves order[i] to position j, shifting the nodes between; keeps `pos` (node → position) up to date. */
function moveTo(order: Int32Array, pos: Int32Array, i: number, j: number): void {
  const v = order[i]
  if (j > i) order.copyWithin(i, i + 1, j + 1)
  else order.copyWithin(j + 1, j, i)
  order[j] = v
  for (let k = Math.min(i, j); k <= Math.max(i, j); k++) pos[order[k]] = k
}
