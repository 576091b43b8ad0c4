/**
 * `npm run bench:partition`: every partitioning algorithm on the reference models, K = 2, 3, 4, on a
 * homogeneous and a heterogeneous cluster (bench/clusters/README.md); GenEFlow's reduction against greedy,
 * whether it strictly beat its best seed, its wall time and generations; minimum memory per algorithm on a
 * subset. Writes bench/results/partition.md. Schedule order: BTSearch's (2 s cap per model, the order it has
 * by then). Single process, one core; keep a run under ~5 minutes.
 *
 * Each cluster runs under both network models (docs/cost-model.md, "Network"): `star` (a full-duplex link per
 * device) and `shared` (one medium, every hop's airtime in turn).
 *
 * Options: --models a,b  --k 2,3,4  --network star,shared  --quick (fewer models, no minimum memory)  --no-minmem
 *          --out FILE (instead of bench/results/partition.md)
 */
import { writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { MemoriaGraph } from '../src/core/graph/types.ts'
import { schedule } from '../src/core/memory/schedule.ts'
import { memoryLowerBound, minimumMemory } from '../src/core/partition/min-memory.ts'
import { partitionWithStats } from '../src/core/partition/partition.ts'
import type { Algo, Plan } from '../src/core/partition/plan.ts'
import { validateCluster, type NetworkModel } from '../src/core/partition/cluster.ts'
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
const BASE: Algo[] = ['single', 'greedy', 'channel', 'spatial', 'pipeline', 'edgeflow']
const NETWORKS = (opt('network') ?? 'star,shared').split(',') as NetworkModel[]
const MINMEM_MODELS = quick || args.includes('--no-minmem') ? [] : ['googlenet', 'resnet50']
const now = (): number => performance.now()
const MiB = 2 ** 20

const cluster = (file: string, k: number, network: NetworkModel = 'star') => validateCluster({ ...loadBenchCluster(file, k), network })
const load = (name: string): Promise<MemoriaGraph> => loadReferenceModel(`${name}.onnx`)

const fmt = (p: Plan): string => `${p.latencyMs.toFixed(1)}${p.feasible ? '' : ' ✗'}`

interface Row {
  model: string; k: number; plans: Record<string, Plan>; gaMs: number; gaCpuMs: number; fromSeed: string | null; bestSeed: string
  network: NetworkModel
}

const t0 = now()
const cpu0 = process.cpuUsage()
const CLUSTER_FILES = [
  { file: 'pi-homogeneous.json', title: 'Homogeneous: up to four Pi-class boards, 300 Mbit/s Wi-Fi, broadcast' },
  { file: 'edge-heterogeneous.json', title: 'Heterogeneous: Pi 4 (source), Jetson Nano, Pi 3, Pi Zero 2, point to point' },
]
const NETWORK_TITLE: Record<NetworkModel, string> = {
  star: 'network star (a full-duplex link per device, store and forward)',
  shared: 'network shared (one medium: every hop takes airtime in turn)',
}
// the row key is `file|network`
const CLUSTERS = NETWORKS.flatMap((network) => CLUSTER_FILES.map((c) => ({ ...c, network, key: `${c.file}|${network}`, title: `${c.title}; ${NETWORK_TITLE[network]}` })))
const rows = new Map<string, Row[]>()
const orders = new Map<string, string[]>()
const graphs = new Map<string, MemoriaGraph>()
for (const m of models) {
  const g = await load(m)
  graphs.set(m, g)
  const s = schedule(g, { algo: 'btsearch', timeLimitMs: 2000, now })
  orders.set(m, s.order)
  console.error(`${m}: ${g.nodes.length} nodes, order by btsearch (${s.optimal ? 'optimal' : 'not proven optimal'})`)
}
for (const { file, network, key } of CLUSTERS) {
  const out: Row[] = []
  for (const m of models) {
    const g = graphs.get(m) as MemoriaGraph
    const order = orders.get(m)
    for (const k of ks) {
      const c = cluster(file, k, network)
      const plans: Record<string, Plan> = {}
      for (const algo of BASE) plans[algo] = partitionWithStats(g, c, { algo, order }).plan
      const t = now()
      const c0 = process.cpuUsage()
      const { plan, stats } = partitionWithStats(g, c, { algo: 'geneflow', seed: 1, order })
      const gaMs = now() - t
      const cu = process.cpuUsage(c0)
      const gaCpuMs = (cu.user + cu.system) / 1000
      plans.geneflow = plan
      const feasibleSeeds = BASE.filter((a) => plans[a].feasible)
      const bestSeed = (feasibleSeeds.length > 0 ? feasibleSeeds : BASE).reduce((a, b) => (plans[b].latencyMs < plans[a].latencyMs ? b : a))
      out.push({ model: m, k, plans, gaMs, gaCpuMs, fromSeed: stats.fromSeed, bestSeed, network })
      console.error(`${key} ${m} K=${k}: ${[...BASE, 'geneflow'].map((a) => `${a} ${fmt(plans[a])}`).join(', ')} | GA ${gaMs.toFixed(0)} ms, ${plan.generations} gens`)
    }
  }
  rows.set(key, out)
}

const lines: string[] = []
const w = (s = ''): number => lines.push(s)
w('# Partition benchmark')
w()
w(`Generated by \`npm run bench:partition\` (${new Date().toISOString().slice(0, 10)}, Node ${process.version}, one process on a shared 2-core machine — wall times are noisy).`)
w('Latency in ms under docs/cost-model.md; ✗ = infeasible (exceeds some device memory). Schedule order: BTSearch (2 s cap). GenEFlow: seed 1, population 48, ≤ 300 generations, stop after 80 generations with < 0.1 % improvement (gens marked ✓ when it converged so, else it ran its 300); no wall-clock budget, so these plans are the same on any machine.')
w('Every table runs under both network models of docs/cost-model.md ("Network"): **star** (a full-duplex link per device, the router stores and forwards) and **shared** (one medium: every hop — upload, then the router\'s send — takes airtime in turn, broadcast sent once). Devices carry the kernel overheads of bench/clusters/README.md.')
w('"vs EdgeFlow" = (EdgeFlow − GenEFlow) / EdgeFlow, the comparison that counts: EdgeFlow with its per-layer split-ratio optimisation (docs/geneflow.md). "vs greedy" = the same against the speed-proportional greedy. "beat seed" = GenEFlow strictly better than its best seed (feasible first), else the seed it returned.')
let strictWins = 0, total = 0, worse = 0, converged = 0
const reductions: { m: string; k: number; file: string; network: NetworkModel; r: number; rg: number }[] = []
const efVsGreedy: { better: number; worse: number; same: number } = { better: 0, worse: 0, same: 0 }
const short = (file: string, network: string): string => `${file.replace('.json', '').replace('pi-', '').replace('edge-', '')}, ${network}`
for (const { key, file, network, title } of CLUSTERS) {
  w()
  w(`## ${title}`)
  w()
  w('| model | K | single | greedy | channel | spatial | pipeline | EdgeFlow | **GenEFlow** | vs EdgeFlow | vs greedy | beat seed | GA wall / CPU | gens |')
  w('| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |')
  for (const r of rows.get(key) ?? []) {
    const ga = r.plans.geneflow
    const ef = r.plans.edgeflow
    const greedy = r.plans.greedy
    const red = ef.feasible && ga.feasible ? (ef.latencyMs - ga.latencyMs) / ef.latencyMs : NaN
    const redG = greedy.feasible && ga.feasible ? (greedy.latencyMs - ga.latencyMs) / greedy.latencyMs : NaN
    if (Number.isFinite(red)) reductions.push({ m: r.model, k: r.k, file, network, r: red, rg: redG })
    if (ef.feasible && greedy.feasible) {
      if (ef.latencyMs < greedy.latencyMs - 1e-6) efVsGreedy.better++
      else if (ef.latencyMs > greedy.latencyMs + 1e-6) efVsGreedy.worse++
      else efVsGreedy.same++
    }
    const seed = r.plans[r.bestSeed]
    const strict = ga.feasible && (!seed.feasible || ga.latencyMs < seed.latencyMs - 1e-6)
    total++
    if (strict) strictWins++
    if (ga.converged) converged++
    for (const a of BASE) if (r.plans[a].feasible && (!ga.feasible || ga.latencyMs > r.plans[a].latencyMs + 1e-6)) worse++
    const pct = (x: number): string => (Number.isFinite(x) ? `${(x * 100).toFixed(1)} %` : '—')
    w(`| ${r.model} | ${r.k} | ${BASE.map((a) => fmt(r.plans[a])).join(' | ')} | **${fmt(ga)}** | ${pct(red)} | ${pct(redG)} | ${strict ? 'yes' : `no (${r.fromSeed ?? r.bestSeed})`} | ${(r.gaMs / 1000).toFixed(1)} / ${(r.gaCpuMs / 1000).toFixed(1)} s | ${ga.generations}${ga.converged ? ' ✓' : ''}${ga.budgetHit ? ' (budget)' : ''} |`)
  }
}
w()
w('## Summary')
w()
const k4 = reductions.filter((x) => x.k === 4).sort((a, b) => b.r - a.r)
w(`- GenEFlow worse than a feasible baseline: ${worse} times (of ${total} runs × ${BASE.length} baselines).`)
w(`- GenEFlow strictly better than its best seed in ${strictWins} of ${total} runs; elsewhere it returns that seed. It converged (patience) in ${converged} of ${total} runs; the others ran all 300 generations.`)
w(`- EdgeFlow against the speed-proportional greedy (feasible pairs): better in ${efVsGreedy.better}, worse in ${efVsGreedy.worse}, equal in ${efVsGreedy.same}.`)
for (const network of NETWORKS) {
  const sel = k4.filter((x) => x.network === network)
  if (sel.length === 0) continue
  const avg = sel.reduce((s, x) => s + x.r, 0) / sel.length
  const avgG = sel.reduce((s, x) => s + x.rg, 0) / sel.length
  w(`- Network ${network}, K = 4: GenEFlow vs EdgeFlow — largest reduction ${(sel[0].r * 100).toFixed(1)} % (${sel[0].m}, ${short(sel[0].file, network)}), mean ${(avg * 100).toFixed(1)} % over feasible pairs (vs greedy: mean ${(avgG * 100).toFixed(1)} %); the paper reports 33.9 % against its greedy.`)
}
const BRANCHY = ['resnet50', 'googlenet', 'inception_v3']
const branchy = k4.filter((x) => BRANCHY.includes(x.m)).map((x) => `${x.m} ${(x.r * 100).toFixed(1)} % (${short(x.file, x.network)})`)
if (branchy.length > 0) w(`- Branchy models (residual / inception blocks) at K = 4, reduction vs EdgeFlow: ${branchy.join(', ')}.`)
const noSplit: string[] = []
for (const c of CLUSTERS) {
  for (const r of rows.get(c.key) ?? []) {
    const ga = r.plans.geneflow
    const names = new Set(ga.assignments.filter((a) => a.dim === 'none').map((a) => a.device))
    if (ga.assignments.every((a) => a.dim === 'none') && names.size === 1) noSplit.push(`${r.model} K=${r.k} (${short(c.file, c.network)})`)
  }
}
if (noSplit.length > 0) {
  w(`- Where no split pays under this cost model (GenEFlow keeps the whole model on one device: the links' latency and bandwidth cost more than the compute they would save): ${noSplit.join(', ')}.`)
}
for (const network of NETWORKS) {
  const r50 = (rows.get(`pi-homogeneous.json|${network}`) ?? []).find((r) => r.model === 'resnet50' && r.k === 4)
  if (r50) w(`- resnet50, K = 4, homogeneous, ${network}: GenEFlow ${(r50.gaMs / 1000).toFixed(1)} s wall, ${(r50.gaCpuMs / 1000).toFixed(1)} s CPU, ${r50.plans.geneflow.generations} generations (target ≤ 5 s on one core).`)
}

if (MINMEM_MODELS.length > 0) {
  w()
  w('## Minimum memory (homogeneous cluster, K = 4, uniform limit, network star)')
  w()
  w('Smallest per-device limit at which each algorithm finds a feasible plan (bisection to 1 MiB, seed 1; GenEFlow with ≤ 60 generations per probe), and the lower bound shown at once (docs/geneflow.md).')
  w()
  minMemoryTable('pi-homogeneous.json', false)
  w()
  w('Heterogeneous cluster (network star), K = 4, limits in the ratio of the devices\' memory (2 : 4 : 1 : 1 GiB): the smallest scale, shown as the limit of the smallest device.')
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
      const r = minimumMemory(g, c, { algo, seed: 1, order: orders.get(m), ratio, generations: 60 })
      console.error(`min-memory${byRatio ? ' (ratio)' : ''} ${m} ${algo}: ${r.scaleBytes} (${r.runs} runs)`)
      return r.scaleBytes === null ? '—' : `${(r.scaleBytes / MiB).toFixed(0)} MiB`
    })
    w(`| ${m} | ${(lb / MiB).toFixed(1)} MiB | ${cells.join(' | ')} |`)
  }
}
w()
w('Islands (GenEFlow split into islands that exchange migrants at fixed generations): measured separately by `npx tsx bench/islands.bench.ts`, in bench/results/islands.md.')
w()
const cpu = process.cpuUsage(cpu0)
w(`Total bench time: ${((now() - t0) / 1000).toFixed(0)} s wall, ${((cpu.user + cpu.system) / 1e6).toFixed(0)} s CPU (the machine was shared: wall ÷ CPU shows the slowdown, GA times above are wall).`)
const outFile = opt('out') ?? join(root, 'bench/results/partition.md')
writeFileSync(outFile, lines.join('\n') + '\n')
console.error(`wrote ${outFile} in ${((now() - t0) / 1000).toFixed(0)} s`)
