/**
 * `npm run bench:schedule`: peak memory per scheduling algorithm under both memory models, BTSearch's
 * reduction against the random mean and the file order, time to a proven optimum, states explored, and the
 * gap to the bound where optimality is not proven. Writes bench/results/schedule.md.
 *
 * Workloads: (a) the reference models of public/models (seq = 128, Constant nodes kept); (b) random
 * layered DAGs (bench/gen/layered.ts) and NAS-style networks (bench/gen/nas.ts), parameters and seeds in
 * the tables. Targets (one core, Node): reference models proven ≤ 100 ms; layered DAGs of 100 nodes,
 * width 8 proven ≤ 1 s; NAS-style proven or within 1 % of the bound ≤ 10 s. BTSearch's time includes
 * everything after the graph is indexed (groups, bounds, baselines for the incumbent, search).
 */
import { writeFileSync } from 'node:fs'
import { loadavg } from 'node:os'
import { join } from 'node:path'
import type { MemoriaGraph } from '../src/core/graph/types.ts'
import { indexGraph, type IndexedGraph } from '../src/core/memory/indexed.ts'
import type { MemoryModel } from '../src/core/memory/ops.ts'
import { scheduleIndexed, type ScheduleResult } from '../src/core/memory/schedule.ts'
import { layeredDag } from './gen/layered.ts'
import { loadReferenceModel, referenceModelFiles } from './gen/models.ts'
import { dartsNetwork, randWireNetwork } from './gen/nas.ts'

const now = (): number => performance.now()
const MODELS: MemoryModel[] = ['simple', 'inplace']
const BASELINES = ['file', 'bfs', 'dfs', 'greedy'] as const

interface Row {
  kind: 'reference' | 'layered' | 'nas'
  graph: string
  nodes: number
  model: MemoryModel
  baselines: Record<string, number>
  randomMean: number
  bt: ScheduleResult
  /** the best of a few runs, to keep other processes' noise out of the figure */
  btMs: number
  indexMs: number
  targetMs: number
  target: string
}

function mb(b: number): string {
  return (b / 1e6).toFixed(b >= 1e8 ? 1 : b >= 1e7 ? 2 : 3)
}

function pct(from: number, to: number): string {
  return from > 0 ? `${(((from - to) / from) * 100).toFixed(1)}%` : '—'
}

function measure(kind: Row['kind'], g: MemoriaGraph, targetMs: number, limitMs: number, runs: number, name = g.name): Row[] {
  const t0 = now()
  const ig: IndexedGraph = indexGraph(g)
  const indexMs = now() - t0
  const rows: Row[] = []
  for (const model of MODELS) {
    const baselines: Record<string, number> = {}
    for (const algo of BASELINES) baselines[algo] = scheduleIndexed(ig, { algo, memoryModel: model }).peakBytes
    const randomMean = scheduleIndexed(ig, { algo: 'random', memoryModel: model, seed: 1, samples: 100 }).peakBytes
    let bt: ScheduleResult | null = null
    let btMs = Infinity
    for (let r = 0; r < runs; r++) {
      const res = scheduleIndexed(ig, { algo: 'btsearch', memoryModel: model, timeLimitMs: limitMs, now })
      btMs = Math.min(btMs, res.elapsedMs)
      bt = res
      if (res.elapsedMs > targetMs * 5) break
    }
    const b = bt as ScheduleResult
    const gapOk = kind === 'nas' && !b.optimal && (b.peakBytes - b.lowerBoundBytes) / b.lowerBoundBytes <= 0.01
    const met = (b.optimal || gapOk) && btMs <= targetMs
    const target = targetMs <= 0 ? '— (none set)'
      : `${met ? 'met' : '**missed**'} (${kind === 'nas' ? 'proven or ≤1% gap' : 'proven'} ≤ ${targetMs >= 1000 ? `${targetMs / 1000} s` : `${targetMs} ms`})`
    rows.push({ kind, graph: name, nodes: ig.nNodes, model, baselines, randomMean, bt: b, btMs, indexMs, targetMs, target })
    console.log(`${name.padEnd(34)} ${model.padEnd(7)} n=${String(ig.nNodes).padStart(4)} bt=${mb(b.peakBytes)} MB file=${mb(baselines.file)} rnd=${mb(randomMean)} ` +
      `${b.optimal ? 'proven' : `gap ${pct(b.peakBytes, b.lowerBoundBytes)}`} ${btMs.toFixed(0)} ms states=${b.states} ${target}`)
  }
  return rows
}

