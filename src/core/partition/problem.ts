/**
 * The partitioning problem in indexed form: tensors and nodes as integer ids with typed arrays, each node's
 * spec (dims.ts), the schedule order, and each node's alleles — the decisions a gene may take.
 *
 * Built once per (graph, cluster, order); every algorithm and `evaluate` then work on ids only. O(N + E + T).
 * Invariants: `order` is a topological order of all nodes; every non-weight tensor has a known size (else
 * SHAPE_UNKNOWN naming them); a tensor is a weight when the graph says `kind: "weight"`.
 */

import { fail, fmtInt } from '../errors'
import type { MemoriaGraph } from '../graph/types'
import { largestRemainder, sourceIndex, type Cluster } from './cluster'
import { canFollow, nodeSpec, type NodeSpec } from './dims'

export const NONE = 0
export const CHANNEL = 1
export const SPATIAL = 2
export const FOLLOW = 3

/** One node's decision: the whole node on `device`, a split with `shares` (length K, whole units), or follow. */
export interface Decision {
  kind: number
  device: number
  shares: Int32Array | null
}

export interface Problem {
  graph: MemoriaGraph
  cluster: Cluster
  K: number
  src: number
  nT: number
  nN: number
  tName: string[]
  tBytes: Float64Array
  tWeight: Uint8Array
  tGraphIn: Uint8Array
  tGraphOut: Uint8Array
  tProducer: Int32Array
  /** per node: tensor id per input slot (-1 for "") */
  nIn: Int32Array[]
  nOut: Int32Array[]
  flops: Float64Array
  spec: NodeSpec[]
  /** node ids in schedule order, and each node's position in it */
  order: Int32Array
  pos: Int32Array
  /** per node: the decisions a gene may take (index = allele) */
  alleles: Decision[][]
  /** device subsets (bit masks, ≥ 2 devices) that splits may use; the full set first */
  masks: number[]
  gflops: Float64Array
  bwMbps: Float64Array
  latMs: Float64Array
  memBytes: Float64Array
  broadcast: boolean
}

/** Topological order preferring file order (Kahn with the smallest ready file index first). O(E log N). */
export function fileTopoOrder(graph: MemoriaGraph): string[] {
  const n = graph.nodes.length
  const producer = new Map<string, number>()
  graph.nodes.forEach((v, i) => v.outputs.forEach((t) => producer.set(t, i)))
  const indeg = new Int32Array(n)
  const succ: number[][] = graph.nodes.map(() => [])
  graph.nodes.forEach((v, i) => {
    for (const t of new Set(v.inputs)) {
      const p = producer.get(t)
      if (p !== undefined && p !== i) { succ[p].push(i); indeg[i]++ }
    }
  })
  // a binary heap would be O(log n); the ready set stays small, a sorted insert is enough
  const ready: number[] = []
  for (let i = 0; i < n; i++) if (indeg[i] === 0) ready.push(i)
  const out: string[] = []
  while (ready.length > 0) {
    const v = ready.shift() as number
    out.push(graph.nodes[v].name)
    for (const w of succ[v]) {
      if (--indeg[w] === 0) {
        let k = ready.length
        while (k > 0 && ready[k - 1] > w) k--
        ready.splice(k, 0, w)
      }
    }
  }
  if (out.length !== n) fail('GRAPH_CYCLE', `the graph has a cycle through ${n - out.length} nodes; it cannot be scheduled`)
  return out
}

