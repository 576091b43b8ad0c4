/**
 * ONNX Runtime's CPU memory for a given execution order: its allocation plan replayed, giving the bytes its
 * arena holds for tensors at every step (what ORT's profiler reports as `mem_bytes_requested_in_use`), and
 * the size of the memory-pattern block it allocates from the second run on.
 *
 * Reference: onnxruntime/core/framework/allocation_planner.cc (the sequential planner) and
 * mem_pattern_planner.h; every rule below was checked against ORT 1.30's profiler (docs/memory-models.md).
 * Per node, in order, per output:
 *  - a graph output gets its own buffer (`kAllocateOutput`), never a reused one;
 *  - a view op (Reshape, Flatten, Squeeze, Unsqueeze, Identity) shares input 0's buffer
 *    (`Alias`); a view of a weight or graph input takes no arena memory;
 *  - an op that may work in place (`MayInplace(0, 0)`: the activations, Clip, Softmax, Cast, …) takes input 0's buffer when
 *    this node is that buffer's last use, input 0 and the output are SameSize (below) and it is not a graph
 *    input or weight;
 *  - otherwise the most recently freed buffer of the same shape and element size (ORT's SameSize: dims
 *    compared one by one, not byte counts) is reused, else a new one is made; scalars never reuse.
 * Shapes here are ORT's *static* shapes, from its own inference when it loads the model, which does not
 * propagate every value (ConstantOfShape of a Shape, as in GPT-2's position ids, gets unknown dims): an
 * unknown dim equals nothing, a symbol only itself. `verify` reads them from
 * ORT (runtime/ort-shapes.ts); without them the graph's resolved shapes stand in, exact when ORT knows every
 * shape at load (fixed input shapes, no shape computed from values: the CNNs).
 * A buffer's uses are counted per input occurrence over every tensor that shares it; when they reach 0 it
 * goes on the free list — but it stays allocated until the last tensor that reuses it is done, which is
 * why ORT can hold more than the live tensors. Weights (initializers, Constant nodes) are not in the arena;
 * graph inputs are the caller's. Memory pattern (run 2+): run 1's allocations and frees (sizes rounded up
 * to 256 bytes, ORT's allocation alignment; graph outputs left out) placed best-fit into one block; its size is the block.
 * Cost: O(N + E + F) for F free-list probes per allocation; the pattern O(A · live blocks).
 */
import { DTYPE_BITS, type MemoriaGraph } from '../graph/types.ts'
import { isOrtConstant } from '../onnx/ort-order.ts'

/**
 * ORT CPU kernels whose output 0 is a view of input 0 (`Alias(0, 0)`). Dropout is not one: in ORT 1.30 its
 * inference output is a copy (measured at opsets 12, 17 and 20; src/runtime/ort-kernels.test.ts).
 */
export const ORT_ALIAS_OPS: ReadonlySet<string> = new Set(['Reshape', 'Flatten', 'Squeeze', 'Unsqueeze', 'Identity'])
/**
 * ORT CPU kernels registered with `MayInplace(0, 0)`: output 0 may take input 0's buffer (activations.cc,
 * clip.cc, softmax.cc, cast_op.cc, trilu.cc, scatter.cc), each measured in ORT 1.30 by
 * src/runtime/ort-kernels.test.ts; the binary element-wise ops, Erf, Neg, Sqrt and the other unary math ops
 * are not among them.
 */
export const ORT_INPLACE_OPS: ReadonlySet<string> = new Set([
  'Relu', 'LeakyRelu', 'Elu', 'Selu', 'Celu', 'Sigmoid', 'HardSigmoid', 'Softplus', 'Softsign', 'Tanh', 'ThresholdedRelu',
  'Clip', 'Softmax', 'LogSoftmax', 'Cast', 'Trilu', 'ScatterElements', 'Scatter',
])

/**
 * A value's shape as ORT knows it statically: per dim a number, a symbol, or null (unknown); null when ORT
 * has no shape. (onnxruntime-node reports an unknown dim as '' and an absent shape as [], both read here.)
 */
export type OrtShape = readonly (number | string | null)[] | null

