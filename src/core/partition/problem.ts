/**
 * The partitioning problem in indexed form: tensors and nodes as integer ids with typed arrays, each node's
 * spec (dims.ts), the schedule order, and each node's alleles — the decisions a gene may take.
 *
 * Built once per (graph, cluster, order); every algorithm and `evaluate` then work on ids only. O(N + E + T).
 * Invariants: `order` is a topological order of all nodes; every non-weight tensor has a known size (else
 * SHAPE_UNKNOWN naming them); a tensor is a weight when the graph says `kind: "weight"`.
 */

import { fail, fmtInt, quoteName, shownValue } from '../errors'
import type { MemoriaGraph } from '../graph/types'
import { indexGraph, type IndexedGraph } from '../memory/indexed'
import { largestRemainder, sourceIndex, type Cluster } from './cluster'
import { canFollow, nodeSpec, type NodeSpec } from './dims'

/** results of shape arithmetic up to this size count as static (known before inference) */
export const STATIC_MAX_BYTES = 4096

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
  /** the shared indexed graph (src/core/memory): same tensor and node ids as here */
  ig: IndexedGraph
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
  /** 1 for Constant nodes and static shape arithmetic (every output a weight or static): nothing to run */
  staticNode: Uint8Array
  /** per node: the decisions a gene may take (index = allele) */
  alleles: Decision[][]
  /** device subsets (≥ 2 devices, their indices ascending) that splits may use; the full set first */
  masks: number[][]
  gflops: Float64Array
  bwMbps: Float64Array
  latMs: Float64Array
  memBytes: Float64Array
  broadcast: boolean
  /** network "shared": one medium serialises every transfer (docs/cost-model.md, "Network") */
  shared: boolean
  /** star only: the router forwards while it receives */
  cutThrough: boolean
  /** per device: ms per node share launched */
  kernelMs: Float64Array
}

