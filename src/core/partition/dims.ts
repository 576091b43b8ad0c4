/**
 * Which partition dimensions each operator allows, and which region of each input a device needs to compute
 * its share of the output (docs/cost-model.md, "Dimensions" and "What a device needs").
 *
 * A layout splits one axis of a tensor into contiguous intervals, one per device (or keeps it whole on one
 * device). A node's share is an interval [lo, hi) of its own split axis b; `needRegion` maps it to a region of
 * input slot k: a slab (axis, [lo, hi)) of that input, the whole input, or nothing. Regions are exact boxes,
 * so overlaps between what a device holds and what it needs are products of interval fractions.
 * `followAxis` gives the output axis a node takes when its lead input is split on axis a, or -1 when
 * following would not be exact (the node reduces or mixes over a). All O(rank) per call.
 */

import type { AttrValue, NodeInfo } from '../graph/types'

export type OpClass =
  | 'conv' | 'pool' | 'gpool' | 'gemm' | 'matmul' | 'elementwise' | 'reduce-last' | 'reduce' | 'transpose'
  | 'view' | 'concat' | 'gather' | 'shape' | 'other'

export interface NodeSpec {
  cls: OpClass
  /** output shape (numeric) of output 0 */
  out: number[]
  /** input shapes per slot (numeric; [] for an omitted input) */
  ins: number[][]
  /** channel axis of the output and its length; -1 when the node cannot split by channel */
  chAxis: number
  /** spatial (rows / tokens) axis of the output; -1 when the node cannot split by rows */
  spAxis: number
  /** conv / pool along axis 2: stride, top padding, kernel, dilation; conv groups */
  stride: number; padTop: number; kernel: number; dilation: number; group: number
  /** softmax / layer-norm axis, reduce axes, concat axis, transpose perm */
  axes: number[]
  keepdims: boolean
  perm: number[]
  /** gemm: transA, transB */
  transA: boolean; transB: boolean
  /** matmul: B is a weight (features split) rather than an activation (heads split) */
  weightB: boolean
}

const ELEMENTWISE = new Set([
  'Relu', 'LeakyRelu', 'PRelu', 'Elu', 'Selu', 'Sigmoid', 'HardSigmoid', 'HardSwish', 'Tanh', 'Softplus',
  'Softsign', 'Gelu', 'Erf', 'Clip', 'Abs', 'Neg', 'Exp', 'Log', 'Sqrt', 'Reciprocal', 'Floor', 'Ceil', 'Round',
  'Sin', 'Cos', 'Not', 'Add', 'Sub', 'Mul', 'Div', 'Pow', 'Min', 'Max', 'Mod', 'And', 'Or', 'Xor', 'Equal',
  'Less', 'Greater', 'Where', 'BatchNormalization', 'Cast', 'Sum', 'Mean', 'Mish', 'Swish', 'Silu', 'Sign',
  'IsNaN', 'LessOrEqual', 'GreaterOrEqual',
])
const VIEWS = new Set(['Reshape', 'Flatten', 'Squeeze', 'Unsqueeze', 'Identity', 'Dropout'])

function ints(a: AttrValue | undefined): number[] | null {
  return Array.isArray(a) && a.every((x) => typeof x === 'number') ? (a as number[]) : null
}
function int(a: AttrValue | undefined, dflt: number): number {
  return typeof a === 'number' ? a : dflt
}

function normAxis(a: number, rank: number): number {
  return a < 0 ? a + rank : a
}

