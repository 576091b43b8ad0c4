/**
 * A tiny graph builder for the bench generators: float32 activations of shape [1, C, H, W], weights
 * beside them (never counted), names unique. The generated graphs are plain `MemoriaGraph`s.
 */
import type { MemoriaGraph, NodeInfo, TensorInfo } from '../../src/core/graph/types.ts'

export type Shape = [number, number, number, number]

export class GraphBuilder {
  private tensors: TensorInfo[] = []
  private nodes: NodeInfo[] = []
  private shapes = new Map<string, Shape>()
  private inputs: string[] = []
  private n = 0

  constructor(private name: string) {}

  input(name: string, shape: Shape): string {
    this.tensor(name, 'input', shape)
    this.inputs.push(name)
    return name
  }

  shapeOf(t: string): Shape {
    return this.shapes.get(t) as Shape
  }

  private tensor(name: string, kind: TensorInfo['kind'], shape: number[]): void {
    const bytes = shape.reduce((a, b) => a * b, 1) * 4
    this.tensors.push({ name, kind, dtype: 'float32', shape, bytes })
    if (shape.length === 4) this.shapes.set(name, shape as Shape)
  }

  /** adds a node; `weight` adds one weight input of that many elements */
  op(op: string, inputs: string[], out: Shape, weight = 0): string {
    const id = this.n++
    const name = `${op.toLowerCase()}_${id}`
    const ins = [...inputs]
    if (weight > 0) {
      const w = `${name}.weight`
      this.tensor(w, 'weight', [weight])
      ins.push(w)
    }
    const o = `${name}_out`
    this.tensor(o, 'activation', out)
    this.nodes.push({ name, op, domain: '', inputs: ins, outputs: [o], attributes: {}, flops: 0 })
    return o
  }

  conv(x: string, cout: number, stride = 1, k = 3): string {
    const [, c, h, w] = this.shapeOf(x)
    return this.op('Conv', [x], [1, cout, Math.ceil(h / stride), Math.ceil(w / stride)], cout * c * k * k)
  }

  relu(x: string): string { return this.op('Relu', [x], this.shapeOf(x)) }
  add(xs: string[]): string { return xs.length === 1 ? xs[0] : this.op('Sum', xs, this.shapeOf(xs[0])) }
  add2(a: string, b: string): string { return this.op('Add', [a, b], this.shapeOf(a)) }
  pool(x: string, stride = 1): string {
    const [, c, h, w] = this.shapeOf(x)
    return this.op('MaxPool', [x], [1, c, Math.ceil(h / stride), Math.ceil(w / stride)])
  }
  concat(xs: string[]): string {
    const [, , h, w] = this.shapeOf(xs[0])
    return this.op('Concat', xs, [1, xs.reduce((a, x) => a + this.shapeOf(x)[1], 0), h, w])
  }

  build(outputs: string[]): MemoriaGraph {
    for (const t of this.tensors) if (outputs.includes(t.name)) t.kind = 'output'
    return {
      format: 'memoria-graph', version: 1, name: this.name, producer: 'memorianova bench generator', opset: { '': 13 },
      symbols: {}, inputs: this.inputs, outputs, tensors: this.tensors, nodes: this.nodes,
    }
  }
}
