/**
 * Floating-point operations per node, a multiply–add counted as 2 (docs/spec.md section 1).
 *
 * Exact counts for the compute operators (Conv with groups, ConvTranspose, Gemm, MatMul, Einsum); a
 * per-element cost for pooling, normalisation, softmax, reductions and element-wise operators; 0 for pure
 * data movement (Reshape, Transpose, Gather, Concat, Shape, Constant, …) and for operators the planner does
 * not know. The table and its reasoning are in docs/shape-inference.md. A node whose shapes are not fully
 * known (symbolic or unknown dims) counts 0: a FLOP figure is an estimate for the cost model, unlike bytes.
 * O(rank) per node.
 */
import type { AttrValue, Dim } from './types.ts'
import { CONTRIB_PER_ELEMENT } from './infer/contrib.ts'
import { ELEMENTWISE_OPS } from './infer/elementwise.ts'
import { einsumDims } from './infer/linalg.ts'
import { numel } from './infer/dims.ts'
import { own } from '../names.ts'

/** Per-output-element cost of element-wise-like operators that are not 1. */
const PER_ELEMENT: Record<string, number> = {
  BatchNormalization: 2,
  LayerNormalization: 8,
  InstanceNormalization: 8,
  GroupNormalization: 8,
  RMSNormalization: 5,
  SimplifiedLayerNormalization: 5,
  MeanVarianceNormalization: 8,
  LpNormalization: 3,
  Softmax: 5,
  LogSoftmax: 5,
  Hardmax: 2,
  Cast: 1,
  CastLike: 1,
  CumSum: 1,
}

/** Operators that only move or describe data: 0 FLOPs. */
export const DATA_MOVEMENT_OPS = new Set([
  'Reshape', 'Flatten', 'Squeeze', 'Unsqueeze', 'Transpose', 'Gather', 'GatherElements', 'GatherND', 'Scatter',
  'ScatterElements', 'ScatterND', 'Concat', 'Split', 'Slice', 'Pad', 'Tile', 'Expand', 'Identity', 'Dropout',
  'Shape', 'Size', 'Constant', 'ConstantOfShape', 'Range', 'DepthToSpace', 'SpaceToDepth', 'OneHot', 'NonZero',
  'Compress', 'EyeLike', 'RandomNormal', 'RandomUniform', 'RandomNormalLike', 'RandomUniformLike', 'Bernoulli',
  'Trilu',
])

function ints(v: AttrValue | undefined): number[] | undefined {
  return Array.isArray(v) ? v.map(Number) : undefined
}

function int(v: AttrValue | undefined, def: number): number {
  return typeof v === 'number' ? v : typeof v === 'string' && v !== '' && !Number.isNaN(Number(v)) ? Number(v) : def
}

/** Whether the node's optional input `i` is given (a module function: nodeFlops runs per node). */
function hasInput(node: FlopsNode, i: number): boolean {
  return node.inputs[i] !== undefined && node.inputs[i] !== ''
}

export interface FlopsNode {
  op: string
  domain: string
  inputs: string[]
  attributes: Record<string, AttrValue>
}

/**
 * FLOPs of one node from its attributes and the shapes of its inputs and outputs (null: unknown or an
 * omitted optional input). Never negative; 0 when a needed shape is not fully known.
 */