/** Classifies a node; shapes must be numeric (the caller has checked). */
export function nodeSpec(node: NodeInfo, shapeOf: (t: string) => number[], isWeight: (t: string) => boolean): NodeSpec {
  const out = node.outputs.length > 0 ? shapeOf(node.outputs[0]) : []
  const ins = node.inputs.map((t) => (t === '' ? [] : shapeOf(t)))
  const at = node.attributes
  const r = out.length
  const s: NodeSpec = {
    cls: 'other', out, ins, chAxis: -1, spAxis: -1, stride: 1, padTop: 0, kernel: 1, dilation: 1, group: 1,
    axes: [], keepdims: true, perm: [], transA: false, transB: false, weightB: false,
  }
  const single = node.outputs.length === 1
  const op = node.op
  const x = ins[0] ?? []
  if ((op === 'Conv' || op === 'MaxPool' || op === 'AveragePool' || op === 'LpPool') && single && r >= 3 && x.length === r) {
    s.cls = op === 'Conv' ? 'conv' : 'pool'
    const w = ins[1] ?? []
    const kernel = ints(at.kernel_shape) ?? (op === 'Conv' && w.length >= 3 ? w.slice(2) : [1])
    s.kernel = kernel[0] ?? 1
    s.stride = (ints(at.strides) ?? [1])[0] ?? 1
    s.dilation = (ints(at.dilations) ?? [1])[0] ?? 1
    s.group = op === 'Conv' ? int(at.group, 1) : 1
    const autoPad = typeof at.auto_pad === 'string' ? at.auto_pad : 'NOTSET'
    if (autoPad === 'SAME_UPPER' || autoPad === 'SAME_LOWER') {
      const total = Math.max(0, (out[2] - 1) * s.stride + (s.kernel - 1) * s.dilation + 1 - x[2])
      s.padTop = autoPad === 'SAME_UPPER' ? Math.floor(total / 2) : Math.ceil(total / 2)
    } else {
      s.padTop = (ints(at.pads) ?? [0])[0] ?? 0
    }
    s.chAxis = 1
    s.spAxis = 2
  } else if ((op === 'GlobalAveragePool' || op === 'GlobalMaxPool') && single && r >= 2) {
    s.cls = 'gpool'
    s.chAxis = 1
  } else if (op === 'Gemm' && single && r === 2) {
    s.cls = 'gemm'
    s.transA = int(at.transA, 0) === 1
    s.transB = int(at.transB, 0) === 1
    s.chAxis = 1
    if (!s.transA) s.spAxis = 0
  } else if (op === 'MatMul' && single && r >= 2) {
    s.cls = 'matmul'
    s.weightB = isWeight(node.inputs[1])
    s.chAxis = s.weightB ? r - 1 : r >= 3 ? r - 3 : -1
    s.spAxis = r - 2
  } else if (ELEMENTWISE.has(op) && single) {
    s.cls = 'elementwise'
  } else if ((op === 'Softmax' || op === 'LogSoftmax' || op === 'LayerNormalization') && single) {
    s.cls = 'reduce-last'
    s.axes = [normAxis(int(at.axis, -1), r)]
  } else if (op.startsWith('Reduce') && single && ints(at.axes) !== null) {
    s.cls = 'reduce'
    s.axes = (ints(at.axes) ?? []).map((a) => normAxis(a, x.length))
    s.keepdims = int(at.keepdims, 1) !== 0
  } else if (op === 'Transpose' && single && isPermutation(ints(at.perm) ?? x.map((_, i) => x.length - 1 - i), x, out)) {
    s.cls = 'transpose'
    s.perm = ints(at.perm) ?? x.map((_, i) => x.length - 1 - i)
  } else if (VIEWS.has(op) && single) {
    s.cls = 'view'
  } else if (op === 'Shape' || op === 'Size') {
    s.cls = 'shape' // reads only the (static) shape of its input: needs none of its data
  } else if (op === 'Gather' && single && isWeight(node.inputs[0]) && normAxis(int(at.axis, 0), x.length) === 0) {
    // embedding lookup: output = indices.shape ++ data.shape[1:]; split along the indices' axes (tokens)
    s.cls = 'gather'
    const idx = ins[1] ?? []
    s.axes = [idx.length]
    if (idx.length >= 2) s.spAxis = idx.length - 1
  } else if (op === 'Concat' && single) {
    s.cls = 'concat'
    s.axes = [normAxis(int(at.axis, 0), r)]
  }
  if (s.chAxis >= 0 && (out[s.chAxis] ?? 0) < 2) s.chAxis = -1
  if (s.spAxis >= 0 && (out[s.spAxis] ?? 0) < 2) s.spAxis = -1
  return s
}

/**
 * `perm` permutes x's axes into out's: a memoria-graph's shapes come from its author, and a Transpose whose
 * ranks or dims disagree with its perm cannot be followed axis by axis (it is planned whole instead).
 */
function isPermutation(perm: number[], x: number[], out: number[]): boolean {
  if (perm.length !== x.length || out.length !== x.length) return false
  const seen = new Uint8Array(x.length)
  for (let i = 0; i < perm.length; i++) {
    const a = perm[i]
    if (!Number.isInteger(a) || a < 0 || a >= x.length || seen[a] === 1 || out[i] !== x[a]) return false
    seen[a] = 1
  }
  return true
}

/** Axis of `to` that carries axis `a` of `from` unchanged (same prefix product, same length), or -1. */
function carriedAxis(from: number[], to: number[], a: number): number {
  if (a < 0 || a >= from.length) return -1
  let pf = 1
  for (let i = 0; i < a; i++) pf *= from[i]
  let pt = 1
  for (let b = 0; b < to.length; b++) {
    if (pt === pf && to[b] === from[a]) return b
    pt *= to[b]
    if (pt > pf) return -1
  }
  return -1
}

/** The output axis a node takes when its lead input (slot 0 for views and transposes) is split on axis a. */
export function followAxis(s: NodeSpec, leadSlot: number, a: number): number {
  const x = s.ins[leadSlot]
  const r = s.out.length
  switch (s.cls) {
    case 'elementwise': {
      const b = a + (r - x.length) // right-aligned broadcasting
      return b >= 0 && x[a] === s.out[b] ? b : -1
    }
    case 'reduce-last':
      return x.length === r && a < s.axes[0] ? a : -1
    case 'reduce': {
      if (s.axes.includes(a)) return -1
      return s.keepdims ? a : a - s.axes.filter((q) => q < a).length
    }
    case 'transpose':
      return s.perm.indexOf(a)
    case 'view':
      return carriedAxis(x, s.out, a)
    case 'concat':
      return x.length === r && a !== s.axes[0] ? a : -1
    case 'gather':
      return leadSlot === 1 && a < s.axes[0] ? a : -1
    case 'pool':
    case 'gpool':
      return a === 1 ? 1 : -1
    case 'conv':
      return a === 1 && s.group > 1 && s.group === x[1] && s.group === s.out[1] ? 1 : -1
    default:
      return -1
  }
}