export function buildProblem(graph: MemoriaGraph, cluster: Cluster, order?: readonly string[]): Problem {
  const K = cluster.devices.length
  const tIndex = new Map<string, number>()
  graph.tensors.forEach((t, i) => tIndex.set(t.name, i))
  const nT = graph.tensors.length
  const nN = graph.nodes.length
  const tBytes = new Float64Array(nT)
  const tWeight = new Uint8Array(nT)
  const tGraphIn = new Uint8Array(nT)
  const tGraphOut = new Uint8Array(nT)
  const tProducer = new Int32Array(nT).fill(-1)
  const unknown: string[] = []
  graph.tensors.forEach((t, i) => {
    tWeight[i] = t.kind === 'weight' ? 1 : 0
    if (t.bytes === null || t.shape === null || t.shape.some((d) => typeof d !== 'number')) unknown.push(t.name)
    else tBytes[i] = t.bytes
  })
  if (unknown.length > 0) {
    fail('SHAPE_UNKNOWN', `tensors of unknown size: ${unknown.slice(0, 8).join(', ')}${unknown.length > 8 ? ` and ${unknown.length - 8} more` : ''}; ` +
      'bind the symbols with --dim NAME=VALUE or supply shapes with --shape before partitioning')
  }
  const id = (name: string): number => {
    const i = tIndex.get(name)
    if (i === undefined) fail('PLAN_INVALID', `tensor "${name}" is named by a node but not listed in the graph's tensors`)
    return i
  }
  for (const t of graph.inputs) tGraphIn[id(t)] = 1
  for (const t of graph.outputs) tGraphOut[id(t)] = 1
  const nIn = graph.nodes.map((v) => Int32Array.from(v.inputs, (t) => (t === '' ? -1 : id(t))))
  const nOut = graph.nodes.map((v, i) => Int32Array.from(v.outputs, (t) => { const k = id(t); tProducer[k] = i; return k }))
  const flops = Float64Array.from(graph.nodes, (v) => Math.max(0, v.flops || 0))
  const shapeOf = (t: string): number[] => (graph.tensors[id(t)].shape ?? []) as number[]
  const isWeight = (t: string): boolean => t !== '' && tWeight[id(t)] === 1
  const spec = graph.nodes.map((v) => nodeSpec(v, shapeOf, isWeight))

  const nodeIndex = new Map<string, number>()
  graph.nodes.forEach((v, i) => nodeIndex.set(v.name, i))
  const names = order ?? fileTopoOrder(graph)
  const orderArr = new Int32Array(nN)
  const pos = new Int32Array(nN).fill(-1)
  if (names.length !== nN) fail('PLAN_INVALID', `the order has ${fmtInt(names.length)} nodes but the graph has ${fmtInt(nN)}; give every node exactly once`)
  names.forEach((name, k) => {
    const v = nodeIndex.get(name)
    if (v === undefined) fail('PLAN_INVALID', `the order names "${name}", which is not a node of the graph; use the graph's node names`)
    if (pos[v] >= 0) fail('PLAN_INVALID', `the order names "${name}" twice; give every node exactly once`)
    orderArr[k] = v
    pos[v] = k
  })
  for (let k = 0; k < nN; k++) {
    const v = orderArr[k]
    for (const t of nIn[v]) {
      if (t >= 0 && tProducer[t] >= 0 && pos[tProducer[t]] >= k) {
        fail('PLAN_INVALID', `the order runs "${graph.nodes[v].name}" before "${graph.nodes[tProducer[t]].name}", which produces its input ` +
          `"${graph.tensors[t].name}"; give a topological order`)
      }
    }
  }

  const gflops = Float64Array.from(cluster.devices, (d) => d.gflops)
  const masks: number[] = []
  const full = (1 << K) - 1
  if (K >= 2) masks.push(full)
  for (let m = 3; m < full; m++) if (popcount(m) >= 2) masks.push(m)
  const shareCache = new Map<string, Int32Array>()
  const sharesFor = (len: number, mask: number): Int32Array => {
    const key = `${len}:${mask}`
    let s = shareCache.get(key)
    if (s === undefined) {
      s = Int32Array.from(largestRemainder(len, cluster.devices.map((d, j) => ((mask >> j) & 1 ? d.gflops : 0))))
      shareCache.set(key, s)
    }
    return s
  }
  const src = sourceIndex(cluster)
  const alleles = graph.nodes.map((v, i): Decision[] => {
    if (v.op === 'Constant' || nOut[i].every((t) => tWeight[t] === 1)) return [{ kind: NONE, device: src, shares: null }]
    const list: Decision[] = []
    for (let d = 0; d < K; d++) list.push({ kind: NONE, device: d, shares: null })
    const s = spec[i]
    const hasAct = Array.from(nIn[i]).some((t) => t >= 0 && tWeight[t] === 0)
    if (hasAct && canFollow(s)) list.push({ kind: FOLLOW, device: -1, shares: null })
    for (const mask of masks) {
      if (s.chAxis >= 0) list.push({ kind: CHANNEL, device: -1, shares: sharesFor(s.out[s.chAxis], mask) })
      if (s.spAxis >= 0) list.push({ kind: SPATIAL, device: -1, shares: sharesFor(s.out[s.spAxis], mask) })
    }
    return list
  })
  return {
    graph, cluster, K, src, nT, nN, tName: graph.tensors.map((t) => t.name), tBytes, tWeight, tGraphIn, tGraphOut,
    tProducer, nIn, nOut, flops, spec, order: orderArr, pos, alleles, masks, gflops,
    bwMbps: Float64Array.from(cluster.devices, (d) => d.bandwidthMbps),
    latMs: Float64Array.from(cluster.devices, (d) => d.latencyMs),
    memBytes: Float64Array.from(cluster.devices, (d) => d.memoryBytes),
    broadcast: cluster.router.broadcast,
  }
}

function popcount(m: number): number {
  let c = 0
  for (; m; m &= m - 1) c++
  return c
}

/** The allele of node v for a split or follow over all devices (the full mask comes first), or -1. */
export function alleleOf(p: Problem, v: number, kind: number): number {
  return p.alleles[v].findIndex((a) => a.kind === kind)
}

/** The allele putting node v whole on device d (Constant nodes have only the source). */
export function noneAllele(p: Problem, v: number, d: number): number {
  const i = p.alleles[v].findIndex((a) => a.kind === NONE && a.device === d)
  return i >= 0 ? i : 0
}
