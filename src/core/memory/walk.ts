/**
 * The memory walk: (graph, order, model) → the memory curve of docs/spec.md section 2, exactly as written there.
 *
 * Buffers are named by the tensor that allocated them (its id). Per buffer: its bytes, the number of
 * (tensor, consumer) pairs still to run, and flags (alive, holds a graph input, holds a graph output).
 * Step 0 holds the graph inputs; step k+1 runs order[k]: (1) its inputs' pending pairs drop, (2) its outputs
 * get buffers — a view's output 0 joins input 0's buffer, an element-wise output 0 takes the first
 * candidate input's buffer that has nothing pending and holds no graph input/output (weights are never
 * candidates), any other output allocates — and the value *during* the step is read, (3) buffers with
 * nothing pending and no graph output are freed, giving the value *after*. A buffer never shrinks; if a
 * joining tensor is larger (only possible with overridden sizes), the buffer grows by the difference.
 *
 * O(nodes + edges) per walk, no allocation in the hot path once a `Walker` exists (the genetic partitioner
 * calls it thousands of times, with per-device sizes through `bytes`).
 */
import type { IndexedGraph } from './indexed.ts'
import type { MemoryModel } from './ops.ts'

const ALIVE = 1
const HOLDS_IN = 2
const HOLDS_OUT = 4
/** bufOf value of a weight: never counted, never reused */
const WEIGHT = -2

export interface Walker {
  /** peak of the curve; fills `during`/`after` (length order.length + 1) when given */
  run(order: ArrayLike<number>, model: MemoryModel, bytes?: Float64Array, during?: Float64Array, after?: Float64Array): number
  /** replays up to the allocations of `step` and returns the live buffers then: [root tensor, bytes, member tensors] */
  liveAt(order: ArrayLike<number>, model: MemoryModel, step: number, bytes?: Float64Array): LiveBuffer[]
}

export interface LiveBuffer {
  /** the tensor that allocated the buffer */
  root: number
  bytes: number
  /** every produced tensor that shares it (root first) */
  tensors: number[]
}

