/**
 * TEST-ONLY: tiny hand-made RawModels for the graph builder's unit tests (the named tiny graphs of
 * STYLE.md), written as a list of nodes with shorthand attributes. Not used by the planner itself.
 */
import type { Dim, DType } from './types.ts'
import type { RawAttr, RawModel, RawNode, RawTensor, RawValueInfo } from '../onnx/raw.ts'

export const at = {
  i: (value: number): RawAttr => ({ type: 'int', value }),
  is: (value: number[]): RawAttr => ({ type: 'ints', value }),
  f: (value: number): RawAttr => ({ type: 'float', value }),
  s: (value: string): RawAttr => ({ type: 'string', value }),
  t: (dtype: DType, dims: number[], values?: number[]): RawAttr => ({ type: 'tensor', value: tensor('', dtype, dims, values) }),
}

export function tensor(name: string, dtype: DType, dims: number[], values?: number[]): RawTensor {
  const t: RawTensor = { name, dtype, dims, location: { kind: 'none' } }
  if (values !== undefined) t.values = values
  return t
}

export interface TinyNode {
  op: string
  inputs: string[]
  outputs: string[]
  attrs?: Record<string, RawAttr>
  name?: string
  domain?: string
}

export interface Tiny {
  inputs?: Record<string, [DType, (Dim | null)[] | null]>
  inits?: RawTensor[]
  nodes: TinyNode[]
  outputs: string[] | Record<string, [DType | null, (Dim | null)[] | null]>
  valueInfo?: Record<string, [DType | null, (Dim | null)[] | null]>
  opset?: number
}

function vi(name: string, [dtype, shape]: [DType | null, (Dim | null)[] | null]): RawValueInfo {
  return { name, dtype, shape }
}

export function tiny(spec: Tiny): RawModel {
  const outputs: RawValueInfo[] = Array.isArray(spec.outputs)
    ? spec.outputs.map((name) => ({ name, dtype: null, shape: null }))
    : Object.entries(spec.outputs).map(([n, v]) => vi(n, v))
  const nodes: RawNode[] = spec.nodes.map((n, i) => ({
    name: n.name ?? `n${i}`,
    op: n.op,
    domain: n.domain ?? '',
    inputs: n.inputs,
    outputs: n.outputs,
    attributes: n.attrs ?? {},
    offset: 0,
    length: 0,
  }))
  return {
    irVersion: 8,
    producerName: 'test',
    producerVersion: '',
    domain: '',
    modelVersion: 0,
    docString: '',
    opset: { '': spec.opset ?? 13 },
    metadata: {},
    graphName: 'tiny',
    graphDocString: '',
    inputs: Object.entries(spec.inputs ?? {}).map(([n, v]) => vi(n, v)),
    outputs,
    valueInfo: Object.entries(spec.valueInfo ?? {}).map(([n, v]) => vi(n, v)),
    initializers: spec.inits ?? [],
    nodes,
    fileBytes: 0,
    graphOffset: 0,
    graphLength: 0,
    warnings: [],
  }
}
