/**
 * Is this an ONNX model at all? Decided from the first few KiB, before any real reading.
 *
 * An empty file is `FILE_EMPTY`. Files of other formats that users mistake for ONNX (a PyTorch
 * checkpoint, TFLite, Keras HDF5, ORT, GGUF, safetensors, gzip, JSON, text) are named, with how to get an
 * ONNX file from them (`ONNX_NOT_A_MODEL`). Otherwise the first two protobuf fields must be ModelProto
 * fields with their proper wire types (ir_version 1–100, short printable strings): the chance that random
 * bytes pass is about 1 in 1,000, and then the full reader rejects them at the first inconsistent field.
 * A 3 GB file that is not a model is thus rejected after reading at most `PROBE_BYTES`. O(PROBE_BYTES).
 */
import { MemoriaError, fmtInt } from '../errors.ts'
import type { ByteSource } from './byte-source.ts'
import { MODEL, MODEL_FIELDS } from './model-fields.ts'

export const PROBE_BYTES = 4096

const ACTION = 'open an .onnx model file'

function notModel(what: string, todo: string): never {
  throw new MemoriaError('ONNX_NOT_A_MODEL', `${what}, not an ONNX model; ${todo}`)
}

function ascii(b: Uint8Array, at: number, s: string): boolean {
  if (b.length < at + s.length) return false
  for (let i = 0; i < s.length; i++) if (b[at + i] !== s.charCodeAt(i)) return false
  return true
}

function hex(b: Uint8Array, n: number): string {
  return [...b.subarray(0, n)].map((x) => x.toString(16).padStart(2, '0')).join(' ')
}

/** Throws the error that names what the file is, when its first bytes say it is another known format. */
function knownFormat(b: Uint8Array, size: number): void {
  if (ascii(b, 0, 'PK\x03\x04') || ascii(b, 0, 'PK\x05\x06')) {
    notModel('this is a ZIP archive — most likely a PyTorch checkpoint (.pt/.pth saved with torch.save)',
      'load the model in PyTorch and export it with torch.onnx.export(model, example_input, "model.onnx")')
  }
  if (b[0] === 0x80 && b.length > 1 && b[1] >= 2 && b[1] <= 5) {
    notModel('this is a Python pickle — most likely a legacy PyTorch checkpoint (torch.save)',
      'load the model in PyTorch and export it with torch.onnx.export(model, example_input, "model.onnx")')
  }
  if (ascii(b, 4, 'TFL3')) {
    notModel('this is a TensorFlow Lite model (.tflite)',
      'convert it with tf2onnx: python -m tf2onnx.convert --tflite model.tflite --output model.onnx')
  }
  if (ascii(b, 4, 'ORTM')) {
    notModel('this is an ONNX Runtime .ort file (a runtime format)', 'open the .onnx file it was converted from')
  }
  if (ascii(b, 0, '\x89HDF\r\n\x1a\n')) {
    notModel('this is an HDF5 file — most likely a Keras model (.h5)',
      'convert it with tf2onnx (python -m tf2onnx.convert) or keras2onnx')
  }
  if (ascii(b, 0, 'GGUF')) notModel('this is a GGUF file (llama.cpp weights)', ACTION)
  if (b[0] === 0x1f && b[1] === 0x8b) notModel('this file is gzip-compressed', 'decompress it first (gunzip), then open the .onnx inside')
  if (b.length >= 10 && b[8] === 0x7b && b[9] === 0x22) {
    const n = b[0] + b[1] * 256 + b[2] * 65536 + b[3] * 16777216
    if (b[4] === 0 && b[5] === 0 && b[6] === 0 && b[7] === 0 && n > 0 && n + 8 <= size) {
      notModel('this is a safetensors file (weights only, no graph)', 'open the ONNX export of the model instead')
    }
  }
  textFile(b)
}

function textFile(b: Uint8Array): void {
  let i = ascii(b, 0, '\xef\xbb\xbf') ? 3 : 0
  const n = Math.min(b.length, 512)
  for (let j = i; j < n; j++) {
    const c = b[j]
    if (c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) return
    if (c === 0x7f) return
  }
  while (i < n && (b[i] === 0x20 || b[i] === 0x09 || b[i] === 0x0a || b[i] === 0x0d)) i++
  if (i >= n) notModel('this file holds only white space', ACTION)
  if (b[i] === 0x7b || b[i] === 0x5b) {
    notModel('this is a JSON document', 'open an .onnx model, or a memoria-graph JSON file by its .json name')
  }
  const start = String.fromCharCode(...b.subarray(i, Math.min(n, i + 24))).replace(/[\r\n\t]+/g, ' ').trim()
  notModel(`this is a text file (it starts with "${start}")`, ACTION)
}

/** Reads the first field at `p` of `b`; null when its tag or length does not decode inside `b`. */
function varintAt(b: Uint8Array, p: number): [number, number] | null {
  let v = 0
  let mul = 1
  for (let i = 0; i < 10 && p + i < b.length; i++) {
    v += (b[p + i] & 0x7f) * mul
    mul *= 128
    if ((b[p + i] & 0x80) === 0) return [v, p + i + 1]
  }
  return null
}

/** Throws unless the file plausibly starts with a ModelProto; reads at most PROBE_BYTES. */
export async function probeOnnx(source: ByteSource): Promise<void> {
  if (source.size === 0) {
    throw new MemoriaError('FILE_EMPTY', 'the file is empty (0 bytes); choose the model again — the download or copy ' +
      'may have failed')
  }
  let b: Uint8Array
  try {
    b = await source.read(0, Math.min(source.size, PROBE_BYTES))
  } catch (e) {
    throw new MemoriaError('ONNX_TRUNCATED', `the file could not be read (${e instanceof Error ? e.message : String(e)}); ` +
      'check that it is still there and readable, then open it again')
  }
  knownFormat(b, source.size)
  let p = 0
  for (let k = 0; k < 2 && p < b.length; k++) {
    const tag = varintAt(b, p)
    if (tag === null) return // runs past the prefix: the reader says truncated or malformed
    const [key, q] = tag
    const no = Math.floor(key / 8)
    const wt = key % 8
    if (MODEL_FIELDS[no]?.wireType !== wt) {
      throw new MemoriaError('ONNX_NOT_A_MODEL', `this is not an ONNX model: byte ${fmtInt(p)} (0x` +
        `${b[p].toString(16).padStart(2, '0')}; the file starts with ${hex(b, 8)}) cannot begin a field of an ONNX ` +
        `ModelProto; ${ACTION}`)
    }
    const val = varintAt(b, q)
    if (val === null) return
    const [v, r] = val
    if (wt === 0) {
      if (no === MODEL.irVersion && (v < 1 || v > 100)) notModel(`this file would declare ONNX IR version ${v}, so it is probably`, ACTION)
      p = r
      continue
    }
    if (v > source.size - r) return // runs past the end: truncated, or garbage the reader will name
    if ((no === 2 || no === 3 || no === 4) && r + v <= b.length && v <= 256) {
      for (let i = r; i < r + v; i++) {
        if (b[i] < 0x20 || b[i] === 0x7f) notModel(`the producer field at byte ${fmtInt(p)} is not text, so this file is probably`, ACTION)
      }
    }
    p = r + v
  }
}
