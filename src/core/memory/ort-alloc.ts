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
 *  - an op that may work in place (`MayInplace(0, 0)`: the activations, Clip, Softmax, Cast, …) takes
 *    input 0's buffer when this node is that buffer's last use, input 0 and the output are SameSize (below)
 *    and it is not a graph input or weight;
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
 * to 256 bytes, ORT's allocation alignment; graph outputs left out) placed best-fit into one block; its
 * size is the block.
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

/**
 * ORT's allocator prepared for one graph (and one set of static shapes): every name turned into an integer
 * id, every SameSize key interned, so each replay is a few passes over typed arrays — the searches of
 * ort-default.ts and ort-refine.ts replay thousands of orders. Not reentrant: one replay at a time.
 */
export interface OrtReplay {
  /** ORT's memory along `order` (indices into graph.nodes; Constant nodes are skipped as ORT never runs them) */
  memory(order: ArrayLike<number>): OrtMemory
  /** the peak alone, and the bytes summed over the steps (a search's tie-break), without the pattern block */
  score(order: ArrayLike<number>): { peakBytes: number; areaBytes: number }
}

const NO_ARENA_WEIGHT = 1
const NO_ARENA_INPUT = 2
const KIND_ALIAS = 1
const KIND_INPLACE = 2

export function createOrtReplay(graph: MemoriaGraph, opts: OrtMemoryOptions = {}): OrtReplay {
  const ids = new Map<string, number>()
  const idOf = (t: string): number => {
    let i = ids.get(t)
    if (i === undefined) { i = ids.size; ids.set(t, i) }
    return i
  }
  for (const t of graph.tensors) idOf(t.name)
  const nodeIn: Int32Array[] = []
  const nodeOut: Int32Array[] = []
  for (const n of graph.nodes) {
    nodeIn.push(Int32Array.from(n.inputs.filter((x) => x !== ''), idOf))
    nodeOut.push(Int32Array.from(n.outputs, (o) => (o === '' ? -1 : idOf(o))))
  }
  const T = ids.size
  const info = new Map(graph.tensors.map((t) => [t.name, t]))
  const names = [...ids.keys()]
  const bytes = Float64Array.from(names, (t) => info.get(t)?.bytes ?? 0)
  const base = new Uint8Array(T) // no arena memory: weights (initializers, Constant outputs) and graph inputs
  for (const t of graph.tensors) if (t.kind === 'weight') base[idOf(t.name)] = NO_ARENA_WEIGHT
  const constant = Uint8Array.from(graph.nodes, (n) => (isOrtConstant(n) ? 1 : 0))
  graph.nodes.forEach((n, v) => { if (constant[v]) for (const o of nodeOut[v]) if (o >= 0) base[o] = NO_ARENA_WEIGHT })
  for (const x of graph.inputs) if (base[idOf(x)] === 0) base[idOf(x)] = NO_ARENA_INPUT
  const isOutput = new Uint8Array(T)
  for (const x of graph.outputs) isOutput[idOf(x)] = 1
  // ORT's SameSize (allocation_planner.cc): the same element size and the same static shape, dim by dim — a
  // known dim equals the same number, a symbol the same symbol, an unknown dim nothing. Interned: -1 matches
  // nothing; a scalar (rank 0) may work in place but never takes a freed buffer (FindReusableTensor)
  const keyIds = new Map<string, number>()
  const key = new Int32Array(T).fill(-1)
  const scalar = new Uint8Array(T)
  names.forEach((t, i) => {
    const ti = info.get(t)
    const bits = ti?.dtype === null || ti?.dtype === undefined || ti.dtype === 'string' ? undefined : DTYPE_BITS[ti.dtype]
    let shape: OrtShape = ti?.shape ?? null
    if (opts.shapes !== undefined) {
      shape = opts.shapes.get(t) ?? null
      // [] is both "no shape" and a scalar's shape in ORT's metadata: a scalar only where the graph says so
      if (shape !== null && shape.length === 0 && ti?.shape?.length !== 0) shape = null
    }
    if (bits === undefined || shape === null || shape.some((d) => d === null || d === '')) return
    const k = `${bits}:${shape.map((d) => (typeof d === 'number' ? String(d) : `$${d}`)).join('x')}`
    if (!keyIds.has(k)) keyIds.set(k, keyIds.size)
    key[i] = keyIds.get(k) as number
    scalar[i] = shape.length === 0 ? 1 : 0
  })
  const kind = Uint8Array.from(graph.nodes, (n) => {
    if (n.domain !== '' && n.domain !== 'ai.onnx') return 0
    return ORT_ALIAS_OPS.has(n.op) ? KIND_ALIAS : ORT_INPLACE_OPS.has(n.op) ? KIND_INPLACE : 0
  })
  const in0 = Int32Array.from(graph.nodes, (n) => (n.inputs.length > 0 && n.inputs[0] !== '' ? idOf(n.inputs[0]) : -1))

  // per replay (reused): uses left per tensor, its buffer, the no-arena state; per buffer its fields
  const maxBuffers = nodeOut.reduce((a, o) => a + o.length, 0)
  const uses = new Int32Array(T)
  const bufOf = new Int32Array(T)
  const state = new Uint8Array(T)
  const bSize = new Float64Array(maxBuffers)
  const bPending = new Int32Array(maxBuffers)
  const bAlloc = new Int32Array(maxBuffers)
  const bLast = new Int32Array(maxBuffers)
  const bKey = new Int32Array(maxBuffers)
  const bOutput = new Uint8Array(maxBuffers)
  const free = new Int32Array(maxBuffers) // a stack: the most recently freed on top
  const released = new Int32Array(nodeIn.reduce((a, ins, v) => Math.max(a, ins.length + nodeOut[v].length), 0))

  /** Replays `order`; returns the steps run and the number of buffers made (the b* arrays hold them). */
  function replay(order: ArrayLike<number>): { steps: number; buffers: number } {
    uses.fill(0)
    bufOf.fill(-1)
    state.set(base)
    let S = 0
    for (let k = 0; k < order.length; k++) {
      const v = order[k]
      if (constant[v]) continue
      S++
      const ins = nodeIn[v]
      for (let j = 0; j < ins.length; j++) uses[ins[j]]++
    }
    let nb = 0
    let nf = 0
    let k = -1
    for (let q = 0; q < order.length; q++) {
      const v = order[q]
      if (constant[v]) continue
      k++
      const outs = nodeOut[v]
      for (let j = 0; j < outs.length; j++) {
        const o = outs[j]
        if (o < 0) continue
        const u = uses[o]
        if (isOutput[o]) {
          // a graph output gets its own buffer (kAllocateOutput), held to the end
          bSize[nb] = bytes[o]; bPending[nb] = 1; bAlloc[nb] = k; bLast[nb] = S; bKey[nb] = -1; bOutput[nb] = 1
          bufOf[o] = nb++
          continue
        }
        const x = in0[v]
        if (j === 0 && kind[v] === KIND_ALIAS && x >= 0) {
          const b = bufOf[x]
          // a view of a weight or of a graph input: no arena memory
          if (b < 0) state[o] = state[x] === NO_ARENA_WEIGHT ? NO_ARENA_WEIGHT : NO_ARENA_INPUT
          else { bPending[b] += u; bufOf[o] = b }
          continue
        }
        if (j === 0 && kind[v] === KIND_INPLACE && x >= 0) {
          const b = bufOf[x]
          if (b >= 0 && bOutput[b] === 0 && bPending[b] === 1 && key[o] >= 0 && key[x] === key[o]) {
            bPending[b] += u
            bufOf[o] = b
            continue
          }
        }
        // FindReusableTensor: the most recently freed buffer of the same key; never a scalar or an unknown shape
        let f = -1
        if (key[o] >= 0 && scalar[o] === 0) for (let i = nf - 1; i >= 0 && f < 0; i--) if (bKey[free[i]] === key[o]) f = i
        if (f >= 0) {
          const b = free[f]
          free.copyWithin(f, f + 1, nf)
          nf--
          bPending[b] += u
          bufOf[o] = b
          continue
        }
        bSize[nb] = bytes[o]; bPending[nb] = u; bAlloc[nb] = k; bLast[nb] = k; bKey[nb] = key[o]; bOutput[nb] = 0
        bufOf[o] = nb++
      }
      // releases: a buffer's uses are counted per input occurrence over every tensor sharing it; at 0 it goes
      // on the free list but stays allocated until the last tensor reusing it is done (bLast)
      let nr = 0
      const ins = nodeIn[v]
      for (let j = 0; j < ins.length; j++) {
        const b = bufOf[ins[j]]
        if (b < 0) continue
        if (bLast[b] < k) bLast[b] = k
        if (--bPending[b] === 0) released[nr++] = b
      }
      for (let j = 0; j < outs.length; j++) {
        const b = outs[j] < 0 ? -1 : bufOf[outs[j]]
        if (b < 0) continue
        if (bLast[b] < k) bLast[b] = k
        if (bPending[b] === 0 && !released.subarray(0, nr).includes(b)) released[nr++] = b
      }
      for (let i = 0; i < nr; i++) if (bOutput[released[i]] === 0) free[nf++] = released[i]
    }
    return { steps: S, buffers: nb }
  }

  /** Bytes held while each step runs, by a difference array over the buffers' lifetimes. */
  function duringOf(S: number, nb: number): Float64Array {
    const during = new Float64Array(S + 1)
    for (let b = 0; b < nb; b++) {
      during[bAlloc[b]] += bSize[b]
      during[Math.min(bLast[b], S - 1) + 1] -= bSize[b]
    }
    for (let k = 1; k < S; k++) during[k] += during[k - 1]
    return during.subarray(0, S)
  }

  return {
    memory(order) {
      const { steps, buffers } = replay(order)
      const during = Array.from(duringOf(steps, buffers))
      const kept: { size: number; allocStep: number; lastStep: number }[] = []
      let outputBytes = 0
      for (let b = 0; b < buffers; b++) {
        if (bOutput[b]) outputBytes += bSize[b]
        else kept.push({ size: bSize[b], allocStep: bAlloc[b], lastStep: bLast[b] })
      }
      return { during, peakBytes: during.reduce((a, x) => Math.max(a, x), 0), patternBytes: patternBlock(kept), outputBytes }
    },
    score(order) {
      const { steps, buffers } = replay(order)
      const during = duringOf(steps, buffers)
      let peakBytes = 0, areaBytes = 0
      for (let k = 0; k < during.length; k++) { areaBytes += during[k]; if (during[k] > peakBytes) peakBytes = during[k] }
      return { peakBytes, areaBytes }
    },
  }
}

/** ORT's memory along `order` (indices into graph.nodes; Constant nodes are skipped as ORT never runs them). */
export function ortMemory(graph: MemoriaGraph, order: readonly number[], opts: OrtMemoryOptions = {}): OrtMemory {
  return createOrtReplay(graph, opts).memory(order)
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
