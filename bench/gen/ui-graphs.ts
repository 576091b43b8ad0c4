/**
 * The UI bench's big graphs (issue 11), as an exporter writes them, with FLOPs so GenEFlow has work to do:
 *
 * - `densenetGraph()`: densenet121's structure (torchvision): a 7×7 stem, dense blocks of 6/12/24/16 layers
 *   with growth 32 (each layer: Concat of every earlier feature map → BN → Relu → 1×1 Conv → Relu → 3×3 Conv),
 *   transitions (BN, Relu, 1×1 Conv, AveragePool), the classifier. Name scopes like torchvision's
 *   (`/features/denseblock1/denselayer1/conv1/Conv`). ≈ 370 nodes and, from the Concats, ≈ 1,700 edges.
 * - `swinGraph(layers)`: a swin/vit-like transformer of `layers` blocks as an older exporter writes it:
 *   flat node names (`MatMul_812`: no scopes at all), LayerNorm decomposed, every Reshape fed by a shape
 *   computation per dimension (Shape → Gather → Div → Cast → Unsqueeze, then Concat), windows partitioned
 *   and reversed, every other block shifted (Slice + Concat rolls), relative-position bias gathered from a
 *   weight table, exact GELU; Constant nodes for every scalar and index. 12 layers ≈ 6,100 nodes, 40% of
 *   them Constants — the shape of swin_t's export (6,517 nodes, 2,759 Constants).
 * Activations are float32 [1, C, H, W] (tokens: [1, D, T, 1]); shapes int64. Deterministic.
 */
import type { MemoriaGraph, NodeInfo, TensorInfo } from '../../src/core/graph/types.ts'

class Builder {
  tensors: TensorInfo[] = []
  nodes: NodeInfo[] = []
  shapes = new Map<string, number[]>()
  inputs: string[] = []
  private n = 0

  constructor(private flat: boolean) {}

  private tensor(name: string, kind: TensorInfo['kind'], shape: number[], dtype: 'float32' | 'int64' = 'float32'): string {
    const bytes = shape.reduce((a, b) => a * b, 1) * (dtype === 'int64' ? 8 : 4)
    this.tensors.push({ name, kind, dtype, shape, bytes })
    this.shapes.set(name, shape)
    return name
  }

  input(name: string, shape: number[]): string {
    this.inputs.push(name)
    return this.tensor(name, 'input', shape)
  }

  weight(name: string, shape: number[]): string {
    return this.tensor(name, 'weight', shape)
  }

  /** one node; `scope` is its name scope (ignored for flat names); returns its output */
  op(op: string, scope: string, inputs: string[], out: number[], flops = 0, dtype: 'float32' | 'int64' = 'float32'): string {
    const id = this.n++
    const name = this.flat ? `${op}_${id}` : `${scope}/${op}${id === 0 ? '' : `_${id}`}`
    const o = this.tensor(`${op.toLowerCase()}_${id}_out`, 'activation', out, dtype)
    this.nodes.push({ name, op, domain: '', inputs, outputs: [o], attributes: {}, flops })
    return o
  }

  constant(scope: string, elements = 1, dtype: 'float32' | 'int64' = 'int64'): string {
    return this.op('Constant', scope, [], [elements], 0, dtype)
  }

  shape(t: string): number[] {
    return this.shapes.get(t) as number[]
  }

  build(name: string, outputs: string[]): MemoriaGraph {
    for (const t of this.tensors) if (outputs.includes(t.name)) t.kind = 'output'
    return {
      format: 'memoria-graph', version: 1, name, producer: 'memorianova bench generator (bench/gen/ui-graphs.ts)',
      opset: { '': 17 }, symbols: {}, inputs: this.inputs, outputs, tensors: this.tensors, nodes: this.nodes,
    }
  }
}

const numel = (s: number[]): number => s.reduce((a, b) => a * b, 1)

