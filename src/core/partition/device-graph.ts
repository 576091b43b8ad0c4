/**
 * Each device's own subgraph of a simulated plan (docs/cost-model.md, "Memory per device"): the events the
 * device runs — its share of every node it computes, every receive and every send — with the buffers they
 * read and write, as an `IndexedGraph` that the one-device memory tools (walk, BTSearch) run on unchanged.
 *
 * Built from one committed simulation with its messages logged (`logSimulation`): per step, the messages
 * of that step (sends up, receives down) and then the compute of each device with a share. Buffers on
 * device j: its own slice of each tensor it produces (or the graph inputs on the source), and one receive
 * buffer per receive event (the bytes that arrived for that consumer). A compute reads its own slice and
 * the latest receive buffer of each activation input; a send reads the sender's own slice; a receive reads
 * nothing locally. Graph outputs are held to the end on the source only (the other holders send them).
 * Precedence: local data edges, plus — with `causal` — an edge from a send of j to a receive of j whenever
 * the received data depends on what j sent, through other devices (the simulated timeline's cross-device
 * dependencies; only the maximal such sends are kept). Event ids follow the simulation, so 0..n−1 is a
 * valid order of every device graph (the schedule order restricted to the device).
 * O(E + M + E · S / 32) for E events, M messages and S sends (the causal closure as bit sets over sends).
 */

import type { MemoriaGraph } from '../graph/types'
import { csr, type IndexedGraph } from '../memory/indexed'
import { isElementwiseOp, isViewOp } from '../memory/ops'
import type { Decision, Problem } from './problem'
import type { Sim, SimMessage } from './simulate'

export const EV_COMPUTE = 0
export const EV_RECV = 1
export const EV_SEND = 2

/** A committed simulation with its messages and where each step's messages start. */
export interface SimLog {
  messages: SimMessage[]
  /** messages of order position k: [msgStart[k], msgStart[k+1]); position nN: the final gather */
  msgStart: Int32Array
}

/** Runs the plan on `sim` with messages logged (the same run as `Sim.run`, step by step). */
export function logSimulation(sim: Sim, decisions: readonly Decision[], log: SimLog): void {
  const { order, nN } = sim.p
  log.messages.length = 0
  sim.messages = log.messages
  sim.reset()
  for (let k = 0; k < order.length; k++) {
    log.msgStart[k] = log.messages.length
    sim.step(order[k], decisions[order[k]], true)
  }
  log.msgStart[nN] = log.messages.length
  sim.finish(true)
  log.msgStart[nN + 1] = log.messages.length
  sim.messages = null
}

export function newSimLog(p: Problem): SimLog {
  return { messages: [], msgStart: new Int32Array(p.nN + 2) }
}

/** One device's events and buffers (plain arrays; `toIndexed` makes the IndexedGraph). */
export interface DeviceGraph {
  device: number
  /** per event: kind, graph node (compute; the consumer for a receive, -1 for the final gather), tensor */
  kind: number[]
  node: number[]
  tensor: number[]
  /** per event: local buffers read and written */
  ins: number[][]
  outs: number[][]
  /** per event, inplace: output 0, view input, element-wise candidates (local buffer ids; -1 none) */
  out0: number[]
  view: number[]
  reuse: number[][]
  /** extra predecessors (causal), local event ids */
  extra: number[][]
  /** per buffer: bytes, graph tensor, flags */
  bytes: number[]
  bufTensor: number[]
  bufWeight: number[]
  bufIn: number[]
  bufOut: number[]
}

const WHOLE = -1

/** Bytes of tensor t that device j holds as its own slice after the run. */
function ownBytes(p: Problem, sim: Sim, t: number, j: number): number {
  const la = sim.layAxis[t]
  if (la === WHOLE) return sim.layDev[t] === j ? p.tBytes[t] : 0
  if (la < 0) return 0
  const lo = sim.layLo[t * p.K + j], hi = sim.layHi[t * p.K + j]
  if (hi <= lo) return 0
  const shape = p.graph.tensors[t].shape as number[]
  return (p.tBytes[t] * (hi - lo)) / shape[la]
}

