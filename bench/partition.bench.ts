/**
 * `npm run bench:partition`: every partitioning algorithm on the reference models, K = 2, 3, 4, on a
 * homogeneous and a heterogeneous cluster (bench/clusters/README.md); GenEFlow's reduction against greedy,
 * whether it strictly beat its best seed, its wall time and generations; minimum memory per algorithm on a
 * subset. Issue 10's sections, table-driven over CASES (model × cluster × K; a new dimension is one more
 * field of `Case` and one more loop in `cases()`):
 * - memory: the minimum uniform memory that fits (GenEFlow, bisection) with the old rule (every device along
 *   the global order) and the new (each device along its own order), and GenEFlow's latency at a fixed
 *   tight limit (the old rule's minimum) under both;
 * - quality: GenEFlow against simulated annealing and iterated local search at GenEFlow's evaluation count,
 *   over `--seeds` seeds: the best reference, GenEFlow's gap to it (median, worst), GenEFlow's and the
 *   annealing's medians, GenEFlow's spread across seeds.
 * Writes bench/results/partition.md. Schedule order: BTSearch's (a state budget per model, so the order is the
 * same on any machine). Single process, one core.
 *
 * Options: --models a,b  --k 2,3,4  --clusters homogeneous,heterogeneous  --sections algos,minmem,memory,quality
 *   --seeds 5  --memory-models a,b  --quality-models a,b  --out FILE  --quick (fewer models, no minimum memory)  --no-minmem
 */
import { writeFileSync } from 'node:fs'
import { loadavg } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { MemoriaGraph } from '../src/core/graph/types.ts'
import { schedule } from '../src/core/memory/schedule.ts'
import { memoryLowerBound, minimumMemory } from '../src/core/partition/min-memory.ts'
import { partitionWithStats } from '../src/core/partition/partition.ts'
import { referencePlan } from '../src/core/partition/reference-search.ts'
import type { Algo, Plan } from '../src/core/partition/plan.ts'
import { loadBenchCluster, loadReferenceModel } from './gen/models.ts'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const args = process.argv.slice(2)
const opt = (name: string): string | undefined => {
  const i = args.indexOf(`--${name}`)
  return i >= 0 ? args[i + 1] : undefined
}
const quick = args.includes('--quick')
const ALL_MODELS = ['squeezenet1_1', 'mobilenet_v3_large', 'regnet_y_400mf', 'resnet50', 'googlenet', 'inception_v3', 'vgg13', 'bert_base', 'gpt2']
const models = opt('models')?.split(',') ?? (quick ? ['resnet50', 'googlenet'] : ALL_MODELS)
const ks = (opt('k') ?? '2,3,4').split(',').map(Number)
const BASE: Algo[] = ['single', 'greedy', 'channel', 'spatial', 'pipeline']
const sections = new Set((opt('sections') ?? 'algos,minmem,memory,quality').split(','))
const MINMEM_MODELS = quick || args.includes('--no-minmem') || !sections.has('minmem') ? [] : ['googlenet', 'resnet50']
const nSeeds = Number(opt('seeds') ?? 5)
const MEMORY_MODELS = opt('memory-models')?.split(',') ?? models
const QUALITY_MODELS = opt('quality-models')?.split(',') ?? models
/** GenEFlow's generations per probe of a minimum-memory bisection in the memory section */
const PROBE_GENERATIONS = 40
/** the memory section's bisection resolution: activations are a few MiB, so 1 MiB would hide the change */
const RESOLUTION = 64 * 1024
const now = (): number => performance.now()
const MiB = 2 ** 20

const uptime = (): string => loadavg().map((x) => x.toFixed(2)).join(', ')
const cluster = loadBenchCluster
const load = (name: string): Promise<MemoriaGraph> => loadReferenceModel(`${name}.onnx`)

const fmt = (p: Plan): string => `${p.latencyMs.toFixed(1)}${p.feasible ? '' : ' ✗'}`

interface Row {
  model: string; k: number; plans: Record<string, Plan>; gaMs: number; gaCpuMs: number; fromSeed: string | null; bestSeed: string
}

