/**
 * Recurrent layers: RNN, GRU, LSTM (ONNX layout 0 `[seq, batch, input]` and layout 1
 * `[batch, seq, input]`), and quantisation: QuantizeLinear, DequantizeLinear, DynamicQuantizeLinear.
 *
 * Recurrent outputs: Y `[seq, dirs, batch, hidden]` (layout 1: `[batch, seq, dirs, hidden]`), Y_h and Y_c
 * `[dirs, batch, hidden]` (layout 1: `[batch, dirs, hidden]`); dirs = 2 for `bidirectional`, hidden from
 * `hidden_size` or from R's last dim. O(rank).
 */
import type { Dim } from '../types.ts'
import { attrInt, attrStr, bad, dtypeAttr, input, optInput, shapeOf, type InferFn } from './context.ts'

const recurrent: InferFn = (c) => {
  const x = shapeOf(c, 0)
  if (x.length !== 3) bad(`${c.node.op} input must have rank 3, got ${x.length}`)
  const layout = attrInt(c, 'layout', 0)
  const [seq, batch] = layout === 0 ? [x[0], x[1]] : [x[1], x[0]]
  const dirs = attrStr(c, 'direction', 'forward') === 'bidirectional' ? 2 : 1
  const r = optInput(c, 2)?.shape
  const hidden: Dim = c.node.attributes.hidden_size !== undefined ? attrInt(c, 'hidden_size', 0) : (r?.[2] ?? bad('hidden_size is unknown'))
  const dtype = input(c, 0).dtype
  const y = layout === 0 ? [seq, dirs, batch, hidden] : [batch, seq, dirs, hidden]
  const yh = layout === 0 ? [dirs, batch, hidden] : [batch, dirs, hidden]
  return [{ dtype, shape: y }, { dtype, shape: yh }, { dtype, shape: yh }]
}

const quantize: InferFn = (c) => {
  const x = input(c, 0)
  const zp = optInput(c, 2)
  const dtype = dtypeAttr(c, 'output_dtype', null) ?? zp?.dtype ?? 'uint8'
  return [{ dtype, shape: x.shape }]
}

const dequantize: InferFn = (c) => {
  const x = input(c, 0)
  const scale = optInput(c, 1)
  return [{ dtype: scale?.dtype ?? 'float32', shape: x.shape }]
}

const dynamicQuantize: InferFn = (c) => {
  const x = input(c, 0)
  return [
    { dtype: 'uint8', shape: x.shape },
    { dtype: 'float32', shape: [] },
    { dtype: 'uint8', shape: [] },
  ]
}

export const RECURRENT: Record<string, InferFn> = {
  RNN: recurrent,
  GRU: recurrent,
  LSTM: recurrent,
  QuantizeLinear: quantize,
  DequantizeLinear: dequantize,
  DynamicQuantizeLinear: dynamicQuantize,
}