export function createWalker(ig: IndexedGraph): Walker {
  const T = ig.nTensors
  const bufOf = new Int32Array(T)
  const bufBytes = new Float64Array(T)
  const pending = new Int32Array(T)
  const flags = new Uint8Array(T)
  const { inStart, inList, outStart, outList, consStart, isWeight, isOutput, inputTensors } = ig
  const { viewInput, reuseOutput, reuseStart, reuseList, output0 } = ig

  /** runs steps 0..stopStep (all when stopStep < 0); at stopStep only the allocations happen */
  function core(order: ArrayLike<number>, inplace: boolean, bytes: Float64Array, stopStep: number,
    during: Float64Array | undefined, after: Float64Array | undefined): number {
    bufOf.fill(-1)
    let cur = 0
    for (let i = 0; i < inputTensors.length; i++) {
      const t = inputTensors[i]
      bufOf[t] = t
      bufBytes[t] = bytes[t]
      pending[t] = consStart[t + 1] - consStart[t]
      flags[t] = ALIVE | HOLDS_IN | (isOutput[t] ? HOLDS_OUT : 0)
      cur += bytes[t]
    }
    let peak = cur
    if (during) during[0] = cur
    if (stopStep === 0) return peak
    for (let i = 0; i < inputTensors.length; i++) {
      const t = inputTensors[i]
      if (pending[t] === 0 && !(flags[t] & HOLDS_OUT)) { flags[t] = 0; cur -= bufBytes[t] }
    }
    if (after) after[0] = cur
    const n = order.length
    for (let k = 0; k < n; k++) {
      const v = order[k]
      const i0 = inStart[v], i1 = inStart[v + 1], o0 = outStart[v], o1 = outStart[v + 1]
      for (let j = i0; j < i1; j++) {
        const b = bufOf[inList[j]]
        if (b >= 0) pending[b]--
      }
      for (let j = o0; j < o1; j++) {
        const o = outList[j]
        if (isWeight[o]) { bufOf[o] = WEIGHT; continue }
        let b = -1
        if (inplace && o === output0[v]) {
          if (viewInput[v] >= 0) {
            b = bufOf[viewInput[v]]
            // a view of a weight (or of a view of one) stays a weight: it allocates nothing, ever
            if (isWeight[viewInput[v]] || b === WEIGHT) { bufOf[o] = WEIGHT; continue }
          } else if (reuseOutput[v] === o) {
            for (let r = reuseStart[v]; r < reuseStart[v + 1]; r++) {
              const c = bufOf[reuseList[r]]
              if (c >= 0 && pending[c] === 0 && (flags[c] & (HOLDS_IN | HOLDS_OUT)) === 0) { b = c; break }
            }
          }
        }
        const nc = consStart[o + 1] - consStart[o]
        if (b >= 0) {
          bufOf[o] = b
          pending[b] += nc
          if (isOutput[o]) flags[b] |= HOLDS_OUT
          if (bytes[o] > bufBytes[b]) { cur += bytes[o] - bufBytes[b]; bufBytes[b] = bytes[o] }
        } else {
          bufOf[o] = o
          bufBytes[o] = bytes[o]
          pending[o] = nc
          flags[o] = ALIVE | (isOutput[o] ? HOLDS_OUT : 0)
          cur += bytes[o]
        }
      }
      if (during) during[k + 1] = cur
      if (cur > peak) peak = cur
      if (k + 1 === stopStep) return peak
      for (let j = i0; j < i1; j++) {
        const b = bufOf[inList[j]]
        if (b >= 0 && pending[b] === 0 && (flags[b] & (ALIVE | HOLDS_OUT)) === ALIVE) { flags[b] = 0; cur -= bufBytes[b] }
      }
      for (let j = o0; j < o1; j++) {
        const b = bufOf[outList[j]]
        if (b >= 0 && pending[b] === 0 && (flags[b] & (ALIVE | HOLDS_OUT)) === ALIVE) { flags[b] = 0; cur -= bufBytes[b] }
      }
      if (after) after[k + 1] = cur
    }
    return peak
  }

  return {
    run(order, model, bytes, during, after) {
      return core(order, model === 'inplace', bytes ?? ig.bytes, -1, during, after)
    },
    liveAt(order, model, step, bytes) {
      core(order, model === 'inplace', bytes ?? ig.bytes, step, undefined, undefined)
      const byRoot = new Map<number, LiveBuffer>()
      const members: number[] = []
      for (let t = 0; t < T; t++) if (bufOf[t] >= 0 && flags[bufOf[t]] & ALIVE) members.push(t)
      for (const t of members) {
        const b = bufOf[t]
        let lb = byRoot.get(b)
        if (!lb) { lb = { root: b, bytes: bufBytes[b], tensors: [] }; byRoot.set(b, lb) }
        if (t === b) lb.tensors.unshift(t)
        else lb.tensors.push(t)
      }
      return [...byRoot.values()].sort((a, b) => b.bytes - a.bytes || a.root - b.root)
    },
  }
}

export interface WalkBytesResult {
  peakBytes: number
  /** the first step where the peak is reached (0 = graph inputs, k = after order[k-1] started) */
  peakStep: number
  /** bytes while each step runs (index 0: graph inputs) and after it */
  duringBytes: Float64Array
  afterBytes: Float64Array
}

/** The walk with per-tensor sizes overridden (per-device memory of a split plan); bytes.length = nTensors. */
export function walkBytes(ig: IndexedGraph, order: ArrayLike<number>, model: MemoryModel, bytes?: Float64Array,
  walker: Walker = createWalker(ig)): WalkBytesResult {
  const duringBytes = new Float64Array(order.length + 1)
  const afterBytes = new Float64Array(order.length + 1)
  const peakBytes = walker.run(order, model, bytes, duringBytes, afterBytes)
  return { peakBytes, peakStep: duringBytes.indexOf(peakBytes), duringBytes, afterBytes }
}

/** The peak alone, allocation-free given a walker: the hot call of search and partition loops. */
export function peakOf(walker: Walker, order: ArrayLike<number>, model: MemoryModel, bytes?: Float64Array): number {
  return walker.run(order, model, bytes)
}