const t0 = now()
const cpu0 = process.cpuUsage()
const ALL_CLUSTERS = [
  { key: 'homogeneous', file: 'pi-homogeneous.json', title: 'Homogeneous: up to four Pi-class boards, 300 Mbit/s Wi-Fi, broadcast' },
  { key: 'heterogeneous', file: 'edge-heterogeneous.json', title: 'Heterogeneous: Pi 4 (source), Jetson Nano, Pi 3, Pi Zero 2, point to point' },
]
const clusterKeys = (opt('clusters') ?? 'homogeneous,heterogeneous').split(',')
const CLUSTERS = ALL_CLUSTERS.filter((c) => clusterKeys.includes(c.key))
const rows = new Map<string, Row[]>()
const orders = new Map<string, string[]>()
const graphs = new Map<string, MemoriaGraph>()
for (const m of models) {
  const g = await load(m)
  graphs.set(m, g)
  const s = schedule(g, { algo: 'btsearch', maxStates: 200_000 })
  orders.set(m, s.order)
  console.error(`${m}: ${g.nodes.length} nodes, order by btsearch (${s.optimal ? 'optimal' : 'not proven optimal'})`)
}
for (const { file } of sections.has('algos') ? CLUSTERS : []) {
  const out: Row[] = []
  for (const m of models) {
    const g = graphs.get(m) as MemoriaGraph
    const order = orders.get(m)
    for (const k of ks) {
      const c = cluster(file, k)
      const plans: Record<string, Plan> = {}
      for (const algo of BASE) plans[algo] = partitionWithStats(g, c, { algo, order }).plan
      const t = now()
      const c0 = process.cpuUsage()
      const { plan, stats } = partitionWithStats(g, c, { algo: 'geneflow', seed: 1, order, now, timeLimitMs: 60_000 })
      const gaMs = now() - t
      const cu = process.cpuUsage(c0)
      const gaCpuMs = (cu.user + cu.system) / 1000
      plans.geneflow = plan
      const feasibleSeeds = BASE.filter((a) => plans[a].feasible)
      const bestSeed = (feasibleSeeds.length > 0 ? feasibleSeeds : BASE).reduce((a, b) => (plans[b].latencyMs < plans[a].latencyMs ? b : a))
      out.push({ model: m, k, plans, gaMs, gaCpuMs, fromSeed: stats.fromSeed, bestSeed })
      console.error(`${file} ${m} K=${k}: ${[...BASE, 'geneflow'].map((a) => `${a} ${fmt(plans[a])}`).join(', ')} | GA ${gaMs.toFixed(0)} ms, ${plan.generations} gens`)
    }
  }
  rows.set(file, out)
}

