/**
 * Blocks for a scope that holds too many nodes to read at once (issue 11: swin_t opened on one group of
 * 6,517 nodes; a graph exported without name scopes has no hierarchy at all). The nodes of one scope are
 * cut into a hierarchy of blocks so no block holds more than `max` drawn nodes:
 *
 * 1. cut points: along the nodes in file order, a cut after position k when at most one tensor made at or
 *    before k is read after k (the residual stream of a transformer, the trunk of a CNN);
 * 2. repeated blocks: for each operator, the cuts after nodes of that operator split the sequence into
 *    segments; the operator whose segments repeat most (equal operator sequences) wins — a transformer's
 *    residual Adds, giving attention, MLP, attention, MLP, …;
 * 3. layers: the shortest period P (≤ 8) of the segments' sequences, at the offset that matches best, joins
 *    P consecutive segments into a layer (layer → attention / MLP); segments outside the repeating run stay
 *    on their own;
 * 4. too many blocks: consecutive ones are joined into ranges; a block still too big is cut again, and a
 *    sequence without usable repeats is cut into consecutive runs at cut points (at most `max` nodes each).
 *
 * Folded nodes (fold.ts) do not count towards sizes; each goes with the block of the node it folds into.
 * Labels: `layer 3`, and inside `attention` (holds a Softmax), `mlp` (MatMul/Gemm, no Softmax) or
 * `block`; runs `nodes 51–100` (positions in the scope). Deterministic; O(n · ops + n log n) per scope.
 */
import type { MemoriaGraph } from '../graph/types.ts'

export interface Block {
  label: string
  /** node indices directly in this block (sorted) */
  leaves: number[]
  children: Block[]
}

export const MAX_BLOCK_ITEMS = 50
const MAX_PERIOD = 8

interface Seq {
  graph: MemoriaGraph
  /** the drawn (not folded) nodes of the scope, in file order */
  main: number[]
  /** cut after position k is allowed */
  cut: Uint8Array
  /** position in `main` of a node index */
  pos: Map<number, number>
}

/** Cut points along `main` (see the module comment). */
function cutsOf(graph: MemoriaGraph, main: number[]): Uint8Array {
  const madeAt = new Map<string, number>()
  main.forEach((v, k) => {
    for (const o of graph.nodes[v].outputs) if (o !== '') madeAt.set(o, k)
  })
  const lastUse = new Map<string, number>()
  main.forEach((v, k) => {
    for (const t of graph.nodes[v].inputs) {
      const p = madeAt.get(t)
      if (p !== undefined && p < k) lastUse.set(t, Math.max(lastUse.get(t) ?? -1, k))
    }
  })
  const diff = new Int32Array(main.length + 1)
  for (const [t, last] of lastUse) {
    const p = madeAt.get(t) as number
    diff[p]++
    diff[last]--
  }
  const cut = new Uint8Array(main.length)
  let run = 0
  for (let k = 0; k < main.length - 1; k++) {
    run += diff[k]
    cut[k] = run <= 1 ? 1 : 0
  }
  return cut
}

function segmentsAt(seq: Seq, from: number, to: number, keep: (k: number) => boolean): [number, number][] {
  const out: [number, number][] = []
  let start = from
  for (let k = from; k < to - 1; k++) {
    if (seq.cut[k] === 1 && keep(k)) {
      out.push([start, k + 1])
      start = k + 1
    }
  }
  out.push([start, to])
  return out
}

const signature = (seq: Seq, [a, b]: [number, number]): string => {
  let out = ''
  for (let k = a; k < b; k++) out += `${seq.graph.nodes[seq.main[k]].op},`
  return out
}

function contentLabel(seq: Seq, [a, b]: [number, number]): string {
  const ops = new Set(seq.main.slice(a, b).map((v) => seq.graph.nodes[v].op))
  if (ops.has('Softmax')) return 'attention'
  if (ops.has('MatMul') || ops.has('Gemm')) return 'mlp'
  return 'block'
}

/** The repeated segments of [from, to): the operator whose cuts give the most equal segments. */
function repeatedSegments(seq: Seq, from: number, to: number): [number, number][] | null {
  const ops = new Set<string>()
  for (let k = from; k < to - 1; k++) if (seq.cut[k] === 1) ops.add(seq.graph.nodes[seq.main[k]].op)
  let best: { segs: [number, number][]; repeats: number } | null = null
  for (const op of [...ops].sort()) {
    const segs = segmentsAt(seq, from, to, (k) => seq.graph.nodes[seq.main[k]].op === op)
    if (segs.length < 2) continue
    const count = new Map<string, number>()
    for (const s of segs) {
      const sig = signature(seq, s)
      count.set(sig, (count.get(sig) ?? 0) + 1)
    }
    // repeats: segments whose operator sequence occurs more than once (and is more than one node)
    let repeats = 0
    for (const s of segs) if (s[1] - s[0] > 1 && (count.get(signature(seq, s)) ?? 0) > 1) repeats += s[1] - s[0]
    if (repeats > 0 && (best === null || repeats > best.repeats)) best = { segs, repeats }
  }
  return best && best.repeats >= (to - from) / 2 ? best.segs : null
}

/** Operator histograms of two segments differ in at most 15% of their nodes (a shifted window's rolls). */
function similar(seq: Seq, a: [number, number], b: [number, number]): boolean {
  const h = new Map<string, number>()
  for (let k = a[0]; k < a[1]; k++) { const op = seq.graph.nodes[seq.main[k]].op; h.set(op, (h.get(op) ?? 0) + 1) }
  for (let k = b[0]; k < b[1]; k++) { const op = seq.graph.nodes[seq.main[k]].op; h.set(op, (h.get(op) ?? 0) - 1) }
  let diff = 0
  for (const v of h.values()) diff += Math.abs(v)
  return diff <= 0.15 * Math.max(a[1] - a[0], b[1] - b[0])
}

