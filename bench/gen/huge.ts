/**
 * `tsx bench/gen/huge.ts DIR`: the big inputs of issue 12 in DIR — qwen2-inline.onnx (Qwen2-0.5B's graph
 * with its 2.52 GB of weights inline, written sparse: no disk blocks, in about a second; past 2 GB, which
 * Node's readFile refuses), vgg13.onnx beside its vgg13.weights (sparse, the exact size its tensors name),
 * and decoder-24.json (a 24-layer decoder of 20 heads, 10,000+ nodes). Prints what it wrote as JSON.
 */
import { copyFileSync, closeSync, ftruncateSync, openSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { writeGraphJson } from '../../src/core/io/graph-json.ts'
import { readOnnx } from '../../src/core/onnx/read.ts'
import { bytesSource } from '../../src/core/onnx/byte-source.ts'
import { externalFiles } from '../../src/core/onnx/external.ts'
import { writeInlineOnnx } from '../gen-inline-onnx.ts'
import { decoder } from './decoder.ts'

const MODELS = join(import.meta.dirname, '../../public/models')

export async function writeHugeInputs(dir: string): Promise<Record<string, unknown>> {
  const qwen = join(dir, 'qwen2-inline.onnx')
  const inline = writeInlineOnnx(new Uint8Array(readFileSync(join(MODELS, 'qwen2_0_5b.onnx'))), qwen, { sparse: true })
  const vggBytes = new Uint8Array(readFileSync(join(MODELS, 'vgg13.onnx')))
  copyFileSync(join(MODELS, 'vgg13.onnx'), join(dir, 'vgg13.onnx'))
  const [weights] = externalFiles(await readOnnx(bytesSource(vggBytes))).files
  const fd = openSync(join(dir, weights.location), 'w')
  ftruncateSync(fd, weights.endBytes as number)
  closeSync(fd)
  const g = decoder({ layers: 24, heads: 20, seq: 128, headDim: 64 })
  writeFileSync(join(dir, 'decoder-24.json'), writeGraphJson(g))
  return {
    qwen: { path: qwen, bytes: inline.bytes, inlinedBytes: inline.inlinedBytes },
    vgg: { model: join(dir, 'vgg13.onnx'), weights: join(dir, weights.location), weightsBytes: weights.endBytes, tensors: weights.tensors.length },
    decoder: { path: join(dir, 'decoder-24.json'), nodes: g.nodes.length },
  }
}

if (process.argv[1] && import.meta.filename === process.argv[1]) {
  console.log(JSON.stringify(await writeHugeInputs(process.argv[2])))
}
