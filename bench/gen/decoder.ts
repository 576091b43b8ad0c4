/**
 * An LLM-scale decoder as a memoria-graph, built with the bench graph builder: `layers` pre-norm decoder
 * layers (RMSNorm, per-head attention with rotary embeddings, a gated MLP, residual adds) over a [1, seq,
 * hidden, 1] activation. Attention is unrolled per head — as exporters that do not fuse it write it — which
 * is what brings 24 layers of 20 heads past 10,000 nodes. Shapes are the decoder's; the ops only need to be
 * plausible for scheduling and drawing (the builder gives no shape inference).
 */
import type { MemoriaGraph } from '../../src/core/graph/types.ts'
import { GraphBuilder, type Shape } from './build.ts'

export interface DecoderParams { layers: number; heads: number; seq: number; headDim: number }

export function decoder({ layers, heads, seq, headDim }: DecoderParams): MemoriaGraph {
  const hidden = heads * headDim
  const b = new GraphBuilder(`decoder-${layers}x${heads}`)
  const act: Shape = [1, seq, hidden, 1]
  const head: Shape = [1, seq, headDim, 1]
  const scores: Shape = [1, seq, seq, 1]
  const rms = (x: string): string => {
    const sq = b.op('Pow', [x], act)
    const mean = b.op('ReduceMean', [sq], [1, seq, 1, 1])
    const root = b.op('Sqrt', [b.op('Add', [mean], [1, seq, 1, 1])], [1, seq, 1, 1])
    return b.op('Mul', [b.op('Div', [x, root], act)], act, hidden)
  }
  const rotary = (x: string): string => {
    const lo = b.op('Slice', [x], [1, seq, headDim / 2, 1])
    const hi = b.op('Slice', [x], [1, seq, headDim / 2, 1])
    const rot = b.op('Concat', [b.op('Neg', [hi], [1, seq, headDim / 2, 1]), lo], head)
    return b.op('Add', [b.op('Mul', [x], head), b.op('Mul', [rot], head)], head)
  }
  let x = b.op('Gather', [b.input('input_ids', [1, seq, 1, 1])], act, 32_000 * hidden)
  for (let l = 0; l < layers; l++) {
    const h = rms(x)
    const q = b.op('MatMul', [h], act, hidden * hidden)
    const k = b.op('MatMul', [h], act, hidden * hidden)
    const v = b.op('MatMul', [h], act, hidden * hidden)
    const outs: string[] = []
    for (let i = 0; i < heads; i++) {
      const qi = rotary(b.op('Slice', [q], head))
      const ki = rotary(b.op('Slice', [k], head))
      const vi = b.op('Slice', [v], head)
      const s = b.op('Add', [b.op('Div', [b.op('MatMul', [qi, b.op('Transpose', [ki], head)], scores)], scores)], scores)
      outs.push(b.op('MatMul', [b.op('Softmax', [s], scores), vi], head))
    }
    const attn = b.op('MatMul', [b.op('Concat', outs, act)], act, hidden * hidden)
    x = b.op('Add', [x, attn], act)
    const m = rms(x)
    const gate = b.op('MatMul', [m], [1, seq, 4 * hidden, 1], 4 * hidden * hidden)
    const up = b.op('MatMul', [m], [1, seq, 4 * hidden, 1], 4 * hidden * hidden)
    const act4: Shape = [1, seq, 4 * hidden, 1]
    const silu = b.op('Mul', [gate, b.op('Sigmoid', [gate], act4)], act4)
    x = b.op('Add', [x, b.op('MatMul', [b.op('Mul', [silu, up], act4)], act, 4 * hidden * hidden)], act)
  }
  return b.build([b.op('MatMul', [rms(x)], [1, seq, 32_000, 1], 32_000 * hidden)])
}
