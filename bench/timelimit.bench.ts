/**
 * `npm run bench:timelimit`: does BTSearch answer within its time limit on big graphs (issue 16)? For each
 * generator of bench/gen/big.ts (one input feeding N outputs, a chain, a random DAG) at 2k, 10k, 100k and
 * 200k nodes, `schedule` runs with `timeLimitMs` = 300 on the graph in memory — indexing included, since the
 * limit counts from the call — and the table gives the wall time to the answer, its excess over the limit
 * (target: ≤ 500 ms), the process CPU time of the call (less sensitive than wall time to a loaded machine),
 * and the answer: proven or not, peak and bound. Writes bench/results/timelimit.md with the load average.
 * Runs each case three times (median).
 */
import { writeFileSync } from 'node:fs'
import { loadavg } from 'node:os'
import { join } from 'node:path'
import type { MemoriaGraph } from '../src/core/graph/types.ts'
import { indexGraph } from '../src/core/memory/indexed.ts'
import { schedule, type ScheduleResult } from '../src/core/memory/schedule.ts'
import { chain, fanOut, randomDag } from './gen/big.ts'

const LIMIT_MS = 300
const SIZES = [2_000, 10_000, 100_000, 200_000]
const GENERATORS: [string, (n: number) => MemoriaGraph][] = [
  ['fan-out', fanOut],
  ['chain', chain],
  ['random DAG', (n) => randomDag(n, 1)],
]

const cpuMs = (): number => {
  const u = process.cpuUsage()
  return (u.user + u.system) / 1000
}

interface Run { wallMs: number; cpuMs: number; r: ScheduleResult }

function once(g: MemoriaGraph): Run {
  const c0 = cpuMs()
  const t0 = performance.now()
  const r = schedule(g, { memoryModel: 'inplace', timeLimitMs: LIMIT_MS, now: () => performance.now() })
  return { wallMs: performance.now() - t0, cpuMs: cpuMs() - c0, r }
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)]

const loadBefore = loadavg()
const rows: string[] = []
let worst = 0
let worstCpu = 0
for (const n of SIZES) {
  for (const [kind, make] of GENERATORS) {
    const g = make(n)
    // indexing alone (validation included), the part of the call no time limit can shorten
    const c0 = cpuMs()
    indexGraph(g)
    const indexCpu = cpuMs() - c0
    const runs = Array.from({ length: 3 }, () => once(g))
    const wall = median(runs.map((x) => x.wallMs))
    const slowest = Math.max(...runs.map((x) => x.wallMs))
    const cpu = median(runs.map((x) => x.cpuMs))
    const { r } = runs[0]
    worst = Math.max(worst, wall - LIMIT_MS)
    worstCpu = Math.max(worstCpu, cpu - LIMIT_MS)
    const row = `| ${kind} | ${n.toLocaleString('en-US')} | ${wall.toFixed(0)} | ${(wall - LIMIT_MS).toFixed(0)} | ${slowest.toFixed(0)} | ${cpu.toFixed(0)} | ${indexCpu.toFixed(0)} | ${r.optimal ? 'yes' : 'no'} | ${r.peakBytes.toLocaleString('en-US')} | ${r.lowerBoundBytes.toLocaleString('en-US')} | ${r.states ?? '–'} |`
    rows.push(row)
    console.log(row)
  }
}
const loadAfter = loadavg()
const fmt = (l: number[]): string => l.map((x) => x.toFixed(2)).join(', ')
const md = `# BTSearch time limit on big graphs

\`npm run bench:timelimit\` (bench/timelimit.bench.ts). \`schedule(graph, { timeLimitMs: ${LIMIT_MS} })\` on a graph already in
memory, memory model \`inplace\`; the wall time includes indexing the graph (the limit counts from the call). Target:
every answer within the limit + 500 ms. Median of 3 runs per case.

Load average (1, 5, 15 min) before: ${fmt(loadBefore)}; after: ${fmt(loadAfter)} — on 2 cores. The wall times are inflated
by that load (other processes); the CPU column is this process's own time for the call (its garbage collector's
and compiler's helper threads included, so it can exceed the wall time), and the next one the
CPU time of indexing the graph alone (validateGraph + indexGraph, measured once, separately and first, so
without a warm JIT): the linear part that no time limit can shorten. Validation and indexing resolve each name
once (a hash table in typed arrays) and write every list straight into typed arrays; before those changes
(2026-12-02) indexing alone took 1.1–2.8 s of CPU at 100k–200k nodes and the answers came 0.6–2.7 s late.
Before issue 16's fixes the fan-out took 0.6 s at 2k nodes, 4.2 s at 10k and over 110 s
at 100k with the same 300 ms limit (the issue's figures). Since the lower bound counts the last step (every graph
output kept to the end, beside the last node's inputs), the fan-outs are proven optimal at once, and the random
DAGs' bounds come within 2–16 % of their peaks instead of orders of magnitude below.

| graph | nodes | wall ms | over the limit, ms | slowest of 3, wall ms | CPU ms | of which indexing, CPU ms | proven | peak bytes | lower bound bytes | states |
| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- | ---: | ---: | ---: |
${rows.join('\n')}

Largest excess over the limit: ${worst.toFixed(0)} ms of wall time, ${worstCpu.toFixed(0)} ms of CPU time.
`
writeFileSync(join(import.meta.dirname, 'results/timelimit.md'), md)
console.log(`largest excess over the limit: ${worst.toFixed(0)} ms wall, ${worstCpu.toFixed(0)} ms CPU; wrote bench/results/timelimit.md`)
