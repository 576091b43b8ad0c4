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

/** x [1, 4] → Relu → a → com.example.Mystery → b (unknown) → Relu → y: two tensors of unknown size. */
export function customOpModel() {
  const graph = create(GraphProtoSchema, {
    name: 'mystery_graph',
    node: [node('Relu', ['x'], ['a'], 'relu_in'), node('Mystery', ['a'], ['b'], 'mystery', 'com.example'), node('Relu', ['b'], ['y'], 'relu_out')],
    input: [valueInfo('x', [1, 4])],
    output: [valueInfo('y', null)],
  })
  return toBinary(ModelProtoSchema, create(ModelProtoSchema, {
    irVersion: 8n,
    producerName: 'memoria-e2e',
    graph,
    opsetImport: [
      create(OperatorSetIdProtoSchema, { domain: '', version: 17n }),
      create(OperatorSetIdProtoSchema, { domain: 'com.example', version: 1n }),
    ],
  }))
}
