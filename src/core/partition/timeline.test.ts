import { describe, expect, it } from 'vitest'
import { validateCluster } from './cluster.ts'
import { evaluate } from './evaluate.ts'
import { partition } from './partition.ts'
import { ALGOS } from './plan.ts'
import { attentionBlock, convChain, inceptionBlock, residualBlock } from './test-graphs.ts'
import { tracePlan } from './timeline.ts'

const cluster = (broadcast: boolean) => validateCluster({
  devices: [
    { name: 'a', gflops: 10, memoryBytes: 4_000_000, bandwidthMbps: 100, latencyMs: 1 },
    { name: 'b', gflops: 25, memoryBytes: 3_000_000, bandwidthMbps: 300, latencyMs: 0.5 },
    { name: 'c', gflops: 5, memoryBytes: 2_000_000, bandwidthMbps: 50, latencyMs: 2 },
  ],
  router: { broadcast },
  source: 'b',
})

describe('tracePlan', () => {
  for (const [name, graph] of Object.entries({ convChain: convChain(), residualBlock: residualBlock(), inceptionBlock: inceptionBlock(), attentionBlock: attentionBlock() })) {
    for (const algo of ALGOS) {
      it(`${name} / ${algo}: the timeline and curves agree with evaluate`, () => {
        for (const broadcast of [true, false]) {
          const c = cluster(broadcast)
          const plan = partition(graph, c, { algo, generations: 5 })
          const { plan: ev, trace } = tracePlan(graph, c, plan)
          expect(ev.latencyMs).toBe(plan.latencyMs)
          expect(trace.latencyMs).toBeCloseTo(plan.latencyMs, 6)
          const K = c.devices.length
          const ends = trace.computeEndMs.filter((x) => x >= 0)
          const last = Math.max(0, ...ends, ...trace.transfers.map((t) => t.endMs))
          expect(last).toBeCloseTo(plan.latencyMs, 6)
          for (let i = 0; i < trace.computeStartMs.length; i++) {
            if (trace.computeEndMs[i] >= 0) expect(trace.computeStartMs[i]).toBeLessThanOrEqual(trace.computeEndMs[i] + 1e-9)
          }
          for (const t of trace.transfers) expect(t.startMs).toBeLessThanOrEqual(t.endMs)
          ev.devices.forEach((d, j) => {
            expect(Math.max(...trace.activationCurves[j]) + trace.weightBytes[j]).toBe(d.peakBytes)
            expect(trace.weightBytes[j]).toBe(d.weightBytes)
          })
          // every node that computes has shares summing to one
          for (let k = 0; k < plan.order.length; k++) {
            const s = trace.share.slice(k * K, k * K + K).reduce((a, b) => a + b, 0)
            if (s > 0) expect(s).toBeCloseTo(1, 9)
          }
        }
      })
    }
  }
})