/** Joins P consecutive segments into layers where the segments repeat (similar, see above) with period P. */
function layersOf(seq: Seq, segs: [number, number][]): Block[] {
  const like = (i: number, j: number): boolean => similar(seq, segs[i], segs[j])
  let P = 1
  for (let p = 1; p <= Math.min(MAX_PERIOD, segs.length >> 1); p++) {
    let matches = 0
    for (let i = 0; i + p < segs.length; i++) if (like(i, i + p)) matches++
    if (matches >= 0.6 * (segs.length - p)) { P = p; break }
  }
  const leafBlock = (s: [number, number], label: string): Block => ({ label, leaves: seq.main.slice(s[0], s[1]), children: [] })
  if (P === 1) return segs.map((s, i) => leafBlock(s, `${contentLabel(seq, s)} ${i}`))
  // the offset at which groups of P segments repeat best (a prologue shifts the layers)
  let offset = 0
  let bestScore = -1
  for (let r = 0; r < P; r++) {
    let score = 0
    for (let i = r; i + 2 * P <= segs.length; i += P) {
      let same = true
      for (let q = 0; q < P && same; q++) same = like(i + q, i + P + q)
      if (same) score++
    }
    if (score > bestScore) { bestScore = score; offset = r }
  }
  const out: Block[] = []
  let layer = 0
  let i = 0
  for (; i < offset; i++) out.push(leafBlock(segs[i], `${contentLabel(seq, segs[i])} ${i}`))
  for (; i + P <= segs.length; i += P) {
    const parts = segs.slice(i, i + P)
    out.push({ label: `layer ${layer++}`, leaves: [], children: parts.map((s) => leafBlock(s, contentLabel(seq, s))) })
  }
  for (; i < segs.length; i++) out.push(leafBlock(segs[i], `${contentLabel(seq, segs[i])} ${i}`))
  return out
}

/** Consecutive runs of at most `max` nodes, ended at cut points where one lies in the second half. */
function runsOf(seq: Seq, from: number, to: number, max: number): Block[] {
  const out: Block[] = []
  let start = from
  while (start < to) {
    let end = Math.min(to, start + max)
    if (end < to) {
      for (let k = end - 1; k >= start + (max >> 1); k--) if (seq.cut[k] === 1) { end = k + 1; break }
    }
    out.push({ label: `nodes ${start - from + 1}–${end - from}`, leaves: seq.main.slice(start, end), children: [] })
    start = end
  }
  return out
}

const size = (b: Block): number => b.leaves.length + b.children.reduce((a, c) => a + size(c), 0)

/** Joins consecutive blocks into ranges until at most `max` remain. */
function ranges(blocks: Block[], max: number): Block[] {
  if (blocks.length <= max) return blocks
  const per = Math.ceil(blocks.length / max)
  const out: Block[] = []
  for (let i = 0; i < blocks.length; i += per) {
    const part = blocks.slice(i, i + per)
    out.push(part.length === 1 ? part[0] : { label: `${part[0].label} – ${part[part.length - 1].label}`, leaves: [], children: part })
  }
  return ranges(out, max)
}

function split(seq: Seq, from: number, to: number, max: number, depth: number): Block[] {
  const segs = depth < 3 ? repeatedSegments(seq, from, to) : null
  let blocks = segs === null ? runsOf(seq, from, to, max) : layersOf(seq, segs)
  // a block still too big is cut again (its own positions in `main`)
  const offsetOf = seq.pos
  const refine = (b: Block): Block => {
    if (b.children.length > 0) return { ...b, children: b.children.map(refine) }
    if (b.leaves.length <= max) return b
    const a = offsetOf.get(b.leaves[0]) as number
    return { ...b, leaves: [], children: split(seq, a, a + b.leaves.length, max, depth + 1) }
  }
  blocks = blocks.map(refine)
  return ranges(blocks.filter((b) => size(b) > 0), max)
}

/**
 * Blocks for the nodes `leaves` of one scope (node indices), or null when at most `max` of them are drawn.
 * `fold`: fold.ts's targets (-1: drawn). Every leaf lands in exactly one block.
 */
export function splitIntoBlocks(graph: MemoriaGraph, leaves: readonly number[], fold: Int32Array, max = MAX_BLOCK_ITEMS): Block[] | null {
  const sorted = [...leaves].sort((a, b) => a - b)
  const main = sorted.filter((v) => fold[v] < 0)
  if (main.length <= max) return null
  const pos = new Map<number, number>()
  main.forEach((v, k) => pos.set(v, k))
  const seq: Seq = { graph, main, cut: cutsOf(graph, main), pos }
  const blocks = split(seq, 0, main.length, max, 0)
  // folded leaves go with the block of their target, else with the first block
  const home = new Map<number, Block>()
  const visit = (b: Block): void => {
    for (const v of b.leaves) home.set(v, b)
    b.children.forEach(visit)
  }
  blocks.forEach(visit)
  const first = (b: Block): Block => (b.children.length > 0 ? first(b.children[0]) : b)
  for (const v of sorted) {
    if (fold[v] < 0) continue
    const b = home.get(fold[v]) ?? first(blocks[0])
    b.leaves.push(v)
  }
  const sortAll = (b: Block): void => {
    b.leaves.sort((x, y) => x - y)
    b.children.forEach(sortAll)
  }
  blocks.forEach(sortAll)
  return blocks
}
