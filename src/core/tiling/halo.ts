/**
 * Row rules for tiled (patch-based) execution: which input rows an operator needs for a band of its output
 * rows, and the pads a tile's copy of the operator takes so that it computes exactly that band.
 *
 * Reference: MCUNetV2 (Lin et al., NeurIPS 2021), section 3.1 — the memory-heavy first stages run band by
 * band over the output rows, each band recomputing its receptive-field halo. Rows are the H axis (dim 2) of
 * NCHW tensors; ranges are half-open [lo, hi). For a window operator (Conv, MaxPool, AveragePool) with
 * kernel k, stride s, dilation d and top pad p, output row r reads input rows r·s − p … r·s − p + (k−1)·d,
 * so the band [lo, hi) needs [lo·s − p, (hi−1)·s − p + (k−1)·d + 1) — unclamped; the part outside
 * [0, H) becomes the tile's own top and bottom pad (zero for Conv, ignored for MaxPool), never more than the
 * original pad or the ceil-mode excess, so the tile's windows are the original's windows. Row-preserving
 * operators (element-wise, BatchNormalization, activations, Concat across channels, LRN) need the band
 * itself. Everything else stops a region, with a one-sentence reason. O(rank) per call.
 */
import type { AttrValue, Dim, NodeInfo } from '../graph/types.ts'
import { ELEMENTWISE_OPS } from '../memory/ops.ts'

export interface RowRange {
  lo: number
  hi: number
}

/** A window operator along H, and its W-axis pads (kept as they are on every tile). */
export interface WindowRule {
  kind: 'window'
  kernel: number
  stride: number
  dilation: number
  /** the original pads, explicit: [top, left, bottom, right] */
  pads: [number, number, number, number]
}

export interface SameRule {
  kind: 'same'
}

export interface StopRule {
  kind: 'stop'
  /** one sentence: why no band of this operator's output comes from a band of its input rows */
  reason: string
}

export type RowRule = WindowRule | SameRule | StopRule

/** Row-preserving operators besides the element-wise set of the memory model: each output row is one input row. */
const SAME_OPS: ReadonlySet<string> = new Set([
  ...ELEMENTWISE_OPS, 'Identity', 'Dropout', 'Cast', 'LRN', 'Softplus', 'Mish', 'ThresholdedRelu', 'Celu', 'Sign',
])

const WHOLE_SEQUENCE = new Set(['Gemm', 'MatMul', 'MatMulInteger', 'Einsum', 'Attention', 'MultiHeadAttention'])
const RESHAPING = new Set(['Reshape', 'Flatten', 'Squeeze', 'Unsqueeze', 'Transpose', 'DepthToSpace', 'SpaceToDepth'])
const GLOBAL = new Set(['GlobalAveragePool', 'GlobalMaxPool', 'GlobalLpPool', 'ReduceMean', 'ReduceMax', 'ReduceMin',
  'ReduceSum', 'ReduceL2', 'ReduceProd', 'InstanceNormalization', 'LayerNormalization', 'GroupNormalization',
  'Softmax', 'LogSoftmax', 'MeanVarianceNormalization', 'LpNormalization'])

function ints(v: AttrValue | undefined): number[] | undefined {
  return Array.isArray(v) && v.every((x) => typeof x === 'number') ? (v as number[]) : undefined
}

function num(v: AttrValue | undefined, def: number): number {
  return typeof v === 'number' ? v : def
}

const stop = (reason: string): StopRule => ({ kind: 'stop', reason })

/**
 * The row rule of `node`, given the shapes of its inputs and outputs. Any operator or attribute this module
 * does not know stops the region: a wrong halo would give wrong outputs, an unknown one only a smaller gain.
 */
