/**
 * The network models of docs/cost-model.md ("Network"), hand-computed on chain2 (x[1,4,8,8] 1,024 B →
 * c1 conv3x3(8) 2,048 B, 36,864 FLOPs → c2 conv3x3(8) 2,048 B, 73,728 FLOPs). Devices: 1 GFLOP/s (10⁶ FLOP
 * per ms), 8 Mbit/s (a byte costs 0.001 ms), 1 ms per message — unless a case says otherwise.
 */
import { describe, expect, it } from 'vitest'
import { MemoriaError } from '../errors'
import { validateCluster } from './cluster'
import { evaluate } from './evaluate'
import type { Plan } from './plan'
import { buildProblem } from './problem'
import { simulateTimeline } from './sim-timeline'
import { Sim, type SimMessage } from './simulate'
import { decisionsFromPlan } from './plan'
import { convChain } from './test-graphs'

const dev = (name: string, extra: Record<string, unknown> = {}) =>
  ({ name, gflops: 1, memoryBytes: 1e6, bandwidthMbps: 8, latencyMs: 1, ...extra })

const cluster = (names: string[], extra: Record<string, unknown> = {}, devExtra: Record<string, Record<string, unknown>> = {}) => ({
  devices: names.map((n) => dev(n, devExtra[n])),
  router: { broadcast: true },
  source: 'a',
  ...extra,
})

function plan(assign: Plan['assignments']): Plan {
  return {
    algo: 'hand', model: 'chain2', memoryModel: 'inplace', symbols: {}, seed: 0, order: ['c1', 'c2'], assignments: assign,
    latencyMs: 0, computeMs: 0, commMs: 0, feasible: true, violationBytes: 0, devices: [], warnings: [],
  }
}

/** c1 by channel on b and c (each needs the whole x), c2 whole on a (needs both halves of c1) */
const fanOutIn = plan([{ node: 'c1', dim: 'channel', shares: [0, 4, 4] }, { node: 'c2', dim: 'none', device: 'a' }])
const wholeOnB = plan([{ node: 'c1', dim: 'none', device: 'b' }, { node: 'c2', dim: 'none', device: 'b' }])

function messages(c: unknown, p: Plan): SimMessage[] {
  const pr = buildProblem(convChain(), validateCluster(c), p.order)
  const sim = new Sim(pr)
  const log: SimMessage[] = []
  sim.messages = log
  sim.run(decisionsFromPlan(pr, p.assignments))
  return log
}

describe('network "shared": one medium, every hop takes airtime on it, one at a time', () => {
  it('two transfers at once on the star take twice the airtime on one medium', () => {
    // star: x up a 0–2.024, broadcast down b and c 2.024–4.048; c1 on b and c 4.048–4.066432; the halves of
    // c1 (1,024 B each) go up b and up c at the same time 4.066432–6.090432; down a one after the other
    // (a's downlink) 6.090432–8.114432 and 8.114432–10.138432; c2 on a 10.138432–10.21216
    const star = evaluate(convChain(), cluster(['a', 'b', 'c']), fanOutIn)
    expect(star.latencyMs).toBeCloseTo(10.21216, 9)
    // shared: the two uploads cannot overlap: up b 4.066432–6.090432, down a –8.114432, up c –10.138432,
    // down a –12.162432; c2 –12.23616: the concurrent 2.024 ms of the star now takes 2 × 2.024
    const shared = evaluate(convChain(), cluster(['a', 'b', 'c'], { network: 'shared' }), fanOutIn)
    expect(shared.latencyMs).toBeCloseTo(12.23616, 9)
    expect(shared.latencyMs - star.latencyMs).toBeCloseTo(2.024, 9)
    const log = messages(cluster(['a', 'b', 'c'], { network: 'shared' }), fanOutIn)
    // every hop on the medium is disjoint from every other (one broadcast down counts once)
    const hops = [...new Set(log.flatMap((m) => [`${m.upStartMs}:${m.upEndMs}`, `${m.downStartMs}:${m.downEndMs}`]))]
      .map((h) => h.split(':').map(Number)).sort((x, y) => x[0] - y[0])
    for (let i = 1; i < hops.length; i++) expect(hops[i][0]).toBeGreaterThanOrEqual(hops[i - 1][1] - 1e-12)
  })

  it('broadcast sends the union once to every receiver; without it each receiver\'s piece is its own airtime', () => {
    // broadcast on: x up a 0–2.024, one down to b and c 2.024–4.048 (the same as the star's parallel downs)
    const log = messages(cluster(['a', 'b', 'c'], { network: 'shared' }), fanOutIn)
    const x = log.filter((m) => m.tensor === 0)
    expect(x.map((m) => [m.to, m.downStartMs, m.downEndMs])).toEqual([[1, 2.024, 4.048], [2, 2.024, 4.048]])
    // broadcast off: up a carries both pieces (2,048 B) 0–3.048, down b 3.048–5.072, down c 5.072–7.096;
    // c1 on b 5.072–5.090432, on c 7.096–7.114432; up b 7.096–9.12, down a –11.144, up c –13.168,
    // down a –15.192; c2 on a –15.265728
    const off = evaluate(convChain(), cluster(['a', 'b', 'c'], { network: 'shared', router: { broadcast: false } }), fanOutIn)
    expect(off.latencyMs).toBeCloseTo(15.265728, 9)
    // the star without broadcast: the downs of x overlap (5.072 for both), the uploads of c1 too: 11.23616
    expect(evaluate(convChain(), cluster(['a', 'b', 'c'], { router: { broadcast: false } }), fanOutIn).latencyMs).toBeCloseTo(11.23616, 9)
  })

  it('a broadcast down goes at the slowest receiver\'s rate with the largest latency', () => {
    // c at 4 Mbit/s and 2 ms: x's broadcast down takes 2 + 1,024 × 8 / 4,000 = 4.048 ms (2.024–6.072)
    const log = messages(cluster(['a', 'b', 'c'], { network: 'shared' }, { c: { bandwidthMbps: 4, latencyMs: 2 } }), fanOutIn)
    expect(log.filter((m) => m.tensor === 0).map((m) => m.downEndMs)).toEqual([6.072, 6.072])
  })
})