const lines: string[] = []
const w = (s = ''): number => lines.push(s)
w('# Partition benchmark')
w()
w(`Generated by \`npm run bench:partition\` (${new Date().toISOString().slice(0, 10)}, Node ${process.version}, one process on a shared 2-core machine — wall times are noisy).`)
w('Latency in ms under docs/cost-model.md; ✗ = infeasible (exceeds some device memory). Schedule order: BTSearch (200,000 states). GenEFlow: seed 1, population 48, ≤ 300 generations, stop after 80 generations with < 0.1 % improvement.')
w('"vs greedy" = (greedy − GenEFlow) / greedy. "beat seed" = GenEFlow strictly better than its best seed (feasible first), else the seed it returned.')
let strictWins = 0, total = 0, worse = 0
const reductions: { m: string; k: number; file: string; r: number }[] = []
for (const { file, title } of sections.has('algos') ? CLUSTERS : []) {
  w()
  w(`## ${title}`)
  w()
  w('| model | K | single | greedy | channel | spatial | pipeline | **GenEFlow** | vs greedy | beat seed | GA wall / CPU | gens |')
  w('| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |')
  for (const r of rows.get(file) ?? []) {
    const ga = r.plans.geneflow
    const greedy = r.plans.greedy
    const red = greedy.feasible && ga.feasible ? (greedy.latencyMs - ga.latencyMs) / greedy.latencyMs : NaN
    if (Number.isFinite(red)) reductions.push({ m: r.model, k: r.k, file, r: red })
    const seed = r.plans[r.bestSeed]
    const strict = ga.feasible && (!seed.feasible || ga.latencyMs < seed.latencyMs - 1e-6)
    total++
    if (strict) strictWins++
    for (const a of BASE) if (r.plans[a].feasible && (!ga.feasible || ga.latencyMs > r.plans[a].latencyMs + 1e-6)) worse++
    w(`| ${r.model} | ${r.k} | ${BASE.map((a) => fmt(r.plans[a])).join(' | ')} | **${fmt(ga)}** | ${Number.isFinite(red) ? `${(red * 100).toFixed(1)} %` : '—'} | ${strict ? 'yes' : `no (${r.fromSeed ?? r.bestSeed})`} | ${(r.gaMs / 1000).toFixed(1)} / ${(r.gaCpuMs / 1000).toFixed(1)} s | ${ga.generations}${ga.budgetHit ? ' (cap)' : ''} |`)
  }
}
if (sections.has('algos')) {
w()
w('## Summary')
w()
const k4 = reductions.filter((x) => x.k === 4).sort((a, b) => b.r - a.r)
w(`- GenEFlow worse than a feasible baseline: ${worse} times (of ${total} runs × ${BASE.length} baselines).`)
w(`- GenEFlow strictly better than its best seed in ${strictWins} of ${total} runs; elsewhere it returns that seed.`)
if (k4.length > 0) {
  w(`- Largest reduction vs greedy at K = 4: ${(k4[0].r * 100).toFixed(1)} % (${k4[0].m}, ${k4[0].file}); the paper reports 33.9 %.`)
  const avg = k4.reduce((s, x) => s + x.r, 0) / k4.length
  w(`- Mean reduction vs greedy at K = 4 over feasible pairs: ${(avg * 100).toFixed(1)} %.`)
  const small = k4.filter((x) => x.r < 0.25).map((x) => `${x.m} (${x.file.replace('.json', '')}, ${(x.r * 100).toFixed(1)} %)`)
  if (small.length > 0) w(`- Below 25 % at K = 4 under this cost model: ${small.join(', ')}.`)
}
const BRANCHY = ['resnet50', 'googlenet', 'inception_v3']
const branchy = k4.filter((x) => BRANCHY.includes(x.m)).map((x) => `${x.m} ${(x.r * 100).toFixed(1)} % (${x.file.replace('.json', '')})`)
if (branchy.length > 0) w(`- Branchy models (residual / inception blocks) at K = 4, reduction vs greedy: ${branchy.join(', ')}.`)
const noSplit: string[] = []
for (const [file, rs] of rows) {
  for (const r of rs) {
    const ga = r.plans.geneflow
    const names = new Set(ga.assignments.filter((a) => a.dim === 'none').map((a) => a.device))
    if (ga.assignments.every((a) => a.dim === 'none') && names.size === 1) noSplit.push(`${r.model} K=${r.k} (${file.replace('.json', '')})`)
  }
}
if (noSplit.length > 0) {
  w(`- Where no split pays under this cost model (GenEFlow keeps the whole model on one device: the links' latency and bandwidth cost more than the compute they would save): ${noSplit.join(', ')}.`)
}
const r50 = (rows.get('pi-homogeneous.json') ?? []).find((r) => r.model === 'resnet50' && r.k === 4)
if (r50) w(`- resnet50, K = 4, homogeneous: GenEFlow ${(r50.gaMs / 1000).toFixed(1)} s wall, ${(r50.gaCpuMs / 1000).toFixed(1)} s CPU, ${r50.plans.geneflow.generations} generations (target ≤ 5 s on one core).`)
}

if (MINMEM_MODELS.length > 0) {
  w()
  w('## Minimum memory (homogeneous cluster, K = 4, uniform limit)')
  w()
  w('Smallest per-device limit at which each algorithm finds a feasible plan (bisection to 1 MiB, seed 1; GenEFlow with ≤ 60 generations per probe), and the lower bound shown at once (docs/geneflow.md).')
  w()
  minMemoryTable('pi-homogeneous.json', false)
  w()
  w('Heterogeneous cluster, K = 4, limits in the ratio of the devices\' memory (2 : 4 : 1 : 1 GiB): the smallest scale, shown as the limit of the smallest device.')
  w()
  minMemoryTable('edge-heterogeneous.json', true)
}

/**
 * One row per model: the lower bound and each algorithm's minimum memory on the K = 4 cluster, with one
 * uniform limit, or (`byRatio`) limits in the ratio of the devices' memory, shown as the smallest device's.
 */