export function rowRule(node: NodeInfo, ins: (Dim[] | null)[], outs: (Dim[] | null)[]): RowRule {
  const op = node.op
  const who = `${node.name} (${op})`
  if (node.domain !== '' && node.domain !== 'ai.onnx') return stop(`${who} is a custom-domain operator, whose row dependencies are not known`)
  const out = outs[0]
  if (out === null || out === undefined || out.length !== 4 || out.some((d) => typeof d !== 'number')) {
    if (WHOLE_SEQUENCE.has(op)) return stop(`${who} reads every row of its input for each output row`)
    if (RESHAPING.has(op)) return stop(`${who} reshapes the tensor, so a band of its output rows is not a band of input rows`)
    return stop(`${who} does not produce a 4-D (N, C, H, W) tensor of known size, so it has no rows to tile`)
  }
  if (WHOLE_SEQUENCE.has(op)) return stop(`${who} reads every row of its input for each output row`)
  if (RESHAPING.has(op)) return stop(`${who} reshapes the tensor, so a band of its output rows is not a band of input rows`)
  if (GLOBAL.has(op)) return stop(`${who} reduces over the whole feature map, so every output needs every input row`)
  if (node.outputs.length > 1 && node.outputs.slice(1).some((o) => o !== '')) {
    return stop(`${who} has more than one output (training form), which tiles do not reproduce`)
  }
  if (op === 'Concat') {
    const axis = num(node.attributes.axis, 1)
    return axis === 1 || axis === -3 ? { kind: 'same' } : stop(`${who} concatenates along axis ${axis}, not across channels`)
  }
  if (SAME_OPS.has(op)) return { kind: 'same' }
  if (op === 'Conv' || op === 'MaxPool' || op === 'AveragePool') return windowRule(node, ins[0] ?? null, out as number[], ins[1] ?? null)
  return stop(`${who} has no row rule in the tiling planner (only convolutions, pooling, element-wise operators and channel concatenation are tiled)`)
}

function windowRule(node: NodeInfo, x: Dim[] | null, out: number[], w: Dim[] | null): RowRule {
  const a = node.attributes
  const who = `${node.name} (${node.op})`
  if (x === null || x.length !== 4 || x.some((d) => typeof d !== 'number')) return stop(`${who} has an input that is not 4-D of known size`)
  const kernel = ints(a.kernel_shape) ?? (w !== null && w.length === 4 && w.every((d) => typeof d === 'number') ? (w.slice(2) as number[]) : undefined)
  if (kernel === undefined || kernel.length !== 2) return stop(`${who} has no 2-D kernel shape`)
  const strides = ints(a.strides) ?? [1, 1]
  const dil = ints(a.dilations) ?? [1, 1]
  if (node.op === 'MaxPool' && num(a.storage_order, 0) !== 0) return stop(`${who} uses column-major storage order`)
  const ceil = num(a.ceil_mode, 0) === 1
  if (node.op === 'AveragePool' && ceil && num(a.count_include_pad, 0) === 1) {
    return stop(`${who} averages with count_include_pad and ceil_mode together, whose edge windows a tile would count differently`)
  }
  const autoPad = typeof a.auto_pad === 'string' ? a.auto_pad : 'NOTSET'
  const inH = x[2] as number
  const inW = x[3] as number
  let pads: [number, number, number, number]
  if (autoPad === 'NOTSET' || autoPad === '') {
    const p = ints(a.pads) ?? [0, 0, 0, 0]
    if (p.length !== 4) return stop(`${who} has ${p.length} pads, not 4`)
    pads = [p[0], p[1], p[2], p[3]]
  } else if (autoPad === 'VALID') {
    pads = [0, 0, 0, 0]
  } else if (autoPad === 'SAME_UPPER' || autoPad === 'SAME_LOWER') {
    const total = (i: number, size: number): number => Math.max(0, (out[2 + i] - 1) * strides[i] + (kernel[i] - 1) * dil[i] + 1 - size)
    const th = total(0, inH)
    const tw = total(1, inW)
    const head = (t: number): number => (autoPad === 'SAME_UPPER' ? Math.floor(t / 2) : Math.ceil(t / 2))
    pads = [head(th), head(tw), th - head(th), tw - head(tw)]
  } else {
    return stop(`${who} has auto_pad ${JSON.stringify(autoPad)}, which the planner does not know`)
  }
  // Tiles run with ceil_mode 0: a ceil-mode edge column becomes explicit right padding (ignored by MaxPool,
  // not counted by AveragePool without count_include_pad), so every tile has the original's width.
  const spanW = (kernel[1] - 1) * dil[1] + 1
  const extraW = (out[3] - 1) * strides[1] + spanW - (inW + pads[1] + pads[3])
  if (extraW > 0) pads = [pads[0], pads[1], pads[2], pads[3] + extraW]
  if (Math.floor((inW + pads[1] + pads[3] - spanW) / strides[1]) + 1 !== out[3]) {
    return stop(`${who} produces ${out[3]} columns where its attributes give ${Math.floor((inW + pads[1] + pads[3] - spanW) / strides[1]) + 1}`)
  }
  return { kind: 'window', kernel: kernel[0], stride: strides[0], dilation: dil[0], pads }
}