/** Whether device j computes a share of node v in the run (its first activation output's layout). */
export function hasShare(p: Problem, sim: Sim, v: number): (j: number) => boolean {
  let o = -1
  for (const t of p.nOut[v]) if (p.tWeight[t] === 0) { o = t; break }
  return (j) => {
    if (o < 0) return false
    const la = sim.layAxis[o]
    if (la === WHOLE) return sim.layDev[o] === j
    return la >= 0 && sim.layHi[o * p.K + j] > sim.layLo[o * p.K + j]
  }
}

export interface DeviceGraphs {
  graphs: DeviceGraph[]
  /**
   * Adds the cross-device precedence to every graph (once; the search needs it, while the simulation's own
   * order, events 0..n−1, satisfies it already).
   */
  addCausal(): void
}

/** Every device's graph of the run logged in `log` (sim holds its final state). */
export function deviceGraphs(p: Problem, sim: Sim, log: SimLog, model: 'simple' | 'inplace'): DeviceGraphs {
  const K = p.K
  const inplace = model === 'inplace'
  const gs: DeviceGraph[] = Array.from({ length: K }, (_, device) => ({
    device, kind: [], node: [], tensor: [], ins: [], outs: [], out0: [], view: [], reuse: [], extra: [],
    bytes: [], bufTensor: [], bufWeight: [], bufIn: [], bufOut: [],
  }))
  const own = new Int32Array(p.nT * K).fill(-1)
  const recv = new Int32Array(p.nT * K).fill(-1)
  const buf = (g: DeviceGraph, t: number, bytes: number, input: number, output: number, weight = 0): number => {
    g.bytes.push(bytes); g.bufTensor.push(t); g.bufWeight.push(weight); g.bufIn.push(input); g.bufOut.push(output)
    return g.bytes.length - 1
  }
  const event = (g: DeviceGraph, kind: number, node: number, tensor: number): number => {
    g.kind.push(kind); g.node.push(node); g.tensor.push(tensor)
    g.ins.push([]); g.outs.push([]); g.out0.push(-1); g.view.push(-1); g.reuse.push([]); g.extra.push([])
    return g.kind.length - 1
  }
  // the global event DAG for the causal closure: per global event, its device and local id; sends numbered
  const gDev: number[] = [], gLocal: number[] = [], gPreds: number[][] = [], gSend: number[] = []
  const localToGlobal: number[][] = Array.from({ length: K }, () => [])
  const bufProducer: number[][] = Array.from({ length: K }, () => []) // local buffer → global producing event
  let nSends = 0
  const addGlobal = (j: number, local: number, preds: number[], isSend: boolean): number => {
    const e = gDev.length
    gDev.push(j); gLocal.push(local); gPreds.push(preds); gSend.push(isSend ? nSends++ : -1)
    localToGlobal[j][local] = e
    return e
  }
  const predOfBuf = (j: number, b: number, into: number[]): void => { const e = bufProducer[j][b]; if (e >= 0) into.push(e) }
  // graph inputs are on the source from step 0
  const sg = gs[p.src]
  for (let t = 0; t < p.nT; t++) {
    if (p.tGraphIn[t] === 1 && p.tWeight[t] === 0) {
      own[t * K + p.src] = buf(sg, t, p.tBytes[t], 1, p.tGraphOut[t])
      bufProducer[p.src].push(-1)
    }
  }
  const sendsOf = new Map<number, number>() // (t·K + i) → global send event of this step
  const messagesOfStep = (lo: number, hi: number, consumer: number): void => {
    sendsOf.clear()
    for (let m = lo; m < hi; m++) {
      const msg = log.messages[m]
      const key = msg.tensor * K + msg.from
      if (sendsOf.has(key)) continue
      const g = gs[msg.from]
      const ev = event(g, EV_SEND, consumer, msg.tensor)
      const b = own[key]
      const preds: number[] = []
      if (b >= 0) { g.ins[ev].push(b); predOfBuf(msg.from, b, preds) }
      sendsOf.set(key, addGlobal(msg.from, ev, preds, true))
    }
    // one receive per (tensor, receiver) of the step, its bytes the sum of the pieces from every holder
    for (let m = lo; m < hi; m++) {
      const msg = log.messages[m]
      const key = msg.tensor * K + msg.to
      const g = gs[msg.to]
      let ev = -1
      for (let q = lo; q < m; q++) if (log.messages[q].tensor === msg.tensor && log.messages[q].to === msg.to) { ev = -2; break }
      if (ev === -2) continue
      ev = event(g, EV_RECV, consumer, msg.tensor)
      let bytes = 0
      const preds: number[] = []
      for (let q = m; q < hi; q++) {
        const x = log.messages[q]
        if (x.tensor !== msg.tensor || x.to !== msg.to) continue
        bytes += x.bytes
        preds.push(sendsOf.get(x.tensor * K + x.from) as number)
      }
      const b = buf(g, msg.tensor, bytes, 0, consumer < 0 ? 1 : 0)
      g.outs[ev].push(b)
      recv[key] = b
      const ge = addGlobal(msg.to, ev, preds, false)
      bufProducer[msg.to][b] = ge
    }
  }
  const { ig } = p
  for (let k = 0; k < p.nN; k++) {
    const v = p.order[k]
    if (p.staticNode[v] === 1) continue
    messagesOfStep(log.msgStart[k], log.msgStart[k + 1], v)
    const share = hasShare(p, sim, v)
    const node = p.graph.nodes[v]
    const view = inplace && isViewOp(node.op, node.domain)
    const elementwise = inplace && isElementwiseOp(node.op, node.domain)
    for (let j = 0; j < K; j++) {
      if (!share(j)) continue
      const g = gs[j]
      const ev = event(g, EV_COMPUTE, v, -1)
      const preds: number[] = []
      const seen = new Set<number>()
      p.nIn[v].forEach((t, slot) => {
        if (t < 0 || seen.has(t)) return
        seen.add(t)
        if (p.tWeight[t] === 1) {
          // a view of a weight stays a weight under inplace (the shared walk's rule): a local weight marks it
          if (view && slot === 0) { const b = buf(g, t, 0, 0, 0, 1); bufProducer[j][b] = -1; g.ins[ev].push(b); g.view[ev] = b }
          return
        }
        for (const b of [own[t * K + j], recv[t * K + j]]) if (b >= 0) { g.ins[ev].push(b); predOfBuf(j, b, preds) }
      })
      for (const o of p.nOut[v]) {
        if (p.tWeight[o] === 1) continue
        const b = buf(g, o, ownBytes(p, sim, o, j), 0, p.tGraphOut[o] === 1 && j === p.src ? 1 : 0)
        g.outs[ev].push(b)
        own[o * K + j] = b
      }
      const o0 = node.outputs.length > 0 && node.outputs[0] !== '' ? ig.tensorIndex.get(node.outputs[0]) ?? -1 : -1
      const b0 = o0 >= 0 && p.tWeight[o0] === 0 ? own[o0 * K + j] : -1
      g.out0[ev] = b0
      if (b0 >= 0 && view && g.view[ev] < 0) {
        // a view joins its input's buffer when that input is one buffer of the same size here
        const t0 = node.inputs[0] !== '' ? ig.tensorIndex.get(node.inputs[0]) ?? -1 : -1
        if (t0 >= 0 && p.tWeight[t0] === 0) {
          const a = own[t0 * K + j], r = recv[t0 * K + j]
          const one = a >= 0 && r >= 0 ? -1 : a >= 0 ? a : r
          if (one >= 0 && g.bytes[one] === g.bytes[b0]) g.view[ev] = one
        }
      } else if (b0 >= 0 && elementwise) {
        // element-wise in place: the shared rule's candidates (same dtype and shape), held here at the same size
        for (let r = ig.reuseStart[v]; r < ig.reuseStart[v + 1]; r++) {
          const t = ig.reuseList[r]
          for (const b of [own[t * K + j], recv[t * K + j]]) if (b >= 0 && g.bytes[b] === g.bytes[b0]) g.reuse[ev].push(b)
        }
      }
      const ge = addGlobal(j, ev, preds, false)
      for (const b of g.outs[ev]) bufProducer[j][b] = ge
    }
  }
  messagesOfStep(log.msgStart[p.nN], log.msgStart[p.nN + 1], -1)
  let done = false
  return {
    graphs: gs,
    addCausal: () => { if (!done) { done = true; addCausal(gs, gDev, gLocal, gPreds, gSend, nSends) } },
  }
}

