/**
 * Small ONNX files built in the test (onnx-buf + @bufbuild/protobuf), for what the reference corpus lacks.
 */
import { create, toBinary } from '@bufbuild/protobuf'
import {
  GraphProtoSchema, ModelProtoSchema, NodeProtoSchema, OperatorSetIdProtoSchema, TensorShapeProto_DimensionSchema,
  TensorShapeProtoSchema, TypeProto_TensorSchema, TypeProtoSchema, ValueInfoProtoSchema,
} from 'onnx-buf'

const FLOAT = 1

function valueInfo(name, dims) {
  const shape = dims && create(TensorShapeProtoSchema, {
    dim: dims.map((d) => create(TensorShapeProto_DimensionSchema, { value: { case: 'dimValue', value: BigInt(d) } })),
  })
  return create(ValueInfoProtoSchema, {
    name,
    type: create(TypeProtoSchema, { value: { case: 'tensorType', value: create(TypeProto_TensorSchema, { elemType: FLOAT, shape }) } }),
  })
}

const node = (opType, input, output, name, domain = '') => create(NodeProtoSchema, { opType, input, output, name, domain })

/**
 * x [1, 4] → Relu → a → com.example.Mystery → b (unknown) → Relu → y: two tensors of unknown size.
 * `graphName` and `producer` let a test put markup where a file's strings are shown.
 */
export function customOpModel({ graphName = 'mystery_graph', producer = 'memoria-e2e' } = {}) {
  const graph = create(GraphProtoSchema, {
    name: graphName,
    node: [node('Relu', ['x'], ['a'], 'relu_in'), node('Mystery', ['a'], ['b'], 'mystery', 'com.example'), node('Relu', ['b'], ['y'], 'relu_out')],
    input: [valueInfo('x', [1, 4])],
    output: [valueInfo('y', null)],
  })
  return toBinary(ModelProtoSchema, create(ModelProtoSchema, {
    irVersion: 8n,
    producerName: producer,
    graph,
    opsetImport: [
      create(OperatorSetIdProtoSchema, { domain: '', version: 17n }),
      create(OperatorSetIdProtoSchema, { domain: 'com.example', version: 1n }),
    ],
  }))
}