describe('simulateTimeline: the simulator\'s public record of one run', () => {
  const run = (c: unknown, p: Plan) => {
    const pr = buildProblem(convChain(), validateCluster(c), p.order)
    return simulateTimeline(pr, decisionsFromPlan(pr, p.assignments))
  }
  const r6 = (x: number) => +x.toFixed(6)

  it('shared medium, no broadcast: every airtime, compute bar and message of the hand-computed run above', () => {
    const off = cluster(['a', 'b', 'c'], { network: 'shared', router: { broadcast: false } })
    const t = run(off, fanOutIn)
    // [step, from, to, bytes, start, end]: x up a with both pieces, down b, down c; the halves of c1 up b,
    // down a, up c, down a
    expect(t.airtime?.map((a) => [a.step, a.from, a.to, Math.round(a.bytes), r6(a.startMs), r6(a.endMs)])).toEqual([
      [0, 0, -1, 2048, 0, 3.048], [0, -1, 1, 1024, 3.048, 5.072], [0, -1, 2, 1024, 5.072, 7.096],
      [1, 1, -1, 1024, 7.096, 9.12], [1, -1, 0, 1024, 9.12, 11.144], [1, 2, -1, 1024, 11.144, 13.168], [1, -1, 0, 1024, 13.168, 15.192],
    ])
    // per step and device (k·3 + j): c1 on b and c (half each), c2 whole on a
    expect(t.computeStartMs.map(r6)).toEqual([-1, 5.072, 7.096, 15.192, -1, -1])
    expect(t.computeEndMs.map(r6)).toEqual([-1, 5.090432, 7.114432, 15.265728, -1, -1])
    expect(t.share).toEqual([0, 0.5, 0.5, 1, 0, 0])
    expect(t.messages.map((m) => [m.step, m.from, m.to, r6(m.downEndMs)])).toEqual([[0, 0, 1, 5.072], [0, 0, 2, 7.096], [1, 1, 0, 11.144], [1, 2, 0, 15.192]])
    expect(t.latencyMs).toBeCloseTo(evaluate(convChain(), off, fanOutIn).latencyMs, 9)
  })

  it('a broadcast down is one airtime to several (to -2); a star has no medium; the final gather is step -1', () => {
    const t = run(cluster(['a', 'b', 'c'], { network: 'shared' }), fanOutIn)
    expect(t.airtime?.slice(0, 2).map((a) => [a.from, a.to, Math.round(a.bytes), r6(a.startMs), r6(a.endMs)]))
      .toEqual([[0, -1, 1024, 0, 2.024], [-1, -2, 1024, 2.024, 4.048]])
    const star = run(cluster(['a', 'b']), wholeOnB)
    expect(star.airtime).toBeNull()
    // x down b, then c2's output gathered at the source a after the last step
    expect(star.messages.map((m) => [m.step, m.from, m.to, Math.round(m.bytes)])).toEqual([[0, 0, 1, 1024], [-1, 1, 0, 2048]])
    expect(star.messages[1].downEndMs).toBeCloseTo(star.latencyMs, 12)
  })
})

