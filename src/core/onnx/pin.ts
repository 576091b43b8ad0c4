/**
 * Pins an execution order for ONNX Runtime: the nodes in the planned order, plus the fewest "tie" edges
 * that make ORT's default walk (ort-order.ts) run exactly that order.
 *
 * File order alone is not enough: ORT's reverse depth-first walk never interleaves independent branches
 * and runs, at a join, the branch latest in the file first. A tie makes node π[j] wait for π[j−1]:
 * one of π[j]'s inputs X is routed through `Unsqueeze(X, axes)` whose `axes` is an empty int64 tensor
 * computed from an output Y of π[j−1] (tieNodeList). Unsqueeze with no axes is the identity and ORT's CPU
 * kernel aliases its input, so X's buffer is shared, not copied. In the pinned walk the tie nodes run right
 * between π[j−1] and π[j], so no tensor lives longer than in the plan, and none of them allocates.
 *
 * Greedy: walk, find the first position k where ORT's order leaves π, and tie the node it ran too early,
 * π[j] (j > k), to π[j−1] — a node not yet run, so the tie is new and π stays a valid order of the tied
 * graph. At most N − 1 ties; each round is one O(N + E log E) walk.
 */
import { MemoriaError, fmtInt } from '../errors.ts'
import { isOrtConstant, ortOrderOfFile, type NamedNode } from './ort-order.ts'

export interface Tie {
  /** node (index into the file's nodes) that must wait */
  consumer: number
  /** which of its inputs goes through the Unsqueeze */
  slot: number
  /** node it waits for, and the output of it that Shape reads */
  source: number
  sourceOutput: string
}

export interface PinPlan {
  /** the planned order (node indices of the file, Constants included) */
  order: number[]
  ties: Tie[]
  /** ORT's order of the pinned file on the original nodes (Constants left out): equals the plan's */
  ortOrder: number[]
}

/** Prefix of every name the pinning adds; verify leaves such nodes out when it compares orders. */
export const PIN_PREFIX = 'memoria_pin_'

/** The nodes the pinned file will hold, in file order, with the ties spliced in (for the walk). */
export function pinnedNodes(nodes: readonly NamedNode[], order: readonly number[], ties: readonly Tie[],
  opset: number): { nodes: NamedNode[]; origin: number[] } {
  const byConsumer = new Map<number, Tie>()
  for (const t of ties) byConsumer.set(t.consumer, t)
  const out: NamedNode[] = []
  const origin: number[] = []
  if (ties.length > 0 && opset < 15) {
    for (const c of ['zero', 'minus1']) {
      out.push({ op: 'Constant', domain: '', inputs: [], outputs: [`${PIN_PREFIX}${c}`] })
      origin.push(-1)
    }
  }
  for (const v of order) {
    const t = byConsumer.get(v)
    const node = nodes[v]
    if (t === undefined) {
      out.push(node)
      origin.push(v)
      continue
    }
    const { unsqueezed, nodes: tieNodes } = tieNodeList(v, t, node, opset)
    for (const tn of tieNodes) { out.push(tn); origin.push(-1) }
    const inputs = [...node.inputs]
    inputs[t.slot] = unsqueezed
    out.push({ ...node, inputs })
    origin.push(v)
  }
  return { nodes: out, origin }
}

/** A node the pinning adds: its integer attributes only (Shape's start/end, Cast's to). */
export type TieNode = NamedNode & { name: string; ints?: Record<string, number> }

/**
 * The tie's node list and the tensor the consumer reads instead of X. Every node allocates nothing: from
 * opset 15 `Shape(Y, start=0, end=0)` is an empty int64 tensor; before, `Reshape(Y, [-1])` is a view,
 * `Slice` of it to [0, 0) and its `Cast` to int64 are empty (a Shape of all of Y would allocate 8·rank bytes,
 * and such a small block fragments ORT's memory-pattern block).
 */
export function tieNodeList(consumer: number, t: Tie, node: NamedNode, opset: number): { unsqueezed: string; nodes: TieNode[] } {
  const base = `${PIN_PREFIX}${consumer}`
  const unsqueezed = `${base}_x`
  const list: TieNode[] = []
  let axes: string
  if (opset >= 15) {
    axes = `${base}_shape`
    list.push({ name: axes, op: 'Shape', domain: '', inputs: [t.sourceOutput], outputs: [axes], ints: { start: 0, end: 0 } })
  } else {
    const flat = `${base}_flat`, empty = `${base}_empty`
    axes = `${base}_axes`
    list.push({ name: flat, op: 'Reshape', domain: '', inputs: [t.sourceOutput, `${PIN_PREFIX}minus1`], outputs: [flat] })
    list.push({ name: empty, op: 'Slice', domain: '', inputs: [flat, `${PIN_PREFIX}zero`, `${PIN_PREFIX}zero`], outputs: [empty] })
    list.push({ name: axes, op: 'Cast', domain: '', inputs: [empty], outputs: [axes], ints: { to: 7 } })
  }
  list.push({ name: `${base}_unsqueeze`, op: 'Unsqueeze', domain: '', inputs: [node.inputs[t.slot], axes], outputs: [unsqueezed] })
  return { unsqueezed, nodes: list }
}

function keptOf(nodes: readonly NamedNode[], order: readonly number[]): number[] {
  return order.filter((v) => !isOrtConstant(nodes[v]))
}

/** The ties that make ORT run `order` (a topological order of `nodes`, file indices) exactly. */
export function planPin(nodes: readonly NamedNode[], order: readonly number[], opset: number): PinPlan {
  if (opset < 13) {
    throw new MemoriaError('ARG_INVALID', `the model imports opset ${opset}; pinning an order for ONNX Runtime needs ` +
      'opset 13 or later (Unsqueeze with axes as an input) — convert the model with onnx.version_converter')
  }
  const planned = keptOf(nodes, order)
  const ties: Tie[] = []
  const tied = new Set<number>()
  for (;;) {
    const { nodes: pinned, origin } = pinnedNodes(nodes, order, ties, opset)
    const ort = ortOrderOfFile(pinned).map((i) => origin[i]).filter((v) => v >= 0)
    let k = 0
    while (k < planned.length && ort[k] === planned[k]) k++
    if (k === planned.length) return { order: [...order], ties, ortOrder: ort }
    const early = ort[k]
    const j = planned.indexOf(early)
    if (j <= k || tied.has(early)) {
      throw new MemoriaError('INTERNAL', `pinning the order failed at step ${fmtInt(k)} (node ${early}); please report it with the model`)
    }
    const source = planned[j - 1]
    const slot = nodes[early].inputs.findIndex((x) => x !== '')
    const sourceOutput = nodes[source].outputs.find((x) => x !== '')
    if (slot < 0 || sourceOutput === undefined) {
      throw new MemoriaError('ARG_INVALID', `node ${early} has no input (or node ${source} no output) to tie, so ONNX ` +
        'Runtime cannot be made to run the planned order; plan for the ort-default target instead')
    }
    ties.push({ consumer: early, slot, source, sourceOutput })
    tied.add(early)
  }
}
