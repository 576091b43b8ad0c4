/** The hand-checked examples of docs/cost-model.md ("Worked example"): every figure computed by hand. */
import { describe, expect, it } from 'vitest'
import { evaluate } from './evaluate'
import type { Plan } from './plan'
import { convChain } from './test-graphs'

const cluster = (broadcast: boolean) => ({
  devices: [
    { name: 'a', gflops: 1, memoryBytes: 1e6, bandwidthMbps: 8, latencyMs: 1 },
    { name: 'b', gflops: 1, memoryBytes: 1e6, bandwidthMbps: 8, latencyMs: 1 },
  ],
  router: { broadcast },
  source: 'a',
})

function plan(assign: Plan['assignments']): Plan {
  return {
    algo: 'hand', model: 'chain2', memoryModel: 'inplace', symbols: {}, seed: 0, order: ['c1', 'c2'], assignments: assign,
    latencyMs: 0, computeMs: 0, commMs: 0, feasible: true, violationBytes: 0, devices: [], warnings: [],
  }
}

describe('cost model on chain2 (x[1,4,8,8] → conv3x3(8) → conv3x3(8)), 2 devices of 1 GFLOP/s, 8 Mbit/s, 1 ms', () => {
  it('whole on the source: FLOPs / rate, no communication', () => {
    const r = evaluate(convChain(), cluster(true), plan([{ node: 'c1', dim: 'none', device: 'a' }, { node: 'c2', dim: 'none', device: 'a' }]))
    expect(r.latencyMs).toBeCloseTo((36864 + 73728) / 1e6, 9)
    expect(r.commMs).toBe(0)
    // weights 1,152+32+2,304+32; activations: x (1,024) + c1 (2,048) during c1, c1 + c2 (2,048) during c2
    expect(r.devices[0]).toEqual({
      name: 'a', peakBytes: 3520 + 4096, weightBytes: 3520, activationPeakBytes: 4096, globalOrderPeakBytes: 3520 + 4096,
      order: ['c1', 'c2'], optimal: true,
    })
    expect(r.devices[1]).toEqual({ name: 'b', peakBytes: 0, weightBytes: 0, activationPeakBytes: 0, globalOrderPeakBytes: 0, order: [], optimal: true })
  })

  it('whole on the other device: input there and output back', () => {
    const r = evaluate(convChain(), cluster(true), plan([{ node: 'c1', dim: 'none', device: 'b' }, { node: 'c2', dim: 'none', device: 'b' }]))
    // x: up a 1 + 1.024, down b 1 + 1.024 → 4.048; compute 0.110592; output 2,048 B: 2 × (1 + 2.048)
    expect(r.latencyMs).toBeCloseTo(4.048 + 0.110592 + 2 * 3.048, 9)
    expect(r.computeMs).toBeCloseTo(0.110592, 9)
  })

  it('both by rows [4,4]: halos, gather (table in docs)', () => {
    const r = evaluate(convChain(), cluster(true), plan([{ node: 'c1', dim: 'spatial', shares: [4, 4] }, { node: 'c2', dim: 'spatial', shares: [4, 4] }]))
    expect(r.latencyMs).toBeCloseTo(8.620864, 9)
    expect(r.computeMs).toBeCloseTo(0.036864, 9)
    expect(r.commMs).toBeCloseTo(8.584, 9)
    // own orders (docs/cost-model.md, worked example): a frees x after c1 and receives the gathered rows
    // after c2's halo row is freed; the old global-order figure held the gathered rows from c2's step
    expect(r.devices.map((d) => d.activationPeakBytes)).toEqual([2304, 2304])
    expect(r.devices.map((d) => (d.globalOrderPeakBytes ?? 0) - d.weightBytes)).toEqual([3328, 2304])
    expect(r.devices.map((d) => d.weightBytes)).toEqual([3520, 3520])
  })

  it('both by channel [4,4]: whole inputs broadcast, gather', () => {
    const r = evaluate(convChain(), cluster(true), plan([{ node: 'c1', dim: 'channel', shares: [4, 4] }, { node: 'c2', dim: 'channel', shares: [4, 4] }]))
    expect(r.latencyMs).toBeCloseTo(10.156864, 9)
    // channel splits weights: c1 (8·4·9·4 + 32)/2, c2 (8·8·9·4 + 32)/2
    expect(r.devices.map((d) => d.weightBytes)).toEqual([1760, 1760])
  })

  it('broadcast sends a piece several devices need up once', () => {
    const three = (broadcast: boolean) => ({
      ...cluster(broadcast),
      devices: [...cluster(broadcast).devices, { name: 'c', gflops: 1, memoryBytes: 1e6, bandwidthMbps: 8, latencyMs: 1 }],
    })
    const p = plan([{ node: 'c1', dim: 'channel', shares: [0, 4, 4] }, { node: 'c2', dim: 'none', device: 'a' }])
    const on = evaluate(convChain(), three(true), p)
    const off = evaluate(convChain(), three(false), p)
    // broadcast: x (1,024 B) up a once (2.024), down b and c in parallel (2.024) → c1 starts at 4.048
    // point to point: up a carries 2,048 B (3.048), then both downs → 5.072
    expect(off.latencyMs - on.latencyMs).toBeCloseTo(1.024, 9)
  })
})