/** the peak meets the static bound: one node forces it (the explanation names it) */
function staticForced(r: Row): boolean {
  return r.bt.optimal && r.bt.explanation.startsWith('no order can do better: the peak equals the lower bound')
}

function table(rows: Row[]): string {
  const head = '| graph | nodes | model | file | bfs | dfs | greedy | random mean | BTSearch | vs random | vs file | proven | index ms | BTSearch ms | states | gap to bound | target |'
  const sep = '|' + ' --- |'.repeat(17)
  const lines = rows.map((r) => {
    const proven = !r.bt.optimal ? 'no' : staticForced(r) ? 'bound' : r.bt.explanation.includes('cut bound') ? 'cut' : 'search'
    const gap = r.bt.optimal ? '0' : pct(r.bt.peakBytes, r.bt.lowerBoundBytes)
    return `| ${r.graph} | ${r.nodes} | ${r.model} | ${BASELINES.map((a) => mb(r.baselines[a])).join(' | ')} | ${mb(r.randomMean)} | ${mb(r.bt.peakBytes)} | ` +
      `${pct(r.randomMean, r.bt.peakBytes)} | ${pct(r.baselines.file, r.bt.peakBytes)} | ${proven} | ${r.indexMs.toFixed(1)} | ${r.btMs.toFixed(1)} | ${r.bt.states ?? 0} | ${gap} | ${r.target} |`
  })
  return [head, sep, ...lines].join('\n')
}

