/**
 * `npm run bench:fidelity`: does ONNX Runtime do what the plan says? For every reference model
 * (public/models, seq = 128) and NAS-style graphs of bench/gen (written as ONNX by gen/to-onnx.ts), two
 * orders — the file order and BTSearch's (`inplace`, 10 s) — are exported pinned for ORT
 * (core/onnx/pin-export.ts), run in ORT 1.30 with seeded random weights (src/runtime/verify.ts), and the
 * observed peak (ORT's allocator statistics) is compared with the predictions of the `ort` allocator model
 * and of `inplace`; also the memory-pattern block of the second run, whether ORT ran exactly the planned
 * order, and whether it would have without the ties (our model of ORT's walk, core/onnx/ort-order.ts).
 * Writes bench/results/fidelity.md. One ORT session per row; the transformers' weights are ~0.5 GB each.
 */
import { writeFileSync } from 'node:fs'
import { readFileSync } from 'node:fs'
import { loadavg } from 'node:os'
import { join } from 'node:path'
import { buildGraph } from '../src/core/graph/build.ts'
import type { MemoriaGraph } from '../src/core/graph/types.ts'
import { schedule } from '../src/core/memory/schedule.ts'
import { bytesSource } from '../src/core/onnx/byte-source.ts'
import { isOrtConstant, ortOrderOfFile } from '../src/core/onnx/ort-order.ts'
import type { RawModel } from '../src/core/onnx/raw.ts'
import { readOnnx } from '../src/core/onnx/read.ts'
import { planOrtDefault } from '../src/core/onnx/ort-default.ts'
import { verifyOrder } from '../src/runtime/verify.ts'
import { MODELS_DIR, referenceModelFiles } from './gen/models.ts'
import { dartsNetwork, randWireNetwork } from './gen/nas.ts'
import { graphToOnnx } from './gen/to-onnx.ts'

const now = (): number => performance.now()
const BT_MS = 10_000
/** `tsx bench/fidelity.bench.ts ort-default`: only the ort-default target, into fidelity-ort-default.md */
const ONLY_ORT_DEFAULT = process.argv[2] === 'ort-default'

interface Case { name: string; bytes: Uint8Array; raw: RawModel; graph: MemoriaGraph }

async function caseOf(name: string, bytes: Uint8Array): Promise<Case> {
  const raw = await readOnnx(bytesSource(bytes))
  return { name, bytes, raw, graph: buildGraph(raw, { dims: { seq: 128 } }) }
}

const mb = (b: number): string => (b / 1e6).toFixed(3)
const ratio = (x: number): string => x.toFixed(4)

