/**
 * `npx tsx bench/islands.bench.ts`: does GenEFlow's island model (src/core/partition/islands.ts) converge
 * faster than one population — the question of issue 4 before islands are spread over parallel workers?
 * For each case: plain GenEFlow (1 × 48), 2 islands of 24 and 2 islands of 48 (migration every 10
 * generations, seed 1), run in one thread. Reports the plan's latency, the generations, the total
 * evaluations (one core's work) and the busiest island's evaluations (the wall time with one free core per
 * island), and the wall time of the single-thread run; then "converges faster?": the generation and the
 * busiest island's evaluations at which the run first reached the plain run's final latency (or "never").
 * Writes bench/results/islands.md (the text after its `<!-- notes -->` line is kept across runs).
 * Options: --cases resnet50:pi-homogeneous:4,…
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { loadavg } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { schedule } from '../src/core/memory/schedule.ts'
import { partitionWithStats } from '../src/core/partition/partition.ts'
import { loadBenchCluster, loadReferenceModel } from './gen/models.ts'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const args = process.argv.slice(2)
const i = args.indexOf('--cases')
const CASES = (i >= 0 ? args[i + 1] : 'resnet50:pi-homogeneous:4,googlenet:pi-homogeneous:4,inception_v3:pi-homogeneous:4,inception_v3:edge-heterogeneous:3,vgg13:edge-heterogeneous:4')
  .split(',').map((c) => { const [model, cluster, k] = c.split(':'); return { model, cluster, k: Number(k) } })
const CONFIGS = [
  { label: '1 × 48', islands: 1, population: 48 },
  { label: '2 × 24', islands: 2, population: 24 },
  { label: '2 × 48', islands: 2, population: 48 },
]
const now = (): number => performance.now()

const out: string[] = []
const log = (line: string): void => { out.push(line); console.error(line) }
log('# GenEFlow islands (`npx tsx bench/islands.bench.ts`)')
log('')
log(`Recorded ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC, Node ${process.version}, one thread on a shared 2-core machine (load average ${loadavg().map((x) => x.toFixed(1)).join(', ')}). Seed 1, migration of each island's best genome around the ring every 10 generations, ≤ 300 generations, patience 80; schedule order by BTSearch (2 s cap). Wall times are one thread running every island in turn.`)
log('')
log('| model | cluster | K | config | latency ms | generations | evaluations (total) | busiest island | wall s (one thread) | reached 1 × 48\'s final at (generation, busiest island\'s evaluations) |')
log('| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |')
for (const { model, cluster: file, k } of CASES) {
  const graph = await loadReferenceModel(`${model}.onnx`)
  const order = schedule(graph, { algo: 'btsearch', timeLimitMs: 2000, now }).order
  const cluster = loadBenchCluster(`${file}.json`, k)
  let target = Infinity
  for (const cfg of CONFIGS) {
    const t0 = now()
    const trail: { generation: number; latency: number; violation: number; evaluations: number }[] = []
    const { plan, stats } = partitionWithStats(graph, cluster, {
      algo: 'geneflow', seed: 1, order, population: cfg.population, islands: cfg.islands, migrateEvery: 10,
      onProgress: (p) => trail.push({ generation: p.generation, latency: p.bestLatencyMs, violation: p.bestViolationBytes, evaluations: p.evaluations }),
    })
    if (cfg.islands === 1) target = plan.latencyMs
    const hit = trail.find((x) => x.violation === 0 && x.latency <= target + 1e-6)
    const wall = (now() - t0) / 1000
    // GenEFlow's own evaluations per island (stats.evaluations also counts the baselines' scoring)
    const per = stats.islands ?? null
    const gaEvals = per ? per.reduce((s, x) => s + x.evaluations, 0) : null
    const busiest = per ? Math.max(...per.map((x) => x.evaluations)) : null
    const gens = per ? per.map((x) => x.generations).join(' / ') : String(plan.generations)
    log(`| ${model} | ${file} | ${k} | ${cfg.label} | ${plan.latencyMs.toFixed(1)}${plan.feasible ? '' : ' ✗'} | ${gens} | ${stats.evaluations}${gaEvals !== null ? ` (GA ${gaEvals})` : ''} | ${busiest ?? '—'} | ${wall.toFixed(1)} | ${hit ? `${hit.generation}, ${hit.evaluations}` : 'never'} |`)
  }
}
const file = join(root, 'bench/results/islands.md')
const old = existsSync(file) ? readFileSync(file, 'utf8') : ''
const notes = old.includes('<!-- notes -->') ? old.slice(old.indexOf('<!-- notes -->')) : '<!-- notes -->\n'
writeFileSync(file, `${out.join('\n')}\n\n${notes}`)
