/**
 * The reader's output: what an ONNX file says, before shape inference turns it into a `MemoriaGraph`.
 *
 * Structure only. Weight payloads are never copied: a tensor keeps its dtype, dims and where its bytes are
 * (offset and length in the file, or the external-data location). Small integer tensors that shape
 * arithmetic needs (≤ 64 KiB) and any tensor of ≤ 64 elements carry their decoded `values`.
 */
import type { Dim, DType } from '../graph/types.ts'

/** The TensorProto field that holds an inline payload: raw little-endian bytes or a typed repeated field. */
export type TensorDataField =
  | 'raw_data' | 'float_data' | 'int32_data' | 'string_data' | 'int64_data' | 'double_data' | 'uint64_data'

export type TensorLocation =
  /**
   * `offset`/`length`: the payload bytes in the file. For `raw_data` and packed typed fields that is exactly
   * the data; for unpacked repeated fields (rare) it spans from the first to the last element, tags between.
   * `field` is absent only in RawModels made by other code than the reader.
   */
  | { kind: 'inline'; offset: number; length: number; field?: TensorDataField }
  | { kind: 'external'; location: string; offset: number; length: number | null }
  | { kind: 'none' }

export interface RawTensor {
  name: string
  /** null for a data_type this planner does not know */
  dtype: DType | null
  dims: number[]
  location: TensorLocation
  /** decoded when small (see above); int64 beyond ±2^53 as decimal strings */
  values?: (number | string)[]
}

export interface RawValueInfo {
  name: string
  dtype: DType | null
  /** null: no shape given; a null entry: that dim is unknown (neither value nor param) */
  shape: (Dim | null)[] | null
}

export type RawAttr =
  | { type: 'float'; value: number }
  | { type: 'int'; value: number | string }
  | { type: 'string'; value: string }
  | { type: 'tensor'; value: RawTensor }
  | { type: 'graph'; value: RawSubgraph }
  | { type: 'floats'; value: number[] }
  | { type: 'ints'; value: (number | string)[] }
  | { type: 'strings'; value: string[] }
  | { type: 'tensors'; value: RawTensor[] }
  | { type: 'graphs'; value: RawSubgraph[] }
  | { type: 'other'; value: string }

/** A subgraph (If/Loop/Scan body): summarised, since the planner treats the outer node as one unit. */
export interface RawSubgraph {
  nodes: number
  ops: Record<string, number>
  /** bytes of the subgraph's own initializers and Constant values, recursively; null if any is unknown */
  weightBytes: number | null
  /** names the subgraph reads from the enclosing scope (implicit inputs) */
  outerInputs: string[]
}

export interface RawNode {
  /** as in the file; may be '' (the graph builder names it) */
  name: string
  op: string
  domain: string
  inputs: string[]
  outputs: string[]
  attributes: Record<string, RawAttr>
  /** byte range of this NodeProto in the file, for the reordered export */
  offset: number
  length: number
}

export interface RawModel {
  irVersion: number
  producerName: string
  producerVersion: string
  domain: string
  modelVersion: number
  docString: string
  opset: Record<string, number>
  metadata: Record<string, string>
  graphName: string
  graphDocString: string
  inputs: RawValueInfo[]
  outputs: RawValueInfo[]
  valueInfo: RawValueInfo[]
  initializers: RawTensor[]
  nodes: RawNode[]
  /** file size in bytes */
  fileBytes: number
  /** byte range of the GraphProto's content, for the reordered export */
  graphOffset: number
  graphLength: number
  warnings: string[]
}