export function buildProblem(graph: MemoriaGraph, cluster: Cluster, order?: readonly string[]): Problem {
  const K = cluster.devices.length
  // validates the graph and refuses activations of unknown size (SHAPE_UNKNOWN, naming them)
  const ig = indexGraph(graph)
  const tIndex = ig.tensorIndex
  const nT = ig.nTensors
  const nN = ig.nNodes
  const tBytes = Float64Array.from(ig.bytes)
  const tWeight = Uint8Array.from(ig.isWeight)
  const tGraphIn = Uint8Array.from(ig.isInput)
  const tGraphOut = Uint8Array.from(ig.isOutput)
  const tProducer = new Int32Array(nT).fill(-1)
  const unknown = graph.tensors.filter((t, i) => tWeight[i] === 0 && (t.shape === null || t.shape.some((d) => typeof d !== 'number')))
  if (unknown.length > 0) {
    fail('SHAPE_UNKNOWN', `tensors of unknown shape: ${unknown.slice(0, 8).map((t) => t.name).join(', ')}; ` +
      'bind a value to each symbol, or give their shapes, before partitioning')
  }
  const id = (name: string): number => {
    const i = tIndex.get(name)
    if (i === undefined) fail('PLAN_INVALID', `tensor ${quoteName(name)} is named by a node but not listed in the graph's tensors; add it to "tensors" with its dtype and shape, or re-export the graph`)
    return i
  }
  // static tensors: shape arithmetic (Shape, and small results computed only from shapes and constants) is
  // known before inference; every device has it, like a weight (docs/cost-model.md, "Static tensors")
  for (const v of ig.topo) {
    const node = graph.nodes[v]
    const ins = node.inputs.filter((t) => t !== '').map((t) => tIndex.get(t) as number)
    const isStatic = node.op === 'Shape' || node.op === 'Size' ||
      (ins.length > 0 && ins.every((t) => tWeight[t] === 1) && node.outputs.every((t) => t === '' || tBytes[tIndex.get(t) as number] <= STATIC_MAX_BYTES))
    if (isStatic) for (const t of node.outputs) if (t !== '') tWeight[tIndex.get(t) as number] = 1
  }
  const nIn = graph.nodes.map((v) => Int32Array.from(v.inputs, (t) => (t === '' ? -1 : id(t))))
  const nOut = graph.nodes.map((v, i) => Int32Array.from(v.outputs, (t) => { const k = id(t); tProducer[k] = i; return k }))
  const flops = Float64Array.from(graph.nodes, (v) => Math.max(0, v.flops || 0))
  const shapeOf = (t: string): number[] => (graph.tensors[id(t)].shape ?? []) as number[]
  const isWeight = (t: string): boolean => t !== '' && tWeight[id(t)] === 1
  const spec = graph.nodes.map((v) => nodeSpec(v, shapeOf, isWeight))

  const nodeIndex = ig.nodeIndex
  const names = order ?? Array.from(ig.topo, (v) => graph.nodes[v].name)
  const orderArr = new Int32Array(nN)
  const pos = new Int32Array(nN).fill(-1)
  if (names.length !== nN) fail('PLAN_INVALID', `the order has ${fmtInt(names.length)} nodes but the graph has ${fmtInt(nN)}; give every node exactly once`)
  names.forEach((name, k) => {
    const v = nodeIndex.get(name)
    if (v === undefined) fail('PLAN_INVALID', `the order names ${shownValue(name)}, which is not a node of the graph; use the graph's node names`)
    if (pos[v] >= 0) fail('PLAN_INVALID', `the order names ${quoteName(name)} twice; give every node exactly once`)
    orderArr[k] = v
    pos[v] = k
  })
  for (let k = 0; k < nN; k++) {
    const v = orderArr[k]
    for (const t of nIn[v]) {
      if (t >= 0 && tProducer[t] >= 0 && pos[tProducer[t]] >= k) {
        fail('PLAN_INVALID', `the order runs ${quoteName(graph.nodes[v].name)} before ${quoteName(graph.nodes[tProducer[t]].name)}, which produces its input ` +
          `${quoteName(graph.tensors[t].name)}; give a topological order (every node after the producers of its inputs), or leave "order" out`)
      }
    }
  }

  const gflops = Float64Array.from(cluster.devices, (d) => d.gflops)
  const masks = splitSubsets(K)
  const shareCache = new Map<string, Int32Array>()
  const sharesFor = (len: number, m: number): Int32Array => {
    const key = `${len}:${m}`
    let s = shareCache.get(key)
    if (s === undefined) {
      const gf = new Float64Array(K)
      for (const j of masks[m]) gf[j] = cluster.devices[j].gflops
      s = Int32Array.from(largestRemainder(len, Array.from(gf)))
      shareCache.set(key, s)
    }
    return s
  }
  const src = sourceIndex(cluster)
  const staticNode = Uint8Array.from(graph.nodes, (v, i) => (v.op === 'Constant' || (nOut[i].length > 0 && nOut[i].every((t) => tWeight[t] === 1)) ? 1 : 0))
  const alleles = graph.nodes.map((v, i): Decision[] => {
    if (v.op === 'Constant' || nOut[i].every((t) => tWeight[t] === 1)) return [{ kind: NONE, device: src, shares: null }]
    const list: Decision[] = []
    for (let d = 0; d < K; d++) list.push({ kind: NONE, device: d, shares: null })
    const s = spec[i]
    const hasAct = Array.from(nIn[i]).some((t) => t >= 0 && tWeight[t] === 0)
    if (hasAct && canFollow(s)) list.push({ kind: FOLLOW, device: -1, shares: null })
    for (let m = 0; m < masks.length; m++) {
      if (s.chAxis >= 0) list.push({ kind: CHANNEL, device: -1, shares: sharesFor(s.out[s.chAxis], m) })
      if (s.spAxis >= 0) list.push({ kind: SPATIAL, device: -1, shares: sharesFor(s.out[s.spAxis], m) })
    }
    return list
  })
  return {
    graph, ig, cluster, K, src, nT, nN, tName: graph.tensors.map((t) => t.name), tBytes, tWeight, tGraphIn, tGraphOut,
    tProducer, nIn, nOut, flops, spec, order: orderArr, pos, staticNode, alleles, masks, gflops,
    bwMbps: Float64Array.from(cluster.devices, (d) => d.bandwidthMbps),
    latMs: Float64Array.from(cluster.devices, (d) => d.latencyMs),
    memBytes: Float64Array.from(cluster.devices, (d) => d.memoryBytes),
    broadcast: cluster.router.broadcast,
    shared: cluster.network === 'shared',
    cutThrough: cluster.router.cutThrough === true && cluster.network !== 'shared',
    kernelMs: Float64Array.from(cluster.devices, (d) => d.kernelOverheadMs ?? 0),
  }
}

/** clusters up to this size split over every pair of devices; larger ones over neighbouring pairs only */
const ALL_PAIRS_UP_TO = 16

/**
 * The device subsets a split may use, in a fixed order: the full set first; then up to 4 devices every
 * subset of ≥ 2 (11 at K = 4), up to ALL_PAIRS_UP_TO every pair, beyond only the pairs of neighbours in
 * device order (j, j + 1) — so the alleles per node grow as K, not K², and no subset is ever enumerated
 * from 2^K. Subsets are ordered as their bit masks were (ascending), so plans for K ≤ 16 are unchanged.
 */
export function splitSubsets(K: number): number[][] {
  const out: number[][] = []
  if (K < 2) return out
  out.push(Array.from({ length: K }, (_, j) => j))
  if (K <= 4) {
    for (let m = 3; m < (1 << K) - 1; m++) {
      const members: number[] = []
      for (let j = 0; j < K; j++) if ((m >> j) & 1) members.push(j)
      if (members.length >= 2) out.push(members)
    }
  } else {
    // ascending masks of two bits: by the higher device, then the lower
    for (let hi = 1; hi < K; hi++) for (let lo = K <= ALL_PAIRS_UP_TO ? 0 : hi - 1; lo < hi; lo++) out.push([lo, hi])
  }
  return out
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