/** Adds to each receive the maximal sends of its own device that it depends on through other devices. */
function addCausal(gs: DeviceGraph[], gDev: number[], gLocal: number[], gPreds: number[][], gSend: number[], nSends: number): void {
  if (nSends === 0) return
  const W = (nSends + 31) >>> 5
  const E = gDev.length
  const anc = new Uint32Array(E * W)
  const sendEvent = new Int32Array(nSends)
  for (let e = 0; e < E; e++) {
    if (gSend[e] >= 0) sendEvent[gSend[e]] = e
    const base = e * W
    for (const q of gPreds[e]) {
      const qb = q * W
      for (let w = 0; w < W; w++) anc[base + w] |= anc[qb + w]
      if (gSend[q] >= 0) anc[base + (gSend[q] >>> 5)] |= 1 << (gSend[q] & 31)
    }
  }
  const cand = new Uint32Array(W), covered = new Uint32Array(W)
  for (let e = 0; e < E; e++) {
    const j = gDev[e]
    const g = gs[j]
    if (g.kind[gLocal[e]] !== EV_RECV) continue
    cand.fill(0); covered.fill(0)
    const base = e * W
    let any = false
    for (let w = 0; w < W; w++) {
      let bits = anc[base + w]
      while (bits !== 0) {
        const b = 31 - Math.clz32(bits)
        bits &= ~(1 << b)
        const s = sendEvent[(w << 5) + b]
        if (gDev[s] === j) { cand[w] |= 1 << b; any = true }
      }
    }
    if (!any) continue
    for (let w = 0; w < W; w++) {
      let bits = cand[w]
      while (bits !== 0) {
        const b = 31 - Math.clz32(bits)
        bits &= ~(1 << b)
        const sb = sendEvent[(w << 5) + b] * W
        for (let x = 0; x < W; x++) covered[x] |= anc[sb + x]
      }
    }
    for (let w = 0; w < W; w++) {
      let bits = cand[w] & ~covered[w]
      while (bits !== 0) {
        const b = 31 - Math.clz32(bits)
        bits &= ~(1 << b)
        g.extra[gLocal[e]].push(gLocal[sendEvent[(w << 5) + b]])
      }
    }
  }
}

