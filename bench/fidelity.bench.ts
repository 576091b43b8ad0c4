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
import { planOrtPinned } from '../src/core/onnx/ort-refine.ts'
import { createOrtReplay } from '../src/core/memory/ort-alloc.ts'
import { verifyOrder, walkPeakWithoutInputs } from '../src/runtime/verify.ts'
import { withFilledModel } from '../src/runtime/materialize.ts'
import { ortStaticShapes } from '../src/runtime/ort-shapes.ts'
import { MODELS_DIR, referenceModelFiles } from './gen/models.ts'
import { dartsNetwork, randWireNetwork } from './gen/nas.ts'
import { graphToOnnx } from './gen/to-onnx.ts'

const now = (): number => performance.now()
const BT_MS = 10_000
/**
 * `tsx bench/fidelity.bench.ts ort-targets`: the two orders planned for ORT itself, ort-default and
 * ort-pinned (searched on ORT's static shapes), into fidelity-ort-default.md
 */
const ORT_TARGETS = process.argv[2] === 'ort-targets'

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
    cases.push(await caseOf(f.replace(/\.onnx$/, ''), new Uint8Array(readFileSync(join(MODELS_DIR, f)))))
  }
  for (const g of [dartsNetwork({ cells: 8, channels: 16, seed: 1 }), dartsNetwork({ cells: 20, channels: 16, seed: 1 }),
    randWireNetwork({ nodesPerStage: 32, stages: 4, channels: 16, seed: 1 })]) {
    cases.push(await caseOf(g.name, graphToOnnx(g)))
  }
  const rows: string[][] = []
  const planMs = new Map<string, number>()
  let agree = 0, total = 0, matched = 0, plainWouldFollow = 0, curveExact = 0, patternAgree = 0
  for (const c of cases) {
    const index = new Map(c.graph.nodes.map((n, i) => [n.name, i]))
    const bt = schedule(c.graph, { algo: 'btsearch', memoryModel: 'inplace', timeLimitMs: BT_MS, now })
    const btOrder = bt.order.map((n) => index.get(n) as number)
    const orders: [string, number[], number[] | undefined][] = ORT_TARGETS ? [] : [
      ['file', c.graph.nodes.map((_, i) => i), undefined],
      ['btsearch', btOrder, undefined],
    ]
    // ORT's static shapes, read once per model: the ORT targets search on them and every row's verify uses them
    const shapes = await withFilledModel(c.bytes, { seed: 1 }, (_, filled, dir) => ortStaticShapes(filled, dir)) ?? undefined
    const fileAll = c.graph.nodes.map((_, i) => i)
    let reference: string[] = []
    if (ORT_TARGETS) {
      const t0 = now()
      const plan = planOrtDefault(c.graph, { starts: [btOrder], shapes })
      orders.push(['ort-default', plan.walk, plan.fileOrder])
      const t1 = now()
      const pinned = planOrtPinned(c.graph, { starts: [fileAll, btOrder], shapes })
      orders.push(['ort-pinned', pinned.order, undefined])
      // what ORT holds along the two orders the targets start from (the allocator model, exact per fidelity.md)
      const replay = createOrtReplay(c.graph, { shapes })
      const inOrt = (o: number[]): string => mb(replay.score(o.filter((v) => !isOrtConstant(c.graph.nodes[v]))).peakBytes)
      reference = [inOrt(fileAll), inOrt(btOrder)]
      planMs.set('ort-default', t1 - t0)
      planMs.set('ort-pinned', now() - t1)
    }
    for (const [label, order, fileOrder] of orders) {
      const t0 = now()
      const ort = await verifyOrder(c.bytes, c.raw, c.graph, { order, fileOrder, memoryModel: 'ort', seed: 1, shapes })
      const inplacePredicted = walkPeakWithoutInputs(c.graph, order, 'inplace')
      const planned = order.filter((v) => !isOrtConstant(c.graph.nodes[v]))
      const file = fileOrder ?? order
      const plain = ortOrderOfFile(file.map((v) => c.raw.nodes[v])).map((i) => file[i])
      const follows = plain.length === planned.length && plain.every((v, k) => v === planned[k])
      total++
      if (ort.ok) agree++
      if (ort.orderMatch) matched++
      if (ort.curveMaxDeviationBytes === 0) curveExact++
      if (Math.abs(ort.patternObservedBytes / ort.patternPredictedBytes - 1) <= 0.01) patternAgree++
      if (follows) plainWouldFollow++
      rows.push([c.name, label, String(planned.length), mb(ort.predictedPeakBytes), mb(inplacePredicted), mb(ort.observedPeakBytes),
        ratio(ort.ratio), ratio(ort.observedPeakBytes / inplacePredicted), ort.curveMaxDeviationBytes === null ? '–' : String(ort.curveMaxDeviationBytes),
        ort.staticShapes === null ? '– (resolved shapes)' : `${ort.staticShapes.unknown} of ${ort.staticShapes.values}`, mb(ort.patternPredictedBytes), mb(ort.patternObservedBytes),
        ratio(ort.patternPredictedBytes === 0 ? 1 : ort.patternObservedBytes / ort.patternPredictedBytes),
        ort.orderMatch ? 'yes' : `no (step ${(ort.firstDivergence?.step ?? 0) + 1})`, String(ort.ties), follows ? 'yes' : 'no',
        (ort.runMs).toFixed(0), ((now() - t0) / 1000).toFixed(1),
        ...(ORT_TARGETS ? [...reference, ((planMs.get(label) ?? 0) / 1000).toFixed(1)] : [])])
      process.stderr.write(`${c.name} ${label}: ${rows[rows.length - 1].join(' | ')}\n`)
    }
  }
  const header = ['model', 'order', 'nodes run', 'predicted ort', 'predicted inplace', 'observed', 'ratio ort', 'ratio inplace',
    'curve max Δ B', 'shapes unknown to ORT', 'pattern predicted', 'pattern observed', 'pattern ratio', 'order match', 'ties', 'plain file order followed', 'run ms', 'check s']
  const md = `# Fidelity bench${ORT_TARGETS ? ': the ORT targets' : ''}
${ORT_TARGETS ? `
\`npx tsx bench/fidelity.bench.ts ort-targets\`: the orders planned for ONNX Runtime itself, both searched on ORT's
static shapes. \`ort-default\` (core/onnx/ort-default.ts, from the file's and BTSearch's orders) is written as a
**plain** file order (no ties) whose ORT walk is the plan; \`ort-pinned\` (core/onnx/ort-refine.ts, the file's and
BTSearch's orders refined for ORT's allocator) is exported pinned. \`file order in ORT\` and \`btsearch in ORT\`:
ORT's peak along the two starting orders, pinned (the allocator model, exact in fidelity.md); \`plan s\`: the
target's search.
` : ''}
\`npm run bench:fidelity\` (bench/fidelity.bench.ts), Node ${process.version}, onnxruntime-node 1.30.0 (CPU, sequential,
graph optimisation disabled, one intra- and one inter-op thread), on a 2-core machine shared with other work
(1-minute load average ${loadBefore.toFixed(1)} at the start, ${loadavg()[0].toFixed(1)} at the end); total ${((now() - started) / 1000).toFixed(0)} s.
Weights and inputs: seeded random (seed 1, src/runtime/fill.ts); transformers at seq = 128.

Each row exports the order **pinned** for ONNX Runtime (the planned order plus the ties of core/onnx/pin.ts),
runs it twice and reads ORT's profiler back. Peaks in MB (10^6 bytes), graph inputs left out (they are the
caller's buffers, not ORT's arena). \`observed\`: the largest \`mem_bytes_requested_in_use\` of the first run
minus the arena's session-owned base. \`predicted ort\`: ORT's allocation plan replayed along the planned order
on ORT's own static shapes (core/memory/ort-alloc.ts, runtime/ort-shapes.ts); \`predicted inplace\`: the
planner's \`inplace\` walk (docs/spec.md section 2) without the graph inputs. \`curve max Δ B\`: the largest
difference, over every step of the first run, between ORT's reading and the \`ort\` prediction (0: the whole
curve is predicted, not only its peak). \`shapes unknown to ORT\`: node outputs whose shape ORT does not fully
know when it loads the model (they never share a buffer). \`pattern\`: the memory-pattern block ORT allocates
from the second run on, and its prediction. \`order match\`: ORT ran exactly the planned order. \`plain file order followed\`: whether ORT's
default walk would run that order from the file order alone, without ties (the walk model, checked
against ORT's profiler). \`file\` is the original file's node order; \`btsearch\` BTSearch's order under
\`inplace\` (${BT_MS / 1000} s limit).

## Summary

- ORT ran exactly the planned order in ${matched} of ${total} runs; without the ties it would have in ${plainWouldFollow} of ${total}.
- Observed peak within 1% of the \`ort\` prediction, order matched: ${agree} of ${total}.
- The whole first-run curve equal to the \`ort\` prediction at every step: ${curveExact} of ${total}.
- Memory-pattern block within 1% of its prediction: ${patternAgree} of ${total}.
${skipped.map((s) => `- Skipped: ${s}.`).join('\n')}

## Runs

| ${header.join(' | ')} |
| ${header.map(() => '---').join(' | ')} |
${rows.map((r) => `| ${r.join(' | ')} |`).join('\n')}
`
  writeFileSync(join(import.meta.dirname, ORT_TARGETS ? 'results/fidelity-ort-default.md' : 'results/fidelity.md'), md)
  process.stdout.write(md)
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? e.stack ?? e.message : String(e)}\n`)
  process.exitCode = 1
})
