import { schedule } from '/work/wt/i10-device-memory/src/core/memory/schedule.ts'
import { partitionWithStats } from '/work/wt/i10-device-memory/src/core/partition/partition.ts'
import { evaluate } from '/work/wt/i10-device-memory/src/core/partition/evaluate.ts'
import { loadBenchCluster, loadReferenceModel } from '/work/wt/i10-device-memory/bench/gen/models.ts'
const m = process.argv[2] ?? 'resnet50', k = Number(process.argv[3] ?? 4), file = process.argv[4] ?? 'pi-homogeneous.json'
const limit = process.argv[5] ? Number(process.argv[5]) * 2 ** 20 : undefined
const g = await loadReferenceModel(`${m}.onnx`)
const order = schedule(g, { algo: 'btsearch', timeLimitMs: 2000, now: () => performance.now() }).order
const c = loadBenchCluster(file, k)
for (const rule of (process.env.RULES ?? 'global,device').split(',') as ('global' | 'device')[]) {
  const t = performance.now(); const c0 = process.cpuUsage()
  const r = partitionWithStats(g, c, { algo: 'geneflow', seed: 1, order, memoryRule: rule, limits: limit ? c.devices.map(() => limit) : undefined, now: () => performance.now() })
  const ms = performance.now() - t; const cu = process.cpuUsage(c0); console.log("cpu ms", ((cu.user + cu.system) / 1000).toFixed(0))
  console.log(rule, 'lat', r.plan.latencyMs, 'feas', r.plan.feasible, 'gens', r.plan.generations, 'evals', r.stats.evaluations, 'ms', ms.toFixed(0),
    r.plan.devices.map((d) => `${(d.weightBytes / 2 ** 20).toFixed(1)}+${(d.activationPeakBytes / 2 ** 20).toFixed(2)}=${(d.peakBytes / 2 ** 20).toFixed(1)}/${((d.globalOrderPeakBytes ?? 0) / 2 ** 20).toFixed(1)}${d.optimal ? '' : '?'}`).join(' '))
  const t2 = performance.now()
  const e = evaluate(g, c, r.plan)
  console.log(' evaluate ms', (performance.now() - t2).toFixed(0), JSON.stringify(e.devices.map((d) => d.peakBytes)) === JSON.stringify(r.plan.devices.map((d) => d.peakBytes)))
}
