/**
 * The tiled graph: a region (region.ts) run as T tile paths, as a core `MemoriaGraph` the memory walk and
 * BTSearch take as they are, and the ONNX export writes out.
 *
 * Per tile t: the rows of every exit are band t of its H rows (halo.ts `tileBand`); walking the region
 * backwards, each node computes the hull of the rows its consumers in the region need (the halo), and reads
 * from each input the rows its rule says (`inputRows`). A Slice takes the region input's rows; where a
 * producer computed more rows than one consumer reads (two branches with different halos), a Slice crops
 * them; window operators get the tile's own pads (`tilePads`) and ceil_mode 0. A Concat along H per exit
 * rebuilds it under its original name, so the nodes after the region are untouched. Slice bounds are int64
 * initializers, listed in `constants` (values) — weights to the memory walk.
 *
 * Invariant: every tiled tensor has the shape of the original with H replaced by its band's rows; each
 * tile's copy of a node computes exactly the original's output rows of that band. O(region × T).
 */
import { nodeFlops } from '../graph/flops.ts'
import { dtypeBytes, type Dim, type MemoriaGraph, type NodeInfo, type TensorInfo } from '../graph/types.ts'
import type { IndexedGraph } from '../memory/indexed.ts'
import { hull, inputRows, tileBand, tilePads, type RowRange, type RowRule, type SameRule, type WindowRule } from './halo.ts'
import { isElementwiseOp } from '../memory/ops.ts'
import type { Region } from './region.ts'

export interface TiledGraph {
  graph: MemoriaGraph
  /** values of the int64 initializers the Slices read (starts, ends, axes) */
  constants: Record<string, number[]>
  /** per tiled node: the original node it is a copy of (Slices and Concats: the node they serve) */
  origin: Record<string, string>
  regionFlops: number
  tiledRegionFlops: number
}

const AXES = 'tiling/axes_h'

/** a tile's copy of a node or tensor: the original name with the tile's number appended */
export function tileName(t: number, name: string): string {
  return `${name}#tile${t}`
}

function withRows(shape: Dim[], rows: number): Dim[] {
  const s = shape.slice()
  s[2] = rows
  return s
}

/**
 * Per tile, the rows every tensor of the region must hold: exits get their band, and walking the region
 * backwards each input gets the hull of what its consumers read. null when some tile would compute no rows
 * of a node (more tiles than rows somewhere in the region). O(region × T).
 */
export function tileNeeds(ig: IndexedGraph, rules: RowRule[], region: Region, tiles: number): Map<string, RowRange>[] | null {
  const g = ig.graph
  const H = (name: string): number => (g.tensors[ig.tensorIndex.get(name) as number].shape as number[])[2]
  const out: Map<string, RowRange>[] = []
  for (let t = 0; t < tiles; t++) {
    const need = new Map<string, RowRange>()
    for (const x of region.exits) need.set(x, tileBand(t, tiles, H(x)))
    for (let i = region.nodes.length - 1; i >= 0; i--) {
      const v = region.nodes[i]
      const n = g.nodes[v]
      const r = need.get(n.outputs[0])
      const rule = rules[v]
      if (r === undefined || r.hi <= r.lo || rule.kind === 'stop') return null
      for (let j = ig.inStart[v]; j < ig.inStart[v + 1]; j++) {
        const x = ig.inList[j]
        if (ig.isWeight[x]) continue
        const name = ig.tensorNames[x]
        const rows = inputRows(rule, r, H(name), H(n.outputs[0]))
        if (rows.hi <= rows.lo) return null
        need.set(name, hull(need.get(name), rows))
      }
    }
    out.push(need)
  }
  return out
}

export interface TileEstimate {
  /** the region's FLOPs when tiled */
  flops: number
  /**
   * A lower bound on the tiled graph's peak from the region alone: a tile's copy of a node holds its input
   * bands and its output band while it runs, and an exit's Concat holds its T bands and its output.
   */
  boundBytes: number
}

/**
 * The region's FLOPs when tiled and a bound on its peak, without building the graph: every tiled operator
 * (convolution, pooling, element-wise) costs in proportion to its output rows (flops.ts: a per-output-element
 * cost), so a copy computing r of H rows costs r / H of the original. null as `tileNeeds`.
 */
