/**
 * The one table of ModelProto's field numbers (onnx.proto, ONNX 1.18: `configuration` is field 26), read by
 * both the probe (which checks a file's first fields against their wire types) and the reader (which names
 * a field in its error messages and dispatches on its number). Plain data; no computation.
 */
import { WT_LEN, WT_VARINT } from './wire.ts'

export const MODEL = {
  irVersion: 1,
  producerName: 2,
  producerVersion: 3,
  domain: 4,
  modelVersion: 5,
  docString: 6,
  graph: 7,
  opsetImport: 8,
  metadataProps: 14,
  trainingInfo: 20,
  functions: 25,
  configuration: 26,
} as const

/** Field number → its wire type and how an error message names it. */
export const MODEL_FIELDS: Readonly<Record<number, { wireType: number; label: string }>> = {
  [MODEL.irVersion]: { wireType: WT_VARINT, label: 'ir_version' },
  [MODEL.producerName]: { wireType: WT_LEN, label: 'producer_name' },
  [MODEL.producerVersion]: { wireType: WT_LEN, label: 'producer_version' },
  [MODEL.domain]: { wireType: WT_LEN, label: 'domain' },
  [MODEL.modelVersion]: { wireType: WT_VARINT, label: 'model_version' },
  [MODEL.docString]: { wireType: WT_LEN, label: 'doc_string' },
  [MODEL.graph]: { wireType: WT_LEN, label: 'the graph' },
  [MODEL.opsetImport]: { wireType: WT_LEN, label: 'an opset import' },
  [MODEL.metadataProps]: { wireType: WT_LEN, label: 'metadata' },
  [MODEL.trainingInfo]: { wireType: WT_LEN, label: 'training info' },
  [MODEL.functions]: { wireType: WT_LEN, label: 'a local function' },
  [MODEL.configuration]: { wireType: WT_LEN, label: 'a device configuration' },
}