async function main(): Promise<void> {
  const started = now()
  const loadBefore = loadavg()[0]
  // warm the JIT on a small graph so the first reference model is not charged for compilation
  measure('layered', layeredDag({ nodes: 30, width: 4, seed: 99 }), 1000, 1000, 1)
  const ref: Row[] = []
  for (const f of referenceModelFiles()) ref.push(...measure('reference', await loadReferenceModel(f), 100, 10_000, 3, f.replace(/\.onnx$/, '')))
  const layered: Row[] = []
  for (const [nodes, width, seed] of [[30, 4, 1], [60, 8, 1], [100, 8, 1], [100, 8, 2], [100, 8, 3], [150, 12, 1], [200, 16, 1], [400, 48, 1]]) {
    // the issue sets a target for 100 nodes of width 8 only; the other sizes are reported without one
    const target = nodes === 100 && width === 8
    layered.push(...measure('layered', layeredDag({ nodes, width, seed }), target ? 1000 : 0, 5000, target ? 3 : 1))
  }
  const nas: Row[] = []
  for (const g of [dartsNetwork({ cells: 20, channels: 16, seed: 1 }), dartsNetwork({ cells: 28, channels: 16, seed: 2 }),
    randWireNetwork({ nodesPerStage: 32, stages: 4, channels: 16, seed: 1 }), randWireNetwork({ nodesPerStage: 48, stages: 4, channels: 16, seed: 2 })]) {
    nas.push(...measure('nas', g, 10_000, 10_000, 1))
  }
  // beyond the issue's range (500–800 nodes): a RandWire of 1,382 nodes, reported without a target
  nas.push(...measure('nas', randWireNetwork({ nodesPerStage: 96, stages: 4, channels: 16, seed: 1 }), 0, 10_000, 1))
  // not in the issue's list: the transformers at seq = 2048, where the peak is no longer forced by one node,
  // so the search must order the Shape/Gather/Unsqueeze/Concat chains; reported without a target
  const long: Row[] = []
  for (const f of ['bert_base.onnx', 'gpt2.onnx']) long.push(...measure('reference', await loadReferenceModel(f, 2048), 0, 10_000, 1, `${f.replace(/\.onnx$/, '')} seq=2048`))
  const all = [...ref, ...layered, ...nas]
  const missed = all.filter((r) => r.target.includes('missed'))
  const forcedRef = ref.filter(staticForced)
  const unproven = [...all, ...long].filter((r) => !r.bt.optimal)
  const maxRed = (rows: Row[]): string => `${(Math.max(...rows.map((r) => (r.randomMean - r.bt.peakBytes) / r.randomMean)) * 100).toFixed(1)}%`
  const proven = (rows: Row[]): string => `${rows.filter((r) => r.bt.optimal).length} of ${rows.length}`
  const md = `# Schedule bench

\`npm run bench:schedule\` (bench/schedule.bench.ts), Node ${process.version}, one core of a 2-core machine shared
with other work (1-minute load average ${loadBefore.toFixed(1)} at the start, ${loadavg()[0].toFixed(1)} at the
end: times are inflated accordingly); total ${((now() - started) / 1000).toFixed(0)} s. Peaks in MB (10^6 bytes), activations only (weights are
reported beside the peak, never in it). \`random mean\`: 100 uniformly random orders, seed 1 (sfc32).
\`index ms\`: building the indexed graph once (validation, CSR arrays), shared by all algorithms.
\`BTSearch ms\`: best of up to 3 runs for the reference models and the 100-node DAGs (one run otherwise), everything after indexing
(groups, bounds, the baseline incumbent, the search). \`proven\`: **bound** = the peak meets the static lower
bound, so no order can do better (the explanation names the node); **cut** = the peak meets the cut bound (the
least memory some node needs over every set of nodes that can have run before it, docs/memory-models.md) — the
search found the order, the bound proves it; **search** = proven by exhausting the search (or a probe below the
peak); **no** = stopped by the time limit, with the gap to the best proven lower bound.

## Summary

- Targets missed: ${missed.length === 0 ? 'none' : missed.map((r) => `${r.graph} (${r.model})`).join(', ')}.
- Reference models: ${forcedRef.length} of ${ref.length} (model, memory model) pairs have a peak forced by one node
  (the bound), so file order, random orders and the optimum tie there — a 0% reduction is the honest figure, not a
  failure to search. The rest were proven by the cut bound or by search.
- Proven optimal: reference ${proven(ref)}, layered ${proven(layered)}, NAS-style ${proven(nas)}.
- Not proven within the time limit: ${unproven.length === 0 ? 'none' : unproven.map((r) => `${r.graph} (${r.model}, gap ${pct(r.bt.peakBytes, r.bt.lowerBoundBytes)}${r.targetMs > 0 ? '' : ', no target'})`).join(', ')}.
- Largest reduction against the random mean (the paper reports up to 12%): reference ${maxRed(ref)}, layered
  ${maxRed(layered)}, NAS-style ${maxRed(nas)}.

## (a) Reference models (seq = 128, Constant nodes kept)

${table(ref)}

## (b) Random layered DAGs (bench/gen/layered.ts; name = nodes, width, seed)

${table(layered)}

## (c) NAS-style networks (bench/gen/nas.ts; DARTS-like cells: cells, channels, seed; RandWire-WS: nodes per stage, stages, channels, seed)

${table(nas)}

## (d) Extra: transformers at seq = 2048 (Constant and Shape-chain nodes kept; search needed on some)

${table(long)}
`
  writeFileSync(join(import.meta.dirname, 'results/schedule.md'), md)
  console.log(`\nwrote bench/results/schedule.md in ${((now() - started) / 1000).toFixed(0)} s; targets missed: ${missed.length}`)
}

main().catch((e: unknown) => { console.error(e); process.exit(1) })