export function estimateTiling(ig: IndexedGraph, rules: RowRule[], region: Region, tiles: number): TileEstimate | null {
  const needs = tileNeeds(ig, rules, region, tiles)
  if (needs === null) return null
  const g = ig.graph
  const tensorOf = (name: string): { h: number; bytes: number } => {
    const t = g.tensors[ig.tensorIndex.get(name) as number]
    return { h: (t.shape as number[])[2], bytes: t.bytes ?? 0 }
  }
  let flops = 0
  let bound = 0
  for (const x of region.exits) bound = Math.max(bound, 2 * tensorOf(x).bytes)
  for (const need of needs) {
    for (const v of region.nodes) {
      const n = g.nodes[v]
      const r = need.get(n.outputs[0]) as RowRange
      const o = tensorOf(n.outputs[0])
      flops += (n.flops * (r.hi - r.lo)) / o.h
      let live = (o.bytes * (r.hi - r.lo)) / o.h
      for (let j = ig.inStart[v]; j < ig.inStart[v + 1]; j++) {
        const x = ig.inList[j]
        if (ig.isWeight[x]) continue
        const i = tensorOf(ig.tensorNames[x])
        const rows = inputRows(rules[v] as WindowRule | SameRule, r, i.h, o.h)
        live += (i.bytes * (rows.hi - rows.lo)) / i.h
      }
      // in place, an element-wise copy may write over its input: count only the larger of the two then
      if (live > bound) bound = Math.max(bound, isElementwiseOp(n.op, n.domain) ? live / 2 : live)
    }
  }
  return { flops, boundBytes: Math.floor(bound) }
}