async function main(): Promise<void> {
  const started = now()
  const loadBefore = loadavg()[0]
  const cases: Case[] = []
  const skipped: string[] = []
  for (const f of referenceModelFiles()) {
    if (ONLY_ORT_DEFAULT && (f === 'bert_base.onnx' || f === 'gpt2.onnx')) {
      skipped.push(`\`${f.replace(/\.onnx$/, '')}\`: left out of the ort-default run (two ORT sessions of ~0.6 GB of weights each on a shared 2-core machine)`)
      continue
    }
    if (f === 'qwen2_0_5b.onnx') {
      skipped.push('`qwen2_0_5b`: 2.52 GB of weights, more than one ONNX file holds inline (2 GiB); not run')
      continue
    }
    cases.push(await caseOf(f.replace(/\.onnx$/, ''), new Uint8Array(readFileSync(join(MODELS_DIR, f)))))
  }
  for (const g of [dartsNetwork({ cells: 8, channels: 16, seed: 1 }), dartsNetwork({ cells: 20, channels: 16, seed: 1 }),
    randWireNetwork({ nodesPerStage: 32, stages: 4, channels: 16, seed: 1 })]) {
    cases.push(await caseOf(g.name, graphToOnnx(g)))
  }
  const rows: string[][] = []
  let agree = 0, total = 0, matched = 0, plainWouldFollow = 0
  for (const c of cases) {
    const index = new Map(c.graph.nodes.map((n, i) => [n.name, i]))
    const bt = schedule(c.graph, { algo: 'btsearch', memoryModel: 'inplace', timeLimitMs: BT_MS, now })
    const btOrder = bt.order.map((n) => index.get(n) as number)
    const orders: [string, number[], number[] | undefined][] = ONLY_ORT_DEFAULT ? [] : [
      ['file', c.graph.nodes.map((_, i) => i), undefined],
      ['btsearch', btOrder, undefined],
    ]
    if (ONLY_ORT_DEFAULT) {
      const plan = planOrtDefault(c.graph, { starts: [btOrder] })
      orders.push(['ort-default', plan.walk, plan.fileOrder])
    }
    for (const [label, order, fileOrder] of orders) {
      const t0 = now()
      const ort = await verifyOrder(c.bytes, c.raw, c.graph, { order, fileOrder, memoryModel: 'ort', seed: 1 })
      const inplace = await verifyOrder(c.bytes, c.raw, c.graph, { order, fileOrder, memoryModel: 'inplace', seed: 1, pin: true })
      const planned = order.filter((v) => !isOrtConstant(c.graph.nodes[v]))
      const file = fileOrder ?? order
      const plain = ortOrderOfFile(file.map((v) => c.raw.nodes[v])).map((i) => file[i])
      const follows = plain.length === planned.length && plain.every((v, k) => v === planned[k])
      total++
      if (ort.ok) agree++
      if (ort.orderMatch) matched++
      if (follows) plainWouldFollow++
      rows.push([c.name, label, String(planned.length), mb(ort.predictedPeakBytes), mb(inplace.predictedPeakBytes), mb(ort.observedPeakBytes),
        ratio(ort.ratio), ratio(inplace.ratio), mb(ort.patternPredictedBytes), mb(ort.patternObservedBytes),
        ratio(ort.patternPredictedBytes === 0 ? 1 : ort.patternObservedBytes / ort.patternPredictedBytes),
        ort.orderMatch ? 'yes' : `no (step ${(ort.firstDivergence?.step ?? 0) + 1})`, String(ort.ties), follows ? 'yes' : 'no',
        (ort.runMs).toFixed(0), ((now() - t0) / 1000).toFixed(1)])
      process.stderr.write(`${c.name} ${label}: ${rows[rows.length - 1].join(' | ')}\n`)
    }
  }
  const header = ['model', 'order', 'nodes run', 'predicted ort', 'predicted inplace', 'observed', 'ratio ort', 'ratio inplace',
    'pattern predicted', 'pattern observed', 'pattern ratio', 'order match', 'ties', 'plain file order followed', 'run ms', 'check s']
  const md = `# Fidelity bench${ONLY_ORT_DEFAULT ? ': the ort-default target' : ''}
${ONLY_ORT_DEFAULT ? `
\`npx tsx bench/fidelity.bench.ts ort-default\`: the order of the \`ort-default\` target (core/onnx/ort-default.ts, from
the file's and BTSearch's orders) written as a **plain** file order (no ties) whose ORT walk is the plan.
` : ''}
\`npm run bench:fidelity\` (bench/fidelity.bench.ts), Node ${process.version}, onnxruntime-node 1.30.0 (CPU, sequential,
graph optimisation disabled, one intra- and one inter-op thread), on a 2-core machine shared with other work
(1-minute load average ${loadBefore.toFixed(1)} at the start, ${loadavg()[0].toFixed(1)} at the end); total ${((now() - started) / 1000).toFixed(0)} s.
Weights and inputs: seeded random (seed 1, src/runtime/fill.ts); transformers at seq = 128.

Each row exports the order **pinned** for ONNX Runtime (the planned order plus the ties of core/onnx/pin.ts),
runs it twice and reads ORT's profiler back. Peaks in MB (10^6 bytes), graph inputs left out (they are the
caller's buffers, not ORT's arena). \`observed\`: the largest \`mem_bytes_requested_in_use\` of the first run
minus the arena's session-owned base. \`predicted ort\`: ORT's allocation plan replayed along the planned order
(core/memory/ort-alloc.ts); \`predicted inplace\`: the planner's \`inplace\` walk (docs/spec.md section 2) without
the graph inputs. \`pattern\`: the memory-pattern block ORT allocates from the second run on, and its
prediction. \`order match\`: ORT ran exactly the planned order. \`plain file order followed\`: whether ORT's
default walk would run that order from the file order alone, without ties (the walk model, checked
against ORT's profiler). \`file\` is the original file's node order; \`btsearch\` BTSearch's order under
\`inplace\` (${BT_MS / 1000} s limit).

## Summary

- ORT ran exactly the planned order in ${matched} of ${total} runs; without the ties it would have in ${plainWouldFollow} of ${total}.
- Observed peak within 1% of the \`ort\` prediction, order matched: ${agree} of ${total}.
${skipped.map((s) => `- Skipped: ${s}.`).join('\n')}

## Runs

| ${header.join(' | ')} |
| ${header.map(() => '---').join(' | ')} |
${rows.map((r) => `| ${r.join(' | ')} |`).join('\n')}
`
  writeFileSync(join(import.meta.dirname, ONLY_ORT_DEFAULT ? 'results/fidelity-ort-default.md' : 'results/fidelity.md'), md)
  process.stdout.write(md)
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? e.stack ?? e.message : String(e)}\n`)
  process.exitCode = 1
})