export interface OrtMemoryOptions {
  /** false: no reuse of freed buffers (an experiment's switch; ORT reuses them) */
  reuseFreed?: boolean
  /** ORT's static shapes by tensor name; without them, the graph's resolved shapes (see the module comment) */
  shapes?: ReadonlyMap<string, OrtShape>
}

export interface OrtMemory {
  /** arena bytes for tensors while each step runs (after its outputs are allocated, before frees) */
  during: number[]
  /** max of `during`: ORT's peak of requested bytes in the first run */
  peakBytes: number
  /** the memory-pattern block ORT allocates from the second run on (graph outputs not included) */
  patternBytes: number
  /** bytes of graph outputs (outside the pattern block) */
  outputBytes: number
}

/** ORT's `kAllocAlignment` (core/framework/allocator.h): the memory pattern rounds every size up to it */
const ORT_ALLOC_ALIGNMENT = 256
const alignUp = (n: number): number => Math.ceil(n / ORT_ALLOC_ALIGNMENT) * ORT_ALLOC_ALIGNMENT

/** ORT's memory along `order` (indices into graph.nodes; Constant nodes are skipped as ORT never runs them). */
export function ortMemory(graph: MemoriaGraph, order: readonly number[], opts: OrtMemoryOptions = {}): OrtMemory {
  const info = new Map(graph.tensors.map((t) => [t.name, t]))
  const weights = new Set(graph.tensors.filter((t) => t.kind === 'weight').map((t) => t.name))
  for (const n of graph.nodes) if (isOrtConstant(n)) for (const o of n.outputs) weights.add(o)
  const inputs = new Set(graph.inputs.filter((x) => !weights.has(x)))
  const outputs = new Set(graph.outputs)
  const steps = order.filter((v) => !isOrtConstant(graph.nodes[v]))
  const bytes = (t: string): number => info.get(t)?.bytes ?? 0
  // ORT's SameSize (allocation_planner.cc): the same element size and the same static shape, dim by dim — a
  // known dim equals the same number, a symbol the same symbol, an unknown dim nothing; null: matches nothing
  const sizeKey = (t: string): string | null => {
    const ti = info.get(t)
    const bits = ti?.dtype === null || ti?.dtype === undefined || ti.dtype === 'string' ? undefined : DTYPE_BITS[ti.dtype]
    let shape: OrtShape = ti?.shape ?? null
    if (opts.shapes !== undefined) {
      shape = opts.shapes.get(t) ?? null
      // [] is both "no shape" and a scalar's shape in ORT's metadata: a scalar only where the graph says so
      if (shape !== null && shape.length === 0 && ti?.shape?.length !== 0) shape = null
    }
    if (bits === undefined || shape === null || shape.some((d) => d === null || d === '')) return null
    return `${bits}:${shape.map((d) => (typeof d === 'number' ? String(d) : `$${d}`)).join('x')}`
  }
  // uses per tensor, per input occurrence
  const uses = new Map<string, number>()
  for (const v of steps) for (const x of graph.nodes[v].inputs) if (x !== '') uses.set(x, (uses.get(x) ?? 0) + 1)

  interface Buffer { key: string | null; size: number; pending: number; allocStep: number; lastStep: number; output: boolean; arena: boolean }
  const buffers: Buffer[] = []
  const bufOf = new Map<string, number>()
  let free: number[] = [] // most recently freed first
  steps.forEach((v, k) => {
    const node = graph.nodes[v]
    node.outputs.forEach((o, j) => {
      if (o === '') return
      const u = uses.get(o) ?? 0
      const size = bytes(o)
      const in0 = node.inputs[0] ?? ''
      const isDefault = node.domain === '' || node.domain === 'ai.onnx'
      if (outputs.has(o)) {
        bufOf.set(o, buffers.push({ key: null, size, pending: 1, allocStep: k, lastStep: steps.length, output: true, arena: true }) - 1)
        return
      }
      if (j === 0 && isDefault && ORT_ALIAS_OPS.has(node.op) && in0 !== '') {
        const b = bufOf.get(in0)
        if (b === undefined) {
          // a view of a weight or of a graph input: no arena memory
          if (weights.has(in0)) weights.add(o)
          else inputs.add(o)
          return
        }
        buffers[b].pending += u
        bufOf.set(o, b)
        return
      }
      if (j === 0 && isDefault && ORT_INPLACE_OPS.has(node.op) && in0 !== '') {
        const b = bufOf.get(in0)
        const key = sizeKey(o)
        if (b !== undefined && !buffers[b].output && buffers[b].pending === 1 && key !== null && sizeKey(in0) === key) {
          buffers[b].pending += u
          bufOf.set(o, b)
          return
        }
      }
      // FindReusableTensor: never for a scalar (rank 0) or a value of unknown shape
      const key = sizeKey(o)
      const reusable = opts.reuseFreed !== false && key !== null && !key.endsWith(':')
      const f = reusable ? free.findIndex((b) => buffers[b].key === key) : -1
      if (f >= 0) {
        const b = free[f]
        free = [...free.slice(0, f), ...free.slice(f + 1)]
        buffers[b].pending += u
        bufOf.set(o, b)
        return
      }
      bufOf.set(o, buffers.push({ key, size, pending: u, allocStep: k, lastStep: k, output: false, arena: true }) - 1)
    })
    const released: number[] = []
    const touch = (t: string): void => {
      const b = bufOf.get(t)
      if (b !== undefined) buffers[b].lastStep = Math.max(buffers[b].lastStep, k)
    }
    for (const x of node.inputs) {
      if (x === '') continue
      touch(x)
      const b = bufOf.get(x)
      if (b === undefined) continue
      if (--buffers[b].pending === 0) released.push(b)
    }
    for (const o of node.outputs) {
      touch(o)
      const b = bufOf.get(o)
      if (b !== undefined && buffers[b].pending === 0 && !released.includes(b)) released.push(b)
    }
    // ORT pushes each freed buffer to the front of its free list
    for (const b of released) if (!buffers[b].output) free.unshift(b)
  })
  const during = new Array<number>(steps.length).fill(0)
  for (const b of buffers) for (let k = b.allocStep; k <= Math.min(b.lastStep, steps.length - 1); k++) during[k] += b.size
  const outputBytes = buffers.filter((b) => b.output).reduce((s, b) => s + b.size, 0)
  return { during, peakBytes: during.reduce((a, b) => Math.max(a, b), 0), patternBytes: patternBlock(buffers.filter((b) => !b.output)), outputBytes }
}

