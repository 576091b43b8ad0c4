/**
 * The `ort-default` target: an order ONNX Runtime's default walk (ort-order.ts) produces by itself from a
 * plain file, with the lowest peak ORT will see (core/memory/ort-alloc.ts) — no tie nodes needed.
 *
 * The walk's orders are exactly the choices, at each node, of the order in which its producers' branches are
 * explored; the file order fixes them (latest producer first). Local search over those choices: start from
 * each candidate file order (the file's own, BTSearch's), walk it, and at every node whose producers were
 * first reached from it, try swapping two adjacent branch blocks of the walk (a block: the nodes first
 * emitted while exploring that producer). A swapped walk that is still topological is a file order whose own
 * walk is re-evaluated; an improvement is kept, until no swap improves or the budget ends. This is a
 * heuristic over the walk's orders (first improvement, deterministic), not an exact search.
 * Cost per evaluation: one walk O(N + E log E) and one allocator replay O(N + E·F).
 */
import type { MemoriaGraph } from '../graph/types.ts'
import { createOrtReplay, type OrtShape } from '../memory/ort-alloc.ts'
import { isOrtConstant, ortOrderOfFile } from './ort-order.ts'

export interface OrtDefaultPlan {
  /** the order to write the file in (node indices, Constants included) */
  fileOrder: number[]
  /** the order ORT runs it in (Constants left out) */
  walk: number[]
  /** ORT's peak of requested bytes along the walk */
  peakBytes: number
  /** walks evaluated */
  evaluations: number
}

export interface OrtDefaultOptions {
  /** file orders to start from (node indices of graph.nodes); the file's own order is always tried */
  starts?: number[][]
  /** stop after this many evaluations (default 2,000) */
  maxEvaluations?: number
  /** ORT's static shapes (runtime/ort-shapes.ts), for the allocator model; else the graph's resolved shapes */
  shapes?: ReadonlyMap<string, OrtShape>
}

/** The walk of a file order (indices into graph.nodes), Constants first in the file. */
function walkOf(graph: MemoriaGraph, fileOrder: number[]): number[] {
  return ortOrderOfFile(fileOrder.map((v) => graph.nodes[v])).map((i) => fileOrder[i])
}

/** Blocks per node: for v, the [start, end) ranges of the walk holding the branches first explored from v. */
function branchBlocks(graph: MemoriaGraph, walk: number[]): Map<number, [number, number][]> {
  const producer = new Map<string, number>()
  for (const v of walk) for (const t of graph.nodes[v].outputs) if (t !== '') producer.set(t, v)
  const pos = new Map(walk.map((v, k) => [v, k]))
  // first position of each node's cone within the walk: the earliest position of it or any producer
  // reached only through it is found by walking back; a block of producer p explored from v ends at p
  const start = new Map<number, number>()
  const blocks = new Map<number, [number, number][]>()
  for (let k = 0; k < walk.length; k++) {
    const v = walk[k]
    const preds = [...new Set(graph.nodes[v].inputs.map((t) => producer.get(t)).filter((p): p is number => p !== undefined))]
    // the producers emitted after everything before v's first block: in walk order they form v's blocks
    preds.sort((a, b) => (pos.get(a) as number) - (pos.get(b) as number))
    let s = k
    const own: [number, number][] = []
    for (let i = preds.length - 1; i >= 0; i--) {
      const p = preds[i]
      const pp = pos.get(p) as number
      if (pp !== s - 1) break // not adjacent: reached earlier from elsewhere
      const ps = start.get(p) as number
      own.unshift([ps, pp + 1])
      s = ps
    }
    start.set(v, s)
    if (own.length >= 2) blocks.set(v, own)
  }
  return blocks
}

function isTopological(graph: MemoriaGraph, order: number[]): boolean {
  const producer = new Map<string, number>()
  graph.nodes.forEach((n, i) => { for (const t of n.outputs) if (t !== '') producer.set(t, i) })
  const seen = new Set<number>()
  for (const v of order) {
    for (const t of graph.nodes[v].inputs) {
      const p = producer.get(t)
      if (p !== undefined && !seen.has(p) && !isOrtConstant(graph.nodes[p])) return false
    }
    seen.add(v)
  }
  return true
}

export function planOrtDefault(graph: MemoriaGraph, opts: OrtDefaultOptions = {}): OrtDefaultPlan {
  const constants = graph.nodes.map((_, i) => i).filter((i) => isOrtConstant(graph.nodes[i]))
  const withConstants = (walk: number[]): number[] => [...constants, ...walk]
  const max = opts.maxEvaluations ?? 2000
  let evaluations = 0
  // a function, not `evaluations < max` inline: `evaluate` counts in a closure, which the loop-condition lint cannot see
  const spent = (): boolean => evaluations >= max
  const replay = createOrtReplay(graph, { shapes: opts.shapes })
  const evaluate = (file: number[]): { file: number[]; walk: number[]; peak: number } => {
    evaluations++
    const walk = walkOf(graph, file)
    return { file, walk, peak: replay.score(walk).peakBytes }
  }
  const starts = [graph.nodes.map((_, i) => i), ...(opts.starts ?? [])]
  let best = evaluate(starts[0])
  for (const s of starts.slice(1)) {
    const c = evaluate(s)
    if (c.peak < best.peak) best = c
  }
  let improved = true
  while (improved && !spent()) {
    improved = false
    const walk = best.walk
    for (const [, own] of branchBlocks(graph, walk)) {
      for (let i = 0; i + 1 < own.length && !improved && !spent(); i++) {
        const [a0, a1] = own[i]
        const [, b1] = own[i + 1]
        const swapped = [...walk.slice(0, a0), ...walk.slice(a1, b1), ...walk.slice(a0, a1), ...walk.slice(b1)]
        if (!isTopological(graph, swapped)) continue
        const c = evaluate(withConstants(swapped))
        if (c.peak < best.peak) { best = c; improved = true }
      }
      if (improved || spent()) break
    }
  }
  return { fileOrder: best.file, walk: best.walk, peakBytes: best.peak, evaluations }
}