export function nodeFlops(node: FlopsNode, ins: (Dim[] | null)[], outs: (Dim[] | null)[]): number {
  const op = node.op
  const out = numel(outs[0] ?? null)
  const inp = numel(ins[0] ?? null)
  const a = node.attributes
  if (node.domain === 'com.microsoft') {
    if (op === 'FusedMatMul') {
      const x = ins[0]
      if (out === null || !x || x.length === 0) return 0
      const k = int(a.transA, 0) === 1 && x.length >= 2 ? x[x.length - 2] : x[x.length - 1]
      return typeof k === 'number' ? 2 * out * k : 0
    }
    return out === null ? 0 : out * (own(CONTRIB_PER_ELEMENT, op) ?? 0)
  }
  if (node.domain !== '' && node.domain !== 'ai.onnx') return 0
  if (DATA_MOVEMENT_OPS.has(op)) return 0
  switch (op) {
    case 'Conv':
    case 'ConvInteger':
    case 'QLinearConv': {
      const w = numel(ins[op === 'QLinearConv' ? 3 : 1] ?? null)
      const wShape = ins[op === 'QLinearConv' ? 3 : 1]
      if (out === null || w === null || wShape === null || wShape === undefined) return 0
      // each output element: Cin/group × prod(kernel) multiply-adds = (weight elements / Cout)
      const perOut = w / (wShape[0] as number)
      return 2 * out * perOut + (op === 'Conv' && hasInput(node, 2) ? out : 0)
    }
    case 'ConvTranspose': {
      const w = ins[1]
      const x = ins[0]
      const wn = numel(w ?? null)
      if (inp === null || wn === null || !w || !x || out === null) return 0
      // each input element feeds Cout/group × prod(kernel) outputs: (weight elements / Cin) per input element
      return 2 * inp * (wn / (w[0] as number)) + (hasInput(node, 2) ? out : 0)
    }
    case 'Gemm': {
      const x = ins[0]
      if (out === null || !x || x.length !== 2) return 0
      const k = int(a.transA, 0) === 1 ? x[0] : x[1]
      if (typeof k !== 'number') return 0
      return 2 * out * k + (hasInput(node, 2) ? out : 0)
    }
    case 'MatMul':
    case 'MatMulInteger':
    case 'QLinearMatMul': {
      const x = ins[0]
      if (out === null || !x || x.length === 0) return 0
      const k = x[x.length - 1]
      return typeof k === 'number' ? 2 * out * k : 0
    }
    case 'Einsum': {
      const shapes = ins.filter((s): s is Dim[] => s !== null && s !== undefined)
      if (shapes.length !== ins.length || typeof a.equation !== 'string') return 0
      try {
        const p = einsumDims(a.equation, shapes)
        const all = numel([...p.sizes.values(), ...p.ellipsis])
        if (all === null) return 0
        return shapes.length === 1 ? all : shapes.length * all
      } catch {
        return 0
      }
    }
    case 'MaxPool':
    case 'AveragePool':
    case 'LpPool': {
      const k = ints(a.kernel_shape)
      return out === null || k === undefined ? 0 : out * k.reduce((x, y) => x * y, 1)
    }
    case 'GlobalAveragePool':
    case 'GlobalMaxPool':
    case 'GlobalLpPool':
      return inp ?? 0
    case 'LRN':
      return out === null ? 0 : out * (2 * int(a.size, 1) + 3)
    case 'ArgMax':
    case 'ArgMin':
      return inp ?? 0
    case 'TopK': {
      const k = outs[0]
      const axisLen = k ? numel([k[k.length - 1]]) : null
      return inp === null ? 0 : inp * Math.max(1, Math.ceil(Math.log2((axisLen ?? 1) + 1)))
    }
    case 'Resize':
    case 'Upsample': {
      if (out === null) return 0
      const mode = typeof a.mode === 'string' ? a.mode : 'nearest'
      const x = ins[0]
      const o = outs[0]
      const r = x && o ? x.filter((d, i) => d !== o[i]).length : 0
      return mode === 'linear' || mode === 'bilinear' ? out * 2 * 2 ** r : mode === 'cubic' ? out * 2 * 4 ** r : 0
    }
  }
  if (op.startsWith('Reduce')) {
    if (inp === null) return 0
    const two = op === 'ReduceSumSquare' || op === 'ReduceL2' || op === 'ReduceLogSumExp'
    return inp * (two ? 2 : 1) + (op === 'ReduceMean' && out !== null ? out : 0)
  }
  const perElement = own(PER_ELEMENT, op) // op names come from the file: `constructor` is no table entry
  if (perElement !== undefined) return out === null ? 0 : out * perElement
  if (ELEMENTWISE_OPS.has(op)) {
    if (out === null) return 0
    const n = node.inputs.filter((s) => s !== '').length
    // variadic Sum/Min/Max/Mean: n − 1 combining operations per element (Mean one more for the division)
    if (op === 'Sum' || op === 'Min' || op === 'Max') return out * Math.max(1, n - 1)
    if (op === 'Mean') return out * n
    return out
  }
  return 0
}