/** A label per event: the node's name, or "recv <tensor>" / "send <tensor>". */
export function eventLabel(p: Problem, g: DeviceGraph, e: number): string {
  if (g.kind[e] === EV_COMPUTE) return p.graph.nodes[g.node[e]].name
  return `${g.kind[e] === EV_RECV ? 'recv' : 'send'} ${p.tName[g.tensor[e]]}`
}

/**
 * The device graph as the one-device tools' IndexedGraph. `graph` is a stub naming the device (the tools
 * never read it); names are event labels. Precedence = producers of inputs plus the causal extras.
 */
export function toIndexed(p: Problem, g: DeviceGraph): IndexedGraph {
  const n = g.kind.length
  const T = g.bytes.length
  const producer = new Int32Array(T).fill(-1)
  for (let e = 0; e < n; e++) for (const b of g.outs[e]) producer[b] = e
  const cons: number[][] = Array.from({ length: T }, () => [])
  for (let e = 0; e < n; e++) for (const b of g.ins[e]) cons[b].push(e)
  const preds: number[][] = [], succs: number[][] = Array.from({ length: n }, () => [])
  for (let e = 0; e < n; e++) {
    const ps = new Set<number>()
    for (const b of g.ins[e]) if (producer[b] >= 0) ps.add(producer[b])
    for (const x of g.extra[e]) ps.add(x)
    const list = [...ps].sort((a, b) => a - b)
    preds.push(list)
    for (const u of list) succs[u].push(e)
  }
  const nodeNames = Array.from({ length: n }, (_, e) => eventLabel(p, g, e))
  const tensorNames = Array.from({ length: T }, (_, b) => `${p.tName[g.bufTensor[b]]}#${b}`)
  const c = csr(cons), i = csr(g.ins), o = csr(g.outs), pr = csr(preds), s = csr(succs), r = csr(g.reuse)
  const reuseOutput = Int32Array.from(g.out0, (b, e) => (g.reuse[e].length > 0 ? b : -1))
  const graph: MemoriaGraph = {
    format: 'memoria-graph', version: 1, name: `${p.graph.name} on ${p.cluster.devices[g.device].name}`, producer: 'memorianova device graph',
    opset: {}, symbols: { ...p.graph.symbols }, inputs: [], outputs: [], tensors: [], nodes: [],
  }
  return {
    graph, nNodes: n, nTensors: T, nodeNames, tensorNames,
    tensorIndex: new Map(tensorNames.map((x, k) => [x, k])), nodeIndex: new Map(nodeNames.flatMap((x, k) => (g.kind[k] === EV_COMPUTE ? [[x, k] as [string, number]] : []))),
    bytes: Float64Array.from(g.bytes), isWeight: Uint8Array.from(g.bufWeight), isInput: Uint8Array.from(g.bufIn),
    isOutput: Uint8Array.from(g.bufOut), producer,
    consStart: c.start, consList: c.list, inStart: i.start, inList: i.list, outStart: o.start, outList: o.list,
    predStart: pr.start, predList: pr.list, succStart: s.start, succList: s.list,
    output0: Int32Array.from(g.out0), viewInput: Int32Array.from(g.view), reuseOutput, reuseStart: r.start, reuseList: r.list,
    topo: Int32Array.from({ length: n }, (_, e) => e),
    inputTensors: Int32Array.from({ length: T }, (_, b) => b).filter((b) => g.bufIn[b] === 1 && g.bufWeight[b] === 0),
    weightBytes: 0, warnings: [],
  }
}

