/**
 * A synthetic transformer-like `MemoriaGraph` with scoped names, for tests and for the graph view's bench
 * before (and besides) real models: `layers` decoder layers of 2 + 12 + 7 + 1 nodes plus embeddings and
 * the head, names in the `/model/layers.3/self_attn/q_proj/MatMul` style of the PyTorch exporter.
 * Deterministic: the same arguments give the same graph.
 */
import type { MemoriaGraph, NodeInfo, TensorInfo } from '../graph/types.ts'

export interface SyntheticOptions {
  layers: number
  seq?: number
  hidden?: number
}

export function syntheticTransformer({ layers, seq = 128, hidden = 64 }: SyntheticOptions): MemoriaGraph {
  const nodes: NodeInfo[] = []
  const tensors: TensorInfo[] = []
  const act = (name: string, shape: number[]): string => {
    tensors.push({ name, kind: 'activation', dtype: 'float32', shape, bytes: shape.reduce((a, b) => a * b, 4) })
    return name
  }
  const weight = (name: string, shape: number[]): string => {
    tensors.push({ name, kind: 'weight', dtype: 'float32', shape, bytes: shape.reduce((a, b) => a * b, 4) })
    return name
  }
  const node = (name: string, op: string, inputs: string[], outShape: number[], flops = 0): string => {
    const out = act(`${name}_output_0`, outShape)
    nodes.push({ name, op, domain: '', inputs, outputs: [out], attributes: {}, flops })
    return out
  }
  const h = [1, seq, hidden]
  tensors.push({ name: 'input_ids', kind: 'input', dtype: 'int64', shape: [1, seq], bytes: seq * 8 })
  const emb = weight('model.embed_tokens.weight', [1000, hidden])
  let x = node('/model/embed_tokens/Gather', 'Gather', [emb, 'input_ids'], h)
  const mm = seq * hidden * hidden * 2
  for (let l = 0; l < layers; l++) {
    const p = `/model/layers.${l}`
    const w = (n: string, shape: number[]): string => weight(`model.layers.${l}.${n}`, shape)
    const norm1 = node(`${p}/input_layernorm/Pow`, 'Pow', [x], h, seq * hidden)
    const ln1 = node(`${p}/input_layernorm/Mul`, 'Mul', [norm1, w('ln1.weight', [hidden])], h, seq * hidden)
    const proj = (n: string): string => {
      const m = node(`${p}/self_attn/${n}/MatMul`, 'MatMul', [ln1, w(`${n}.weight`, [hidden, hidden])], h, mm)
      return node(`${p}/self_attn/${n}/Add`, 'Add', [m, w(`${n}.bias`, [hidden])], h, seq * hidden)
    }
    const q = proj('q_proj')
    const k = proj('k_proj')
    const v = proj('v_proj')
    const kt = node(`${p}/self_attn/Transpose`, 'Transpose', [k], [1, hidden, seq])
    const s = node(`${p}/self_attn/MatMul`, 'MatMul', [q, kt], [1, seq, seq], seq * seq * hidden * 2)
    const sm = node(`${p}/self_attn/Softmax`, 'Softmax', [s], [1, seq, seq], seq * seq * 5)
    const av = node(`${p}/self_attn/MatMul_1`, 'MatMul', [sm, v], h, seq * seq * hidden * 2)
    const o = node(`${p}/self_attn/o_proj/MatMul`, 'MatMul', [av, w('o_proj.weight', [hidden, hidden])], h, mm)
    x = node(`${p}/Add`, 'Add', [x, o], h, seq * hidden)
    const norm2 = node(`${p}/post_attention_layernorm/Pow`, 'Pow', [x], h, seq * hidden)
    const ln2 = node(`${p}/post_attention_layernorm/Mul`, 'Mul', [norm2, w('ln2.weight', [hidden])], h, seq * hidden)
    const f = [1, seq, hidden * 4]
    const mf = mm * 4
    const gate = node(`${p}/mlp/gate_proj/MatMul`, 'MatMul', [ln2, w('gate.weight', [hidden, hidden * 4])], f, mf)
    const act1 = node(`${p}/mlp/act_fn/Sigmoid`, 'Sigmoid', [gate], f, seq * hidden * 16)
    const up = node(`${p}/mlp/up_proj/MatMul`, 'MatMul', [ln2, w('up.weight', [hidden, hidden * 4])], f, mf)
    const prod = node(`${p}/mlp/Mul`, 'Mul', [act1, up], f, seq * hidden * 4)
    const down = node(`${p}/mlp/down_proj/MatMul`, 'MatMul', [prod, w('down.weight', [hidden * 4, hidden])], h, mf)
    x = node(`${p}/Add_1`, 'Add', [x, down], h, seq * hidden)
  }
  x = node('/model/norm/Mul', 'Mul', [x, weight('model.norm.weight', [hidden])], h, seq * hidden)
  const logits = node('/lm_head/MatMul', 'MatMul', [x, weight('lm_head.weight', [hidden, 1000])], [1, seq, 1000], seq * hidden * 2000)
  const last = tensors.find((t) => t.name === logits)!
  last.kind = 'output'
  return {
    format: 'memoria-graph', version: 1, name: `synthetic-${layers}`, producer: 'memoria synthetic',
    opset: { '': 17 }, symbols: { seq }, inputs: ['input_ids'], outputs: [logits], tensors, nodes,
  }
}
