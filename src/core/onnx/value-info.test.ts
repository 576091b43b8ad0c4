// The field-by-field ValueInfoProto reader against the ONNX schema's own decoder (fromBinary), on random
// type trees: tensors, sparse tensors, optionals nested, sequences and maps, dims by value, by param or
// neither, and messages met twice (two encodings concatenated are one merged message in protobuf).
import { create, fromBinary, toBinary } from '@bufbuild/protobuf'
import * as fc from 'fast-check'
import { TypeProtoSchema, ValueInfoProtoSchema, type TypeProto, type ValueInfoProto } from 'onnx-buf'
import { describe, expect, it } from 'vitest'
import type { Dim } from '../graph/types.ts'
import type { RawValueInfo } from './raw.ts'
import { dtypeOf } from './tensor.ts'
import { decodeValueInfo, DimError } from './value-info.ts'

/** What the reader gave before value-info.ts: the schema's decoder, then the same reading of it. */
function reference(bytes: Uint8Array): RawValueInfo {
  const v: ValueInfoProto = fromBinary(ValueInfoProtoSchema, bytes, { readUnknownFields: false })
  let type = v.type?.value
  while (type?.case === 'optionalType') type = type.value.elemType?.value
  if (type?.case !== 'tensorType' && type?.case !== 'sparseTensorType') return { name: v.name, dtype: null, shape: null }
  const t = type.value
  const shape = t.shape ? t.shape.dim.map((d): Dim | null => {
    if (d.value.case === 'dimValue') return Number(d.value.value)
    if (d.value.case === 'dimParam' && d.value.value !== '') return d.value.value
    return null
  }) : null
  return { name: v.name, dtype: dtypeOf(t.elemType), shape }
}

const dim = fc.oneof(
  fc.nat({ max: 4096 }).map((n) => ({ value: { case: 'dimValue' as const, value: BigInt(n) } })),
  fc.constantFrom('', 'batch', 'seq').map((s) => ({ value: { case: 'dimParam' as const, value: s } })),
  fc.constant({ value: { case: undefined } }),
)
const tensorType = fc.record({
  elemType: fc.constantFrom(0, 1, 7, 10, 16, 99),
  shape: fc.option(fc.record({ dim: fc.array(dim, { maxLength: 5 }) }), { nil: undefined }),
})
const typeTree: fc.Arbitrary<TypeProto> = fc.letrec((tie) => ({
  type: fc.oneof(
    { depthSize: 'small' },
    tensorType.map((value) => create(TypeProtoSchema, { value: { case: 'tensorType', value } })),
    tensorType.map((value) => create(TypeProtoSchema, { value: { case: 'sparseTensorType', value } })),
    tie('type').map((elemType) => create(TypeProtoSchema, { value: { case: 'optionalType', value: { elemType: elemType as TypeProto } } })),
    fc.constant(create(TypeProtoSchema, { value: { case: 'sequenceType', value: {} } })),
    fc.constant(create(TypeProtoSchema, {})),
  ),
})).type as fc.Arbitrary<TypeProto>
const valueInfo = fc.record({ name: fc.string({ maxLength: 8 }), type: fc.option(typeTree, { nil: undefined }) })
  .map((v) => toBinary(ValueInfoProtoSchema, create(ValueInfoProtoSchema, v)))

const concat = (a: Uint8Array, b: Uint8Array): Uint8Array => {
  const out = new Uint8Array(a.length + b.length)
  out.set(a)
  out.set(b, a.length)
  return out
}

describe('decodeValueInfo', () => {
  it('reads what the schema decoder reads', () => {
    fc.assert(fc.property(valueInfo, (bytes) => {
      expect(decodeValueInfo(bytes)).toEqual(reference(bytes))
    }), { numRuns: 2000 })
  })

  it('merges a message met twice as protobuf does (last scalar wins, repeated dims appended, oneof replaced)', () => {
    fc.assert(fc.property(valueInfo, valueInfo, (a, b) => {
      const both = concat(a, b)
      expect(decodeValueInfo(both)).toEqual(reference(both))
    }), { numRuns: 2000 })
  })

  it('gives a tensor with dims by value, by param and unknown', () => {
    const bytes = toBinary(ValueInfoProtoSchema, create(ValueInfoProtoSchema, {
      name: 'x',
      type: { value: { case: 'tensorType', value: { elemType: 1, shape: { dim: [{ value: { case: 'dimValue', value: 3n } }, { value: { case: 'dimParam', value: 'n' } }, {}] } } } },
    }))
    expect(decodeValueInfo(bytes)).toEqual({ name: 'x', dtype: 'float32', shape: [3, 'n', null] })
  })

  it('refuses a dimension outside [0, 2^53) naming the tensor, and bytes that do not decode', () => {
    const big = toBinary(ValueInfoProtoSchema, create(ValueInfoProtoSchema, {
      name: 'w', type: { value: { case: 'tensorType', value: { elemType: 1, shape: { dim: [{ value: { case: 'dimValue', value: -2n } }] } } } },
    }))
    expect(() => decodeValueInfo(big)).toThrow(DimError)
    expect(() => decodeValueInfo(big)).toThrow(/tensor 'w' declares the dimension -2/)
    expect(() => decodeValueInfo(new Uint8Array([0x0a, 0x05, 0x61]))).toThrow()
    // a tensor_type whose length runs past the type it is in (into the name after it), as the schema decoder refuses it
    const overrun = new Uint8Array([0x12, 0x02, 0x0a, 0x03, 0x0a, 0x01, 0x61])
    expect(() => reference(overrun)).toThrow()
    expect(() => decodeValueInfo(overrun)).toThrow(/runs past the end of the message/)
  })
})