/** The input rows (unclamped: may reach into the padding) that output rows `r` of a window operator read. */
export function windowInput(rule: WindowRule, r: RowRange): RowRange {
  const lo = r.lo * rule.stride - rule.pads[0]
  const hi = (r.hi - 1) * rule.stride - rule.pads[0] + (rule.kernel - 1) * rule.dilation + 1
  return { lo, hi }
}

/**
 * The rows of an input of H rows that output rows `r` read: the first and last window tap that lands inside
 * [0, H) (with dilation, taps near the border may skip rows, so this can be tighter than clamping the
 * window range). Broadcast inputs of a row-preserving operator (H = 1 against more) need their one row.
 * O(kernel² · dilation / stride): only the rows near each end can hold the extreme taps.
 */
export function inputRows(rule: WindowRule | SameRule, r: RowRange, inH: number, outH: number): RowRange {
  if (rule.kind === 'same') return inH === outH ? { lo: r.lo, hi: r.hi } : { lo: 0, hi: inH }
  const { stride: s, dilation: d, kernel: k } = rule
  const p = rule.pads[0]
  const reach = Math.ceil(((k - 1) * d + 1) / s) + 1
  let lo = Infinity
  let hi = -Infinity
  for (let o = r.lo; o < Math.min(r.hi, r.lo + reach); o++) {
    for (let j = 0; j < k; j++) { const i = o * s - p + j * d; if (i >= 0 && i < inH && i < lo) lo = i }
  }
  for (let o = r.hi - 1; o >= Math.max(r.lo, r.hi - reach); o--) {
    for (let j = 0; j < k; j++) { const i = o * s - p + j * d; if (i >= 0 && i < inH && i > hi) hi = i }
  }
  // no tap inside the input: an empty range (the caller rejects the tiling)
  return lo > hi ? { lo: 0, hi: 0 } : { lo, hi: hi + 1 }
}

/**
 * The pads of a tile's copy of a window operator computing output rows `r` from exactly the input rows
 * `inRows` (`inputRows`): what the window range reaches beyond them. Positions in these pads are either the
 * original padding or rows no window tap reads, so zero padding (Conv), ignored padding (MaxPool) and
 * counted padding (AveragePool) all give the original's values. With ceil_mode 0 the tile then has exactly
 * r.hi − r.lo output rows: (len + top + bottom − span) / s + 1 = r.hi − r.lo.
 */
export function tilePads(rule: WindowRule, r: RowRange, inRows: RowRange): [number, number, number, number] {
  const u = windowInput(rule, r)
  return [inRows.lo - u.lo, rule.pads[1], u.hi - inRows.hi, rule.pads[3]]
}

export function hull(a: RowRange | undefined, b: RowRange): RowRange {
  return a === undefined ? { lo: b.lo, hi: b.hi } : { lo: Math.min(a.lo, b.lo), hi: Math.max(a.hi, b.hi) }
}

/** Rows of tile t of T over H rows: near-equal bands (sizes differ by at most one row). */
export function tileBand(t: number, tiles: number, h: number): RowRange {
  return { lo: Math.floor((t * h) / tiles), hi: Math.floor(((t + 1) * h) / tiles) }
}