/** null when some tile would compute no rows of a node (more tiles than rows somewhere in the region). */
export function buildTiled(ig: IndexedGraph, rules: RowRule[], region: Region, tiles: number): TiledGraph | null {
  const g = ig.graph
  const tensorOf = new Map<string, TensorInfo>(g.tensors.map((t) => [t.name, t]))
  const H = (name: string): number => ((tensorOf.get(name) as TensorInfo).shape as number[])[2]
  const inRegion = new Set(region.nodes)
  // tensors the region produces: they are replaced by their tiles (exits come back through their Concat)
  const produced = new Set<string>()
  for (const v of region.nodes) for (const o of g.nodes[v].outputs) if (o !== '') produced.add(o)

  const nodes: NodeInfo[] = []
  const tensors: TensorInfo[] = []
  const constants: Record<string, number[]> = { [AXES]: [2] }
  const origin: Record<string, string> = {}
  const addConst = (name: string, values: number[]): void => {
    constants[name] = values
    tensors.push({ name, kind: 'weight', dtype: 'int64', shape: [values.length], bytes: 8 * values.length })
  }
  tensors.push({ name: AXES, kind: 'weight', dtype: 'int64', shape: [1], bytes: 8 })
  const addActivation = (orig: string, name: string, rows: number): TensorInfo => {
    const o = tensorOf.get(orig) as TensorInfo
    const shape = withRows(o.shape as Dim[], rows)
    const t: TensorInfo = { name, kind: 'activation', dtype: o.dtype, shape, bytes: dtypeBytes(o.dtype, shape) }
    tensors.push(t)
    return t
  }
  const shapeByName = new Map<string, Dim[] | null>(g.tensors.map((t) => [t.name, t.shape]))
  const addSlice = (nodeName: string, from: string, to: string, origTensor: string, r: RowRange, serves: string): void => {
    const starts = `${nodeName}/starts`
    const ends = `${nodeName}/ends`
    addConst(starts, [r.lo])
    addConst(ends, [r.hi])
    const t = addActivation(origTensor, to, r.hi - r.lo)
    shapeByName.set(to, t.shape)
    nodes.push({ name: nodeName, op: 'Slice', domain: '', inputs: [from, starts, ends, AXES], outputs: [to], attributes: {}, flops: 0 })
    origin[nodeName] = serves
  }
  let regionFlops = 0
  let tiledFlops = 0
  for (const v of region.nodes) regionFlops += g.nodes[v].flops

  const parts = new Map<string, string[]>()
  const partsOf = (x: string): string[] => {
    let p = parts.get(x)
    if (p === undefined) { p = []; parts.set(x, p) }
    return p
  }
  const needs = tileNeeds(ig, rules, region, tiles)
  if (needs === null) return null
  for (let t = 0; t < tiles; t++) {
    const need = needs[t]
    const inRows = need.get(region.input) as RowRange
    // where each tiled tensor lives and which rows it holds
    const have = new Map<string, { name: string; rows: RowRange }>()
    const inName = tileName(t, region.input)
    if (inRows.lo === 0 && inRows.hi === H(region.input)) have.set(region.input, { name: region.input, rows: inRows })
    else {
      addSlice(tileName(t, `${region.input}/rows`), region.input, inName, region.input, inRows, g.nodes[region.nodes[0]].name)
      have.set(region.input, { name: inName, rows: inRows })
    }
    /** the name of `x` holding exactly rows `r` in this tile, cropping when the producer computed more */
    const rowsOf = (x: string, r: RowRange, consumer: string): string => {
      const h = have.get(x) as { name: string; rows: RowRange }
      if (h.rows.lo === r.lo && h.rows.hi === r.hi) return h.name
      const cropName = tileName(t, `${consumer}/crop:${x}`)
      const to = `${cropName}:0`
      if (!shapeByName.has(to)) addSlice(cropName, h.name, to, x, { lo: r.lo - h.rows.lo, hi: r.hi - h.rows.lo }, consumer)
      return to
    }
    for (const v of region.nodes) {
      const n = g.nodes[v]
      const rule = rules[v]
      if (rule.kind === 'stop') return null
      const out = need.get(n.outputs[0]) as RowRange
      const outH = H(n.outputs[0])
      const name = tileName(t, n.name)
      const inputs = n.inputs.map((x) => {
        if (x === '' || !produced.has(x) && x !== region.input) return x
        return rowsOf(x, inputRows(rule, out, H(x), outH), n.name)
      })
      const attributes = { ...n.attributes }
      if (rule.kind === 'window') {
        attributes.pads = tilePads(rule, out, inputRows(rule, out, H(n.inputs[0]), outH))
        delete attributes.auto_pad
        if (n.op !== 'Conv') attributes.ceil_mode = 0
      }
      const outputs = n.outputs.map((o) => (o === '' ? '' : tileName(t, o)))
      for (let k = 0; k < n.outputs.length; k++) {
        if (n.outputs[k] === '') continue
        const ti = addActivation(n.outputs[k], outputs[k], out.hi - out.lo)
        shapeByName.set(ti.name, ti.shape)
        have.set(n.outputs[k], { name: ti.name, rows: out })
      }
      const copy: NodeInfo = { name, op: n.op, domain: n.domain, inputs, outputs, attributes, flops: 0 }
      copy.flops = nodeFlops(copy, inputs.map((x) => shapeByName.get(x) ?? null), outputs.map((x) => shapeByName.get(x) ?? null))
      tiledFlops += copy.flops
      nodes.push(copy)
      origin[name] = n.name
    }
    for (const x of region.exits) {
      const prod = g.nodes[ig.producer[ig.tensorIndex.get(x) as number]].name
      partsOf(x).push(rowsOf(x, tileBand(t, tiles, H(x)), `${prod}/concat`))
    }
  }
  for (const x of region.exits) {
    const prod = g.nodes[ig.producer[ig.tensorIndex.get(x) as number]].name
    const name = `tiling/concat/${x}`
    nodes.push({ name, op: 'Concat', domain: '', inputs: partsOf(x), outputs: [x], attributes: { axis: 2 }, flops: 0 })
    origin[name] = prod
  }
  // the rest of the graph as it was: non-region nodes in file order, after the tiles
  const rest = g.nodes.filter((_, v) => !inRegion.has(v))
  const keptTensors = g.tensors.filter((t) => !produced.has(t.name) || region.exits.includes(t.name))
  const graph: MemoriaGraph = {
    ...g,
    name: `${g.name} (tiled)`,
    tensors: [...keptTensors, ...tensors],
    nodes: [...rest.filter(isConstantNode), ...nodes, ...rest.filter((n) => !isConstantNode(n))],
  }
  return { graph, constants, origin, regionFlops, tiledRegionFlops: tiledFlops }
}

function isConstantNode(n: NodeInfo): boolean {
  return n.op === 'Constant' && (n.domain === '' || n.domain === 'ai.onnx')
}