// ---------------------------------------------------------------- densenet121
export function densenetGraph(blocks = [6, 12, 24, 16], growth = 32): MemoriaGraph {
  const b = new Builder(false)
  const conv = (scope: string, x: string, cout: number, k: number, stride = 1): string => {
    const [, c, h, w] = b.shape(x)
    const out = [1, cout, Math.ceil(h / stride), Math.ceil(w / stride)]
    return b.op('Conv', scope, [x, b.weight(`${scope}.weight`, [cout, c, k, k])], out, 2 * c * k * k * numel(out))
  }
  const unary = (op: string, scope: string, x: string): string => b.op(op, scope, [x], b.shape(x), numel(b.shape(x)))
  const bn = (scope: string, x: string): string =>
    b.op('BatchNormalization', scope, [x, b.weight(`${scope}.scale`, [b.shape(x)[1]]), b.weight(`${scope}.bias`, [b.shape(x)[1]])], b.shape(x), 2 * numel(b.shape(x)))
  let x = b.input('input', [1, 3, 224, 224])
  x = unary('Relu', '/features/relu0', conv('/features/conv0', x, 64, 7, 2))
  const [, c0, h0] = b.shape(x)
  x = b.op('MaxPool', '/features/pool0', [x], [1, c0, h0 / 2, h0 / 2], numel([1, c0, h0 / 2, h0 / 2]) * 9)
  blocks.forEach((layers, bi) => {
    const features = [x]
    for (let l = 0; l < layers; l++) {
      const s = `/features/denseblock${bi + 1}/denselayer${l + 1}`
      const [, , h, w] = b.shape(x)
      const cat = features.length === 1 ? features[0]
        : b.op('Concat', s, [...features], [1, features.reduce((a, f) => a + b.shape(f)[1], 0), h, w])
      let y = unary('Relu', `${s}/relu1`, bn(`${s}/norm1`, cat))
      y = unary('Relu', `${s}/relu2`, conv(`${s}/conv1`, y, 4 * growth, 1))
      features.push(conv(`${s}/conv2`, y, growth, 3))
    }
    const [, , h, w] = b.shape(features[0])
    x = b.op('Concat', `/features/denseblock${bi + 1}`, features, [1, features.reduce((a, f) => a + b.shape(f)[1], 0), h, w])
    if (bi < blocks.length - 1) {
      const s = `/features/transition${bi + 1}`
      x = conv(`${s}/conv`, unary('Relu', `${s}/relu`, bn(`${s}/norm`, x)), b.shape(x)[1] / 2, 1)
      const [, c, hh, ww] = b.shape(x)
      x = b.op('AveragePool', `${s}/pool`, [x], [1, c, hh / 2, ww / 2], numel([1, c, hh, ww]))
    }
  })
  x = unary('Relu', '/features/relu5', bn('/features/norm5', x))
  const c = b.shape(x)[1]
  x = b.op('GlobalAveragePool', '/pool', [x], [1, c, 1, 1], numel(b.shape(x)))
  x = b.op('Flatten', '/flatten', [x], [1, c])
  x = b.op('Gemm', '/classifier', [x, b.weight('classifier.weight', [1000, c])], [1, 1000], 2 * c * 1000)
  return b.build('densenet121-like', [x])
}

