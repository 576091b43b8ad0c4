/**
 * The public view of one committed simulation run (simulate.ts): per step and device the compute bar, every
 * message with its step, and on a shared medium every airtime, in the simulator's own times. Core's plan
 * timeline (timeline.ts) is built on it, so nothing outside the simulator reads the simulator's state.
 * O(one run + N·K).
 */
import type { Decision, Problem } from './problem'
import { Sim, WHOLE, type SimAirtime, type SimMessage } from './simulate'

/** One committed run of a plan as a timeline (`simulateTimeline`); plain data, times in ms. */
export interface SimTimeline {
  /** per step k (p.order[k]) and device j, index k·K + j: when j's share started and ended, -1 when none */
  computeStartMs: number[]
  computeEndMs: number[]
  /** per step and device (k·K + j): the fraction of the node's output j computes (0..1; 0 when none) */
  share: number[]
  /** every message in the order it was sent, with its step (index in p.order; -1: the final gather) */
  messages: (SimMessage & { step: number })[]
  /** network "shared": every airtime on the medium in the order it was taken; null on a star */
  airtime: (SimAirtime & { step: number })[] | null
  /** per device: the weight bytes it holds */
  weightBytes: number[]
  latencyMs: number
}

/**
 * Runs `decisions` (one per node id) on `p` once, committed, and returns what happened: the same events and
 * times `Sim.run` computes (so the last bar's end is its latencyMs). O(one run + N·K).
 */
export function simulateTimeline(p: Problem, decisions: readonly Decision[]): SimTimeline {
  const sim = new Sim(p)
  const { K, order } = p
  const N = order.length
  const computeStartMs = new Array<number>(N * K).fill(-1)
  const computeEndMs = new Array<number>(N * K).fill(-1)
  const share = new Array<number>(N * K).fill(0)
  // the simulator appends to `sent` and `aired`; each step's new entries get its index
  const sent: SimMessage[] = []
  const aired: SimAirtime[] | null = p.shared ? [] : null
  const messages: (SimMessage & { step: number })[] = []
  const airtime: (SimAirtime & { step: number })[] | null = p.shared ? [] : null
  sim.messages = sent
  sim.airtime = aired
  const tag = (step: number): void => {
    for (let i = messages.length; i < sent.length; i++) messages.push({ ...sent[i], step })
    if (aired !== null && airtime !== null) for (let i = airtime.length; i < aired.length; i++) airtime.push({ ...aired[i], step })
  }
  for (let k = 0; k < N; k++) {
    const v = order[k]
    sim.step(v, decisions[v], true)
    tag(k)
    const o = p.nOut[v][0]
    if (o === undefined || p.staticNode[v] === 1) continue
    const axis = sim.layAxis[o]
    const len = axis === WHOLE ? 1 : p.spec[v].out[axis]
    for (let j = 0; j < K; j++) {
      const units = sim.layHi[o * K + j] - sim.layLo[o * K + j]
      if (units <= 0) continue
      share[k * K + j] = units / len
      computeStartMs[k * K + j] = sim.stepStart[j]
      computeEndMs[k * K + j] = sim.stepEnd[j]
    }
  }
  sim.finish(true)
  tag(-1)
  return {
    computeStartMs, computeEndMs, share, messages, airtime,
    weightBytes: Array.from(sim.weightBytes), latencyMs: sim.latencyMs,
  }
}