/**
 * The part of the IndexedGraph that the shared walk reads (walk.ts: buffers, consumer counts, inplace
 * tables) — no names, no precedence: the scoring path's bound walks the restricted schedule order with it
 * many times per second. Only ever passed to `createWalker`.
 */
export function walkView(g: DeviceGraph): IndexedGraph {
  const n = g.kind.length
  const T = g.bytes.length
  const consStart = new Int32Array(T + 1)
  for (let e = 0; e < n; e++) for (const b of g.ins[e]) consStart[b + 1]++
  for (let b = 0; b < T; b++) consStart[b + 1] += consStart[b]
  const i = csr(g.ins), o = csr(g.outs), r = csr(g.reuse)
  const inputs: number[] = []
  for (let b = 0; b < T; b++) if (g.bufIn[b] === 1 && g.bufWeight[b] === 0) inputs.push(b)
  const view = {
    nNodes: n, nTensors: T, bytes: Float64Array.from(g.bytes), isWeight: Uint8Array.from(g.bufWeight), isOutput: Uint8Array.from(g.bufOut),
    consStart, inStart: i.start, inList: i.list, outStart: o.start, outList: o.list,
    output0: Int32Array.from(g.out0), viewInput: Int32Array.from(g.view),
    reuseOutput: Int32Array.from(g.out0, (b, e) => (g.reuse[e].length > 0 ? b : -1)), reuseStart: r.start, reuseList: r.list,
    inputTensors: Int32Array.from(inputs),
  }
  return view as unknown as IndexedGraph
}

/** The cache key of a device graph: everything the walk and the search read (events, buffers, edges). */
export function signature(g: DeviceGraph): string {
  const parts: (number | string)[] = [g.device, g.kind.length, g.bytes.length]
  for (let e = 0; e < g.kind.length; e++) {
    parts.push(`|${g.kind[e]},${g.node[e]},${g.tensor[e]},${g.out0[e]},${g.view[e]}`, g.ins[e].join('.'), g.outs[e].join('.'), g.reuse[e].join('.'), g.extra[e].join('.'))
  }
  for (let b = 0; b < g.bytes.length; b++) parts.push(`/${g.bytes[b]},${g.bufWeight[b]},${g.bufIn[b]},${g.bufOut[b]}`)
  return parts.join(',')
}