describe('receive bars are the simulation\'s messages', () => {
  // docs/cost-model.md, worked example: chain2, both convs by rows [4, 4], 1 GFLOP/s, 8 Mbit/s, 1 ms
  const two = validateCluster({
    devices: [
      { name: 'a', gflops: 1, memoryBytes: 1e6, bandwidthMbps: 8, latencyMs: 1 },
      { name: 'b', gflops: 1, memoryBytes: 1e6, bandwidthMbps: 8, latencyMs: 1 },
    ],
    router: { broadcast: true },
    source: 'a',
  })
  const rows = partition(convChain(), two, { algo: 'spatial' })

  it('the worked example\'s table, bar by bar, and its critical chain', () => {
    expect(rows.assignments.map((a) => a.shares)).toEqual([[4, 4], [4, 4]])
    const { plan, trace } = tracePlan(convChain(), two, rows)
    const bars = trace.transfers.map((t) => [t.step, t.from, t.device, t.bytes, +t.startMs.toFixed(6), +t.endMs.toFixed(6)])
    expect(bars).toEqual([
      [0, 0, 1, 640, 1.64, 3.28], // x rows 3–7 down b
      [1, 0, 1, 256, 3.28, 4.536], // a's c1 row 3 down b
      [1, 1, 0, 256, 4.554432, 5.810432], // b's c1 row 4 down a
      [-1, 1, 0, 1024, 6.596864, 8.620864], // the gather of b's output rows at the source
    ])
    const K = 2
    // c2 on b starts when the halo arrives, c2 on a when b's row arrives; the gather's arrival is the latency
    expect(trace.computeStartMs[1 * K + 1]).toBeCloseTo(4.536, 9)
    expect(trace.computeStartMs[1 * K + 0]).toBeCloseTo(5.810432, 9)
    expect(trace.transfers[3].endMs).toBeCloseTo(plan.latencyMs, 9)
    // commMs = the critical chain's transfers and waits: x → b (to 3.28), row 3 → b (to 4.536), gather (2.024 ms)
    expect(plan.commMs).toBeCloseTo(4.536 + (trace.transfers[3].endMs - trace.computeEndMs[1 * K + 1]), 9)
  })

  for (const [name, graph] of Object.entries({ residualBlock: residualBlock(), inceptionBlock: inceptionBlock(), attentionBlock: attentionBlock() })) {
    it(`${name}: each bar lasts its message (latency + bytes / bandwidth); a link carries one message at a time`, () => {
      let bars = 0
      // GenEFlow keeps these small blocks on one device (no transfer at all); the channel split must send
      for (const [broadcast, algo] of [true, false].flatMap((b) => (['geneflow', 'channel'] as const).map((a) => [b, a] as const))) {
        const c = cluster(broadcast)
        const { plan, trace } = tracePlan(graph, c, partition(graph, c, { algo, generations: 10 }))
        bars += trace.transfers.length
        for (let j = 0; j < c.devices.length; j++) {
          const lane = trace.transfers.filter((t) => t.device === j).sort((x, y) => x.startMs - y.startMs)
          lane.forEach((t, i) => {
            const d = c.devices[j]
            expect(t.endMs - t.startMs).toBeCloseTo(d.latencyMs + (t.bytes * 8) / (d.bandwidthMbps * 1e3), 3)
            expect(t.from).not.toBe(j)
            if (i > 0) expect(t.startMs).toBeGreaterThanOrEqual(lane[i - 1].endMs - 1e-9)
          })
        }
        expect(Math.max(0, ...trace.transfers.map((t) => t.endMs))).toBeLessThanOrEqual(plan.latencyMs + 1e-6)
        if (plan.commMs > 1e-6) expect(trace.transfers.length).toBeGreaterThan(0)
        if (trace.transfers.length === 0) expect(plan.commMs).toBeCloseTo(0, 6)
      }
      // the checks above hold vacuously for a plan with no transfer: the channel plans must have some
      expect(bars).toBeGreaterThan(0)
    })
  }
})

describe('GenEFlow\'s progress carries the best plan when it improves', () => {
  it('a plan evaluate agrees with, only on improvement, the last one the final plan; the run is unchanged', () => {
    const graph = inceptionBlock()
    const c = cluster(true)
    const seen: { latency: number; violation: number; plan: ReturnType<typeof partition> | null }[] = []
    const final = partition(graph, c, {
      algo: 'geneflow', generations: 40, patience: 1000,
      onProgress: (p) => seen.push({ latency: p.bestLatencyMs, violation: p.bestViolationBytes, plan: p.bestPlan }),
    })
    expect(partition(graph, c, { algo: 'geneflow', generations: 40, patience: 1000 })).toEqual(final)
    expect(seen).toHaveLength(40)
    expect(seen[0].plan).not.toBeNull()
    let last = seen[0].plan
    for (let i = 0; i < seen.length; i++) {
      const { plan } = seen[i]
      const same = i > 0 && seen[i].latency === seen[i - 1].latency && seen[i].violation === seen[i - 1].violation
      expect(plan === null).toBe(same)
      if (plan === null) continue
      expect(plan.latencyMs).toBeCloseTo(seen[i].latency, 6)
      expect(plan.violationBytes).toBe(seen[i].violation)
      expect(evaluate(graph, c, plan)).toEqual(plan)
      last = plan
    }
    expect(last?.assignments).toEqual(final.assignments)
    expect(last?.latencyMs).toBe(final.latencyMs)
  })
})