/** Best-fit placement of the buffers (alloc at allocStep, free after lastStep) into one block. */
function patternBlock(buffers: { size: number; allocStep: number; lastStep: number }[]): number {
  const events: { step: number; kind: 0 | 1; b: number }[] = []
  buffers.forEach((b, i) => {
    events.push({ step: b.allocStep, kind: 1, b: i })
    events.push({ step: b.lastStep, kind: 0, b: i })
  })
  // at one step: allocations happen before the frees of that step's end
  events.sort((x, y) => x.step - y.step || y.kind - x.kind || x.b - y.b)
  const live: { b: number; offset: number; size: number }[] = [] // sorted by offset
  let total = 0
  for (const e of events) {
    if (e.kind === 0) {
      const i = live.findIndex((l) => l.b === e.b)
      if (i >= 0) live.splice(i, 1)
      continue
    }
    const size = alignUp(buffers[e.b].size)
    if (size === 0) continue
    // mem_pattern_planner.h: the best-fitting gap between live blocks, or the gap between the last live
    // block and the block's high-water mark; else right after the last live block
    let current = 0
    let best = -1
    let waste = Infinity
    for (const l of live) {
      if (l.offset >= current) {
        const gap = l.offset - current
        if (gap >= size && gap - size < waste) { waste = gap - size; best = current }
      }
      current = Math.max(current, l.offset + l.size)
    }
    if (current < total && total - current >= size && total - current - size < waste) best = current
    if (best < 0) best = current
    total = Math.max(total, best + size)
    let at = 0
    while (at < live.length && (live[at].offset < best || (live[at].offset === best && live[at].size < size))) at++
    live.splice(at, 0, { b: e.b, offset: best, size })
  }
  return total
}
