/**
 * Per-device activation peaks along the schedule order, under the memory models of SPEC.md section 2, with
 * per-device tensor sizes (a device holds its slice of a tensor plus the pieces it received).
 *
 * Liveness and buffer sharing are properties of the order and the graph, not of the sizes, so they are
 * computed once per problem (`bufferPlan`, O(N + E)); each device then costs one pass over the buffers with a
 * difference array (`activationPeaks`, O(T + N) per device). A shared buffer (inplace) is as large on a
 * device as its largest member there. Step 0 is the graph inputs; step s ≥ 1 is the s-th node running.
 *
 * INTERIM: src/core/memory/ (the shared walk) had not landed when this was written; the rules below follow
 * SPEC.md section 2 word for word and are to be replaced by its `walkBytes` once it exists.
 */

import type { Problem } from './problem'

export type MemoryModel = 'simple' | 'inplace'

export interface BufferPlan {
  /** buffer id of each tensor, -1 for weights and tensors nothing produces */
  bufOf: Int32Array
  bufStart: Int32Array
  bufEnd: Int32Array
  nBuf: number
  steps: number
}

const VIEW_OPS = new Set(['Reshape', 'Flatten', 'Squeeze', 'Unsqueeze', 'Identity', 'Dropout'])
const INPLACE_OPS = new Set([
  'Relu', 'LeakyRelu', 'PRelu', 'Elu', 'Selu', 'Sigmoid', 'HardSigmoid', 'HardSwish', 'Tanh', 'Softplus',
  'Softsign', 'Gelu', 'Erf', 'Clip', 'Abs', 'Neg', 'Exp', 'Log', 'Sqrt', 'Reciprocal', 'Floor', 'Ceil', 'Round',
  'Sin', 'Cos', 'Not', 'Add', 'Sub', 'Mul', 'Div', 'Pow', 'Min', 'Max', 'Mod', 'And', 'Or', 'Xor', 'Equal',
  'Less', 'Greater', 'Where', 'BatchNormalization',
])

export function bufferPlan(p: Problem, model: MemoryModel): BufferPlan {
  const { nT, nN, order, pos } = p
  const N = nN
  const last = new Int32Array(nT).fill(-1) // last consumer step
  for (let v = 0; v < nN; v++) {
    for (const t of new Set(p.nIn[v])) if (t >= 0) last[t] = Math.max(last[t], pos[v] + 1)
  }
  const endOf = (t: number, born: number): number => (p.tGraphOut[t] === 1 ? N : Math.max(born, last[t]))
  const bufOf = new Int32Array(nT).fill(-1)
  const start: number[] = []
  const end: number[] = []
  const pinned: boolean[] = [] // holds a graph input or output: never reused
  const newBuf = (t: number, born: number): void => {
    bufOf[t] = start.length
    start.push(born)
    end.push(endOf(t, born))
    pinned.push(p.tGraphIn[t] === 1 || p.tGraphOut[t] === 1)
  }
  for (let t = 0; t < nT; t++) if (p.tGraphIn[t] === 1 && p.tWeight[t] === 0) newBuf(t, 0)
  const graph = p.graph
  for (let s = 1; s <= N; s++) {
    const v = order[s - 1]
    const node = graph.nodes[v]
    for (const o of p.nOut[v]) {
      if (p.tWeight[o] === 1) continue
      let joined = -1
      if (model === 'inplace') {
        const x = p.nIn[v][0]
        if (VIEW_OPS.has(node.op) && x >= 0 && bufOf[x] >= 0) {
          joined = bufOf[x]
        } else if (INPLACE_OPS.has(node.op)) {
          const ot = graph.tensors[o]
          for (const x2 of p.nIn[v]) {
            if (x2 < 0 || bufOf[x2] < 0 || p.tWeight[x2] === 1) continue
            const it = graph.tensors[x2]
            const b = bufOf[x2]
            if (it.dtype !== ot.dtype || JSON.stringify(it.shape) !== JSON.stringify(ot.shape)) continue
            if (pinned[b] || end[b] > s) continue
            joined = b
            break
          }
        }
      }
      if (joined >= 0) {
        bufOf[o] = joined
        end[joined] = Math.max(end[joined], endOf(o, s))
        if (p.tGraphOut[o] === 1) pinned[joined] = true
      } else {
        newBuf(o, s)
      }
    }
  }
  return { bufOf, bufStart: Int32Array.from(start), bufEnd: Int32Array.from(end), nBuf: start.length, steps: N + 1 }
}

/** Activation peak of each device: devBytes is t·K + j (Sim.devBytes). */
export function activationPeaks(bp: BufferPlan, devBytes: Float64Array, K: number, out: Float64Array): Float64Array {
  const size = new Float64Array(bp.nBuf)
  const diff = new Float64Array(bp.steps + 1)
  const nT = bp.bufOf.length
  for (let j = 0; j < K; j++) {
    size.fill(0)
    for (let t = 0; t < nT; t++) {
      const b = bp.bufOf[t]
      if (b >= 0 && devBytes[t * K + j] > size[b]) size[b] = devBytes[t * K + j]
    }
    diff.fill(0)
    for (let b = 0; b < bp.nBuf; b++) {
      if (size[b] === 0) continue
      diff[bp.bufStart[b]] += size[b]
      diff[bp.bufEnd[b] + 1] -= size[b]
    }
    let cur = 0, peak = 0
    for (let s = 0; s < bp.steps; s++) {
      cur += diff[s]
      if (cur > peak) peak = cur
    }
    out[j] = Math.round(peak)
  }
  return out
}