// ---------------------------------------------------------------- swin-like transformer
export function swinGraph(layers = 12, dim = 96, tokens = 3136, window = 49): MemoriaGraph {
  const b = new Builder(true)
  const s = ''
  const tok = (d: number, t = tokens): number[] => [1, d, t, 1]
  const ew = (op: string, xs: string[], extra = 0): string => b.op(op, s, xs, b.shape(xs[0]), numel(b.shape(xs[0])) + extra)
  const withConst = (op: string, x: string): string => ew(op, [x, b.constant(s, 1, 'float32')])
  const matmul = (x: string, dout: number, name: string): string => {
    const [, d, t] = b.shape(x)
    const y = b.op('MatMul', s, [x, b.weight(`${name}.weight`, [d, dout])], tok(dout, t), 2 * d * dout * t)
    return ew('Add', [y, b.weight(`${name}.bias`, [dout])])
  }
  const layerNorm = (x: string, name: string): string => {
    const [, , t] = b.shape(x)
    const mean = b.op('ReduceMean', s, [x], [1, 1, t, 1], numel(b.shape(x)))
    const c = ew('Sub', [x, mean])
    const v = b.op('ReduceMean', s, [withConst('Pow', c)], [1, 1, t, 1], numel(b.shape(x)))
    const sd = b.op('Sqrt', s, [withConst('Add', v)], [1, 1, t, 1], t)
    return ew('Add', [ew('Mul', [ew('Div', [c, sd]), b.weight(`${name}.gamma`, [b.shape(x)[1]])]), b.weight(`${name}.beta`, [b.shape(x)[1]])])
  }
  /** a Reshape whose target shape is computed, dimension by dimension, from `x`'s shape at run time */
  const dynReshape = (x: string, out: number[]): string => {
    const dims: string[] = []
    for (let k = 0; k < out.length; k++) {
      const sh = b.op('Shape', s, [x], [4], 0, 'int64')
      const g = b.op('Gather', s, [sh, b.constant(s)], [], 0, 'int64')
      const q = b.op('Div', s, [g, b.constant(s)], [], 1, 'int64')
      const cast = b.op('Cast', s, [b.op('Floor', s, [q], [], 1, 'int64')], [], 0, 'int64')
      dims.push(b.op('Unsqueeze', s, [cast, b.constant(s)], [1], 0, 'int64'))
    }
    const shape = b.op('Concat', s, dims, [out.length], 0, 'int64')
    return b.op('Reshape', s, [x, shape], out)
  }
  const roll = (x: string): string => {
    const parts = [0, 1].map(() => b.op('Slice', s, [x, b.constant(s), b.constant(s), b.constant(s)], b.shape(x)))
    return b.op('Concat', s, parts, b.shape(x))
  }
  const windows = tokens / window
  let x = b.input('input', [1, 3, 224, 224])
  x = b.op('Conv', s, [x, b.weight('patch.weight', [dim, 3, 4, 4])], [1, dim, 56, 56], 2 * 3 * 16 * dim * tokens)
  x = dynReshape(x, tok(dim))
  x = layerNorm(x, 'patch.norm')
  for (let l = 0; l < layers; l++) {
    const shifted = l % 2 === 1
    const name = `layers.${l}`
    // attention over windows
    let h = layerNorm(x, `${name}.norm1`)
    if (shifted) h = roll(h)
    h = b.op('Transpose', s, [dynReshape(h, [1, dim, windows, window, 1, 1])], [1, windows, window, dim])
    h = dynReshape(h, tok(dim))
    const qkv = b.op('Transpose', s, [dynReshape(matmul(h, 3 * dim, `${name}.qkv`), [3, dim, windows, window])], [3, windows, window, dim])
    // q, k, v apart, each to heads and back (an exporter's reshapes around multi-head attention)
    const [q, k, v] = [0, 1, 2].map(() => dynReshape(b.op('Gather', s, [qkv, b.constant(s)], tok(dim)), [windows, 3, window, dim / 3]))
    const kt = b.op('Transpose', s, [k], tok(dim))
    const scores = [1, windows, window, window]
    let a = b.op('MatMul', s, [withConst('Mul', q), kt], scores, 2 * window * window * dim * windows)
    const bias = b.op('Unsqueeze', s, [b.op('Transpose', s, [b.op('Reshape', s,
      [b.op('Gather', s, [b.weight(`${name}.rel_table`, [169, 3]), b.constant(s, window * window)], [window * window, 3]), b.constant(s, 3)], [window, window, 3])], [3, window, window]), b.constant(s)], [1, 3, window, window])
    a = b.op('Softmax', s, [ew('Add', [a, bias])], scores, 5 * numel(scores))
    let o = b.op('MatMul', s, [a, v], tok(dim), 2 * window * window * dim * windows)
    o = dynReshape(b.op('Transpose', s, [o], tok(dim)), tok(dim))
    o = matmul(o, dim, `${name}.proj`)
    o = dynReshape(b.op('Transpose', s, [dynReshape(o, [1, windows, window, dim])], [1, dim, windows, window]), tok(dim))
    if (shifted) o = roll(o)
    x = ew('Add', [x, o])
    // MLP with exact GELU
    let m = matmul(dynReshape(layerNorm(x, `${name}.norm2`), tok(dim)), 4 * dim, `${name}.fc1`)
    m = ew('Mul', [withConst('Mul', ew('Add', [b.op('Erf', s, [withConst('Div', m)], b.shape(m), numel(b.shape(m))), b.constant(s, 1, 'float32')])), m])
    m = dynReshape(matmul(m, dim, `${name}.fc2`), tok(dim))
    x = ew('Add', [x, m])
  }
  x = layerNorm(x, 'norm')
  x = b.op('ReduceMean', s, [x], [1, dim, 1, 1], numel(b.shape(x)))
  x = b.op('Gemm', s, [dynReshape(x, [1, dim]), b.weight('head.weight', [1000, dim])], [1, 1000], 2 * dim * 1000)
  return b.build(`swin-like-${layers}l`, [x])
}