function minMemoryTable(file: string, byRatio: boolean): void {
  w(`| model | lower bound | ${[...BASE, 'geneflow'].join(' | ')} |`)
  w(`| --- | --- | ${[...BASE, 'geneflow'].map(() => '---').join(' | ')} |`)
  for (const m of MINMEM_MODELS.filter((x) => graphs.has(x))) {
    const g = graphs.get(m) as MemoriaGraph
    const c = cluster(file, 4)
    const least = Math.min(...c.devices.map((d) => d.memoryBytes))
    const ratio = byRatio ? c.devices.map((d) => d.memoryBytes / least) : undefined
    const lb = memoryLowerBound(g, c, { order: orders.get(m), ratio })
    const cells = [...BASE, 'geneflow' as Algo].map((algo) => {
      const r = minimumMemory(g, c, { algo, seed: 1, order: orders.get(m), ratio, generations: 60, now, timeLimitMs: 30_000 })
      console.error(`min-memory${byRatio ? ' (ratio)' : ''} ${m} ${algo}: ${r.scaleBytes} (${r.runs} runs)`)
      return r.scaleBytes === null ? '—' : `${(r.scaleBytes / MiB).toFixed(0)} MiB`
    })
    w(`| ${m} | ${(lb / MiB).toFixed(1)} MiB | ${cells.join(' | ')} |`)
  }
}
interface Case { model: string; cluster: (typeof ALL_CLUSTERS)[number]; k: number }
function cases(only: string[]): Case[] {
  const out: Case[] = []
  for (const cl of CLUSTERS) for (const model of models.filter((m) => only.includes(m))) for (const k of ks) out.push({ model, cluster: cl, k })
  return out
}
const cpuMs = (c0: NodeJS.CpuUsage): number => { const c = process.cpuUsage(c0); return (c.user + c.system) / 1000 }
const miB = (b: number | null): string => (b === null ? '—' : `${(b / MiB).toFixed(2)}`)
const feasibleFirst = (a: Plan, b: Plan): number => (a.feasible === b.feasible ? a.latencyMs - b.latencyMs : a.feasible ? -1 : 1)
const median = (xs: number[]): number => { const s = [...xs].sort((a, b) => a - b); return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2 }

if (sections.has('memory')) {
  w()
  w('## Per-device memory: each device along its own order (issue 10)')
  w()
  w(`Minimum uniform memory per device that fits (GenEFlow seed 1, ≤ ${PROBE_GENERATIONS} generations per probe, bisection to 64 KiB), in MiB: "old" = every device along the global order, "new" = each device along its own order (BTSearch on its subgraph, docs/cost-model.md). Then GenEFlow (seed 1, default budget) at a fixed tight limit — the old rule's minimum on every device — under each rule: latency in ms (✗ = infeasible). The new feasible set contains the old one, so "after" should never be above "before".`)
  w()
  w('| model | cluster | K | min memory old | min memory new | change | latency at the old minimum, old rule | same, new rule | device orders proven |')
  w('| --- | --- | --- | --- | --- | --- | --- | --- | --- |')
  for (const cs of cases(MEMORY_MODELS)) {
    const g = graphs.get(cs.model) as MemoriaGraph
    const c = cluster(cs.cluster.file, cs.k)
    const order = orders.get(cs.model)
    const base = { algo: 'geneflow' as const, seed: 1, order, now, timeLimitMs: 60_000 }
    const oldMin = minimumMemory(g, c, { ...base, generations: PROBE_GENERATIONS, resolutionBytes: RESOLUTION, memoryRule: 'global' }).scaleBytes
    const newMin = minimumMemory(g, c, { ...base, generations: PROBE_GENERATIONS, resolutionBytes: RESOLUTION }).scaleBytes
    let before = '—', after = '—', proven = '—'
    if (oldMin !== null) {
      const limits = c.devices.map(() => oldMin)
      const b = partitionWithStats(g, c, { ...base, limits, memoryRule: 'global' }).plan
      const a = partitionWithStats(g, c, { ...base, limits }).plan
      before = fmt(b); after = fmt(a)
      proven = `${a.devices.filter((d) => d.optimal === true).length} / ${a.devices.length}`
    }
    const change = oldMin !== null && newMin !== null ? `${(((newMin - oldMin) / oldMin) * 100).toFixed(1)} %` : '—'
    console.error(`memory ${cs.model} ${cs.cluster.key} K=${cs.k}: min ${miB(oldMin)} → ${miB(newMin)} MiB, latency ${before} → ${after}`)
    w(`| ${cs.model} | ${cs.cluster.key} | ${cs.k} | ${miB(oldMin)} | ${miB(newMin)} | ${change} | ${before} | ${after} | ${proven} |`)
  }
}