/** Whether the node may ever follow (its op maps some input axis exactly to an output axis). */
export function canFollow(s: NodeSpec): boolean {
  return s.cls !== 'other' && s.cls !== 'shape' && s.cls !== 'gemm' && s.cls !== 'matmul' && (s.cls !== 'conv' || s.group > 1)
}

/** A region of one tensor: axis -1 means the whole tensor; an empty interval (hi ≤ lo) means nothing. */
export interface Region { axis: number; lo: number; hi: number }

function set(r: Region, axis: number, lo: number, hi: number): Region {
  r.axis = axis; r.lo = lo; r.hi = hi
  return r
}

/** Same interval on the broadcast-aligned axis of slot k, or whole when that input is broadcast along b. */
function same(s: NodeSpec, k: number, b: number, lo: number, hi: number, r: Region): Region {
  const x = s.ins[k]
  const a = b - (s.out.length - x.length)
  if (a < 0 || x[a] !== s.out[b]) return set(r, -1, 0, 1)
  return set(r, a, lo, hi)
}

/**
 * The region of input slot k that a device computing [lo, hi) of output axis b needs, written into `r` (no
 * allocation: the simulation calls this per device per input). b = -1: the whole node on one device (needs
 * every input whole).
 */
export function needRegion(s: NodeSpec, k: number, b: number, lo: number, hi: number, r: Region): Region {
  if (hi <= lo || s.cls === 'shape') return set(r, -1, 0, 0)
  const x = s.ins[k]
  if (x === undefined || b < 0) return set(r, -1, 0, 1)
  switch (s.cls) {
    case 'conv':
    case 'pool': {
      if (k === 0) {
        if (b === 2) {
          const from = lo * s.stride - s.padTop
          const to = (hi - 1) * s.stride - s.padTop + (s.kernel - 1) * s.dilation + 1
          return set(r, 2, Math.max(0, from), Math.min(x[2], to))
        }
        if (b === 1) {
          if (s.cls === 'pool') return set(r, 1, lo, hi)
          if (s.group === 1) return set(r, -1, 0, 1)
          const outPer = s.out[1] / s.group
          const inPer = x[1] / s.group
          return set(r, 1, Math.floor(lo / outPer) * inPer, Math.ceil(hi / outPer) * inPer)
        }
        return set(r, -1, 0, 1)
      }
      // weight [Cout, ...] and bias [Cout] by output channel
      return b === 1 ? set(r, 0, lo, hi) : set(r, -1, 0, 1)
    }
    case 'gpool':
      return b === 1 ? set(r, 1, lo, hi) : set(r, -1, 0, 1)
    case 'gemm': {
      if (k === 0) return b === 0 ? set(r, 0, lo, hi) : set(r, -1, 0, 1)
      if (k === 1) return b === 1 ? set(r, s.transB ? 0 : 1, lo, hi) : set(r, -1, 0, 1)
      return same(s, k, b, lo, hi, r)
    }
    case 'matmul': {
      const rank = s.out.length
      if (b === rank - 2) return k === 0 && x.length >= 2 ? set(r, x.length - 2, lo, hi) : set(r, -1, 0, 1)
      if (s.weightB) return k === 1 ? set(r, x.length - 1, lo, hi) : set(r, -1, 0, 1)
      return same(s, k, b, lo, hi, r)
    }
    case 'elementwise':
    case 'reduce-last':
      return same(s, k, b, lo, hi, r)
    case 'reduce': {
      if (k !== 0) return set(r, -1, 0, 1)
      if (s.keepdims) return set(r, b, lo, hi)
      for (let a = 0, seen = 0; a < x.length; a++) {
        if (s.axes.includes(a)) continue
        if (seen++ === b) return set(r, a, lo, hi)
      }
      return set(r, -1, 0, 1)
    }
    case 'transpose':
      return k === 0 ? set(r, s.perm[b], lo, hi) : set(r, -1, 0, 1)
    case 'view': {
      if (k !== 0) return set(r, -1, 0, 1)
      const a = carriedAxis(s.out, x, b)
      return a < 0 ? set(r, -1, 0, 1) : set(r, a, lo, hi)
    }
    case 'concat':
      return b === s.axes[0] ? set(r, -1, 0, 1) : same(s, k, b, lo, hi, r)
    case 'gather':
      if (k === 1) return b < s.axes[0] ? set(r, b, lo, hi) : set(r, -1, 0, 1)
      return b >= s.axes[0] ? set(r, b - s.axes[0] + 1, lo, hi) : set(r, -1, 0, 1)
    default:
      return set(r, -1, 0, 1)
  }
}