describe('cut-through forwarding (star)', () => {
  it('the downlink starts once the first bits reach the router: latencies + the slower link, not up + down', () => {
    // store and forward: x up a 0–2.024, down b –4.048; compute 0.110592; output (2,048 B) up b –7.206592,
    // down a –10.254592
    expect(evaluate(convChain(), cluster(['a', 'b']), wholeOnB).latencyMs).toBeCloseTo(10.254592, 9)
    // cut-through: x down b starts at 0 + 1 and ends at max(1 + 1 + 1.024, 2.024 + 1) = 3.024; compute to
    // 3.134592; the output up b 3.134592–6.182592, down a from 4.134592 to max(4.134592 + 1 + 2.048, 6.182592 + 1)
    const ct = cluster(['a', 'b'], { router: { broadcast: true, cutThrough: true } })
    const r = evaluate(convChain(), ct, wholeOnB)
    expect(r.latencyMs).toBeCloseTo(7.182592, 9)
    expect(r.computeMs).toBeCloseTo(0.110592, 9)
    expect(messages(ct, wholeOnB)[0]).toMatchObject({ upStartMs: 0, upEndMs: 2.024, downStartMs: 1, downEndMs: 3.024 })
  })

  it('with links of different rates the slower one sets the pace', () => {
    // b at 16 Mbit/s: x arrives at max(1 + 1 + 0.512, 2.024 + 1) = 3.024 (a's uplink is the slower);
    // the output goes up b in 1 + 1.024 and arrives at max(4.134592 + 1 + 2.048, 5.158592 + 1) = 7.182592
    const ct = cluster(['a', 'b'], { router: { broadcast: true, cutThrough: true } }, { b: { bandwidthMbps: 16 } })
    expect(evaluate(convChain(), ct, wholeOnB).latencyMs).toBeCloseTo(7.182592, 9)
    // store and forward on the same links: 2.024 + 1.512, compute, 2.024 + 3.048 → 8.718592
    const sf = cluster(['a', 'b'], {}, { b: { bandwidthMbps: 16 } })
    expect(evaluate(convChain(), sf, wholeOnB).latencyMs).toBeCloseTo(3.536 + 0.110592 + 5.072, 9)
  })
})

describe('kernel overhead', () => {
  it('every node share launched costs the device its overhead, counted as compute', () => {
    const whole = plan([{ node: 'c1', dim: 'none', device: 'a' }, { node: 'c2', dim: 'none', device: 'a' }])
    const r = evaluate(convChain(), cluster(['a', 'b'], {}, { a: { kernelOverheadMs: 0.5 } }), whole)
    expect(r.latencyMs).toBeCloseTo(0.110592 + 2 * 0.5, 9)
    expect(r.computeMs).toBeCloseTo(0.110592 + 2 * 0.5, 9)
    // on b (0.25 per kernel): x 4.048, two kernels 0.110592 + 0.5, the output back 6.096
    const onB = evaluate(convChain(), cluster(['a', 'b'], {}, { b: { kernelOverheadMs: 0.25 } }), wholeOnB)
    expect(onB.latencyMs).toBeCloseTo(4.048 + 0.610592 + 6.096, 9)
  })

  it('a split pays one launch per device with a share; a device without a share pays nothing', () => {
    // c1 channel [0,4,4] on b and c: each 0.018432 + 0.1; a (no share of c1) pays only for c2
    const o = { kernelOverheadMs: 0.1 }
    const r = evaluate(convChain(), cluster(['a', 'b', 'c'], {}, { a: o, b: o, c: o }), fanOutIn)
    expect(r.latencyMs).toBeCloseTo(10.21216 + 0.1 + 0.1, 9)
  })
})

describe('validateCluster: the network fields', () => {
  const code = (c: unknown) => { try { validateCluster(c) } catch (e) { return e instanceof MemoriaError ? e.message : 'other' } return 'ok' }
  it('defaults: star, store and forward, no kernel overhead', () => {
    const c = validateCluster({ devices: [dev('a')], source: 'a' })
    expect(c.network).toBe('star')
    expect(c.router.cutThrough).toBe(false)
    expect(c.devices[0].kernelOverheadMs).toBe(0)
  })
  it('refuses an unknown network, cut-through on a shared medium and a negative overhead, saying what to do', () => {
    expect(code({ devices: [dev('a')], source: 'a', network: 'mesh' })).toMatch(/"network" is "mesh"; use "star".*or\s+"shared"/)
    expect(code({ devices: [dev('a')], source: 'a', network: 'shared', router: { broadcast: true, cutThrough: true } }))
      .toMatch(/cutThrough.*shared medium.*Set "cutThrough": false/)
    expect(code({ devices: [dev('a', { kernelOverheadMs: -1 })], source: 'a' })).toMatch(/"kernelOverheadMs" must be a number ≥ 0/)
    expect(code({ devices: [dev('a')], source: 'a', router: { broadcast: true, cutThrough: 'yes' } })).toMatch(/"cutThrough": true \| false/)
  })
})
