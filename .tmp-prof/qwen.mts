import { readFileSync } from 'node:fs'
import { buildGraph } from '../src/core/graph/build.ts'
import { bytesSource } from '../src/core/onnx/byte-source.ts'
import { readOnnx } from '../src/core/onnx/read.ts'
import { schedule } from '../src/core/memory/schedule.ts'
const raw = await readOnnx(bytesSource(new Uint8Array(readFileSync('public/models/qwen2_0_5b.onnx'))))
const g = buildGraph(raw, { dims: { seq: 128 } })
console.log(g.nodes.length, g.inputs, g.symbols, g.outputs.length)
const ops = new Map<string, number>(); for (const n of g.nodes) ops.set(n.op, (ops.get(n.op) ?? 0) + 1)
console.log([...ops].sort((a,b)=>b[1]-a[1]).slice(0,30))
console.log(g.tensors.filter(t=>g.inputs.includes(t.name)))
const t0=performance.now(); const r = schedule(g, { algo: 'btsearch', memoryModel: 'inplace', timeLimitMs: 10000, now: () => performance.now() }); console.log(r.peakBytes, r.optimal, performance.now()-t0)
