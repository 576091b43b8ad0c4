/**
 * RawAttr (what the ONNX file says) → AttrValue (memoria-graph, docs/spec.md section 1): numbers, strings and
 * arrays as they are; an int64 beyond ±2^53 stays a decimal string; a tensor becomes `{ dtype, shape }`
 * with `values` only when it has at most 64 elements; a graph becomes `{ graph: { nodes } }` (a list of
 * graphs: their node counts summed). O(attribute size).
 */
import type { AttrValue, TensorAttr } from './types.ts'
import type { RawAttr, RawTensor } from '../onnx/raw.ts'
import { nameTable } from '../names.ts'

const MAX_ATTR_VALUES = 64

function tensorAttr(t: RawTensor): TensorAttr {
  const out: TensorAttr = { dtype: t.dtype, shape: [...t.dims] }
  const n = t.dims.reduce((a, b) => a * b, 1)
  if (t.values !== undefined && n <= MAX_ATTR_VALUES && t.values.length === n) out.values = [...t.values]
  return out
}

export function convertAttr(a: RawAttr): AttrValue {
  switch (a.type) {
    case 'float':
    case 'int':
    case 'string':
    case 'other':
      return a.value
    case 'floats':
      return [...a.value]
    case 'ints':
      return [...a.value]
    case 'strings':
      return [...a.value]
    case 'tensor':
      return tensorAttr(a.value)
    case 'tensors':
      return a.value.map(tensorAttr)
    case 'graph':
      return { graph: { nodes: a.value.nodes } }
    case 'graphs':
      return { graph: { nodes: a.value.reduce((s, g) => s + g.nodes, 0) } }
  }
}

export function convertAttrs(attrs: Record<string, RawAttr>): Record<string, AttrValue> {
  // attribute names come from the file: a null-prototype table keeps `__proto__` an ordinary name
  return nameTable(Object.entries(attrs).map(([k, v]) => [k, convertAttr(v)]))
}