if (sections.has('quality')) {
  w()
  w(`## GenEFlow against simulated annealing and iterated local search at equal evaluations (issue 10)`)
  w()
  w(`Per case, ${nSeeds} seeds (1…${nSeeds}); each seed runs GenEFlow (default budget), then annealing and ILS (src/core/partition/reference-search.ts: same genome, moves, fitness and baseline seeds) with exactly GenEFlow's evaluation count for that seed. "best ref" = the better of the two (feasible first) per seed; gap = (GenEFlow − best ref) / best ref (negative: GenEFlow better). Spread = (max − min) / min of GenEFlow's latency over the seeds. Latency in ms.`)
  w()
  w('| model | cluster | K | evals (median) | GenEFlow median | annealing median | ILS median | best ref median | gap median | gap worst | GenEFlow spread | GenEFlow ≤ annealing (median) | GA CPU (seed 1) |')
  w('| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |')
  for (const cs of cases(QUALITY_MODELS)) {
    const g = graphs.get(cs.model) as MemoriaGraph
    const c = cluster(cs.cluster.file, cs.k)
    const order = orders.get(cs.model)
    const ga: number[] = [], sa: number[] = [], ils: number[] = [], ref: number[] = [], gaps: number[] = [], evals: number[] = []
    let cpu1 = 0
    for (let seed = 1; seed <= nSeeds; seed++) {
      const c0 = process.cpuUsage()
      const r = partitionWithStats(g, c, { algo: 'geneflow', seed, order, now, timeLimitMs: 60_000 })
      if (seed === 1) cpu1 = cpuMs(c0)
      const n = r.stats.evaluations
      const a = referencePlan(g, c, { kind: 'anneal', seed, evaluations: n, order }).plan
      const l = referencePlan(g, c, { kind: 'ils', seed, evaluations: n, order }).plan
      const best = feasibleFirst(a, l) <= 0 ? a : l
      ga.push(r.plan.latencyMs); sa.push(a.latencyMs); ils.push(l.latencyMs); ref.push(best.latencyMs); evals.push(n)
      gaps.push((r.plan.latencyMs - best.latencyMs) / best.latencyMs)
      console.error(`quality ${cs.model} ${cs.cluster.key} K=${cs.k} seed ${seed}: GA ${fmt(r.plan)} (${n} evals), SA ${fmt(a)}, ILS ${fmt(l)}`)
    }
    const pct = (x: number): string => `${(x * 100).toFixed(1)} %`
    const spread = (Math.max(...ga) - Math.min(...ga)) / Math.min(...ga)
    w(`| ${cs.model} | ${cs.cluster.key} | ${cs.k} | ${median(evals).toFixed(0)} | ${median(ga).toFixed(1)} | ${median(sa).toFixed(1)} | ${median(ils).toFixed(1)} | ${median(ref).toFixed(1)} | ${pct(median(gaps))} | ${pct(Math.max(...gaps))} | ${pct(spread)} | ${median(ga) <= median(sa) + 1e-6 ? 'yes' : '**no**'} | ${(cpu1 / 1000).toFixed(1)} s |`)
  }
}
w()
w(`Machine load when the run ended (uptime): ${uptime()}.`)
w()
w('Islands (GenEFlow split into islands that exchange migrants at fixed generations): measured separately by `npx tsx bench/islands.bench.ts`, in bench/results/islands.md.')
w()
const cpu = process.cpuUsage(cpu0)
w(`Total bench time: ${((now() - t0) / 1000).toFixed(0)} s wall, ${((cpu.user + cpu.system) / 1e6).toFixed(0)} s CPU (the machine was shared: wall ÷ CPU shows the slowdown, GA times above are wall).`)
const outFile = opt('out') ?? join(root, 'bench/results/partition.md')
writeFileSync(outFile, lines.join('\n') + '\n')
console.error(`wrote ${outFile} in ${((now() - t0) / 1000).toFixed(0)} s`)
