import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { buildGraph } from '../src/core/graph/build.ts'
import type { MemoriaGraph } from '../src/core/graph/types.ts'
import { schedule } from '../src/core/memory/schedule.ts'
import { bytesSource } from '../src/core/onnx/byte-source.ts'
import { readOnnx } from '../src/core/onnx/read.ts'
import { ortMemory, ORT_INPLACE_OPS } from '../src/core/memory/ort-alloc.ts'
import { MODELS_DIR, referenceModelFiles } from '../bench/gen/models.ts'
import { dartsNetwork, randWireNetwork } from '../bench/gen/nas.ts'
import { graphToOnnx } from '../bench/gen/to-onnx.ts'
import { ELEMENTWISE_OPS } from '../src/core/memory/ops.ts'
import { indexGraph } from '../src/core/memory/indexed.ts'
import { createWalker } from '../src/core/memory/walk.ts'
const now = () => performance.now()
function ortish(g: MemoriaGraph): MemoriaGraph {
  return { ...g, nodes: g.nodes.map((n) => {
    const dflt = n.domain === '' || n.domain === 'ai.onnx'
    if (!dflt) return n
    if (n.op === 'Softmax') return { ...n, op: 'Relu', inputs: n.inputs.slice(0, 1) }
    if (ELEMENTWISE_OPS.has(n.op) && !ORT_INPLACE_OPS.has(n.op)) return { ...n, op: n.op + 'X' }
    if (ORT_INPLACE_OPS.has(n.op)) return { ...n, inputs: n.inputs.slice(0,1).concat(n.inputs.slice(1)) }
    return n
  }) }
}
const files = referenceModelFiles().filter((f) => !/qwen/.test(f))
const cases: [string, MemoriaGraph][] = []
for (const f of files) cases.push([f, buildGraph(await readOnnx(bytesSource(new Uint8Array(readFileSync(join(MODELS_DIR, f))))), { dims: { seq: 128 } })])
for (const g of [dartsNetwork({ cells: 8, channels: 16, seed: 1 }), dartsNetwork({ cells: 20, channels: 16, seed: 1 }), randWireNetwork({ nodesPerStage: 32, stages: 4, channels: 16, seed: 1 })])
  cases.push([g.name, buildGraph(await readOnnx(bytesSource(graphToOnnx(g))), {})])
for (const [name, g] of cases) {
  const og = ortish(g)
  const ig = indexGraph(og)
  const w = createWalker(ig)
  const inputs = [...ig.inputTensors].reduce((s, t) => s + ig.bytes[t], 0)
  const idx = new Map(g.nodes.map((n, i) => [n.name, i]))
  const row = [name]
  const file = g.nodes.map((_, i) => i)
  const bt = schedule(g, { algo: 'btsearch', memoryModel: 'inplace', timeLimitMs: 5000, now }).order.map((n) => idx.get(n)!)
  const bto = schedule(og, { algo: 'btsearch', memoryModel: 'inplace', timeLimitMs: 5000, now })
  const btoOrder = bto.order.map((n) => idx.get(n)!)
  for (const [l, o] of [['file', file], ['bt', bt], ['btORT', btoOrder]] as const) {
    const bz = Float64Array.from(ig.bytes); for (const t of ig.inputTensors) bz[t] = 0
    const setf = w.run(Int32Array.from(o), 'inplace', bz)
    const exact = ortMemory(g, o).peakBytes
    row.push(`${l}: rules ${(setf/1e6).toFixed(3)} (in ${(inputs/1e6).toFixed(2)}) ort ${(exact/1e6).toFixed(3)}`)
  }
  row.push(`opt=${bto.optimal}`)
  console.log(row.join(' | '))
}
