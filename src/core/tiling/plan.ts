/**
 * The tiling planner: the region end × tile count that gives the smallest peak under a FLOPs-overhead budget,
 * with BTSearch ordering the tiled graph (tiles interleaved as the order sees fit).
 *
 * Every tileable region (region.ts) × every T is built (tiled-graph.ts); its extra FLOPs decide whether it
 * is within budget; its static lower bound (memory/bound.ts) ranks it. Candidates are then searched in order
 * of that bound, and a candidate whose bound is not below the best peak found is skipped: no order of it can
 * beat the best. So the result is the smallest peak over all candidates (each as BTSearch leaves it: proven
 * optimal, or the best order within the state budget, said by `optimal`). Ties go to fewer extra FLOPs.
 * Every reported peak is the memory walk of the reported order on the reported graph.
 *
 * Complexity: candidates × (build O(region × T) + index + bound), plus one BTSearch per candidate examined.
 */
import { fail, fmtInt } from '../errors.ts'
import type { MemoriaGraph } from '../graph/types.ts'
import { lowerBound } from '../memory/bound.ts'
import { btsearch } from '../memory/btsearch.ts'
import { buildGroups } from '../memory/groups.ts'
import { indexGraph, type IndexedGraph } from '../memory/indexed.ts'
import { dfsOrder, greedyOrder } from '../memory/baselines.ts'
import { checkMemoryModel, type MemoryModel } from '../memory/ops.ts'
import { createWalker } from '../memory/walk.ts'
import { scanRegions, type Region } from './region.ts'
import { buildTiled, estimateTiling, type TiledGraph } from './tiled-graph.ts'

export const TILE_COUNTS: readonly number[] = [2, 3, 4, 6, 8, 16]
export const DEFAULT_MAX_OVERHEAD = 0.15
/** per candidate: BTSearch's state budget (deterministic, unlike a time limit) */
const DEFAULT_MAX_STATES = 200_000
/** BTSearch runs over the best-ranked candidates; each costs the search's set-up (its cut bounds) at least */
const SEARCHED_MAX = 4

export interface TileOptions {
  memoryModel?: MemoryModel
  /** the largest extra FLOPs allowed, as a fraction of the model's (default 0.15) */
  maxOverhead?: number
  /** tile counts to try (default TILE_COUNTS) */
  tiles?: readonly number[]
  maxStates?: number
  now?: () => number
  isCancelled?: () => boolean
}

export interface TileRegion {
  /** the region's last node */
  end: string
  input: string
  nodes: string[]
  exits: string[]
}

export interface TilePlan {
  memoryModel: MemoryModel
  /** the untiled model's optimal peak (BTSearch), and the node that forces it */
  peakBytes: number
  peakNode: string | null
  /** whether tiling lowers the peak; when false, `reason` says why in one sentence */
  tiled: boolean
  reason: string | null
  tiledPeakBytes: number
  region: TileRegion | null
  tiles: number
  /** extra FLOPs of the tiled model, as a fraction of the model's */
  extraFlops: number
  flops: number
  tiledFlops: number
  /** the node that now forces the peak of the tiled graph (null: step 0) */
  remainingBoundNode: string | null
  /** the tiled graph's order (the untiled one when not tiled) */
  order: string[]
  optimal: boolean
  lowerBoundBytes: number
  /** candidates (region × T): whose halos exist, within the FLOPs budget, ordered by BTSearch, and left
   * unsearched although their lower bound is below the chosen peak (0: the choice is the best of all) */
  candidates: { built: number; withinBudget: number; searched: number; unsettled: number }
  elapsedMs: number
}

export interface TilePlanResult {
  plan: TilePlan
  /** the tiled graph (null when not tiled) */
  tiled: TiledGraph | null
}

/** bound: no order of the tiled graph goes below it (the nodes outside the region, and estimateTiling's) */
interface Candidate { region: Region; tiles: number; bound: number; extra: number }

export function planTiling(graph: MemoriaGraph, opts: TileOptions = {}): TilePlanResult {
  const model = checkMemoryModel(opts.memoryModel ?? 'inplace')
  const maxOverhead = opts.maxOverhead ?? DEFAULT_MAX_OVERHEAD
  if (!(maxOverhead >= 0) || !Number.isFinite(maxOverhead)) fail('ARG_INVALID', `the FLOPs overhead budget must be a fraction ≥ 0 of the model's FLOPs, e.g. 0.15 for 15% extra (got ${maxOverhead})`)
  const counts = opts.tiles ?? TILE_COUNTS
  for (const t of counts) if (!Number.isInteger(t) || t < 2 || t > 256) fail('ARG_INVALID', `a tile count must be a whole number from 2 to 256 (got ${t})`)
  const maxStates = opts.maxStates ?? DEFAULT_MAX_STATES
  const now = opts.now ?? (() => 0)
  const t0 = now()
  const ig = indexGraph(graph)
  const base = btsearch(ig, model, { maxStates, now, isCancelled: opts.isCancelled })
  const flops = graph.nodes.reduce((s, n) => s + n.flops, 0)
  const peakNode = base.boundNode >= 0 ? ig.nodeNames[base.boundNode] : null
  const plan: TilePlan = {
    memoryModel: model, peakBytes: base.peakBytes, peakNode, tiled: false, reason: null, tiledPeakBytes: base.peakBytes,
    region: null, tiles: 1, extraFlops: 0, flops, tiledFlops: flops, remainingBoundNode: peakNode,
    order: Array.from(base.order, (v) => ig.nodeNames[v]), optimal: base.optimal, lowerBoundBytes: base.lowerBoundBytes,
    candidates: { built: 0, withinBudget: 0, searched: 0, unsettled: 0 }, elapsedMs: 0,
  }
  const scan = scanRegions(ig)
  // Nodes outside a region keep their static bound in the tiled graph (same inputs and outputs; what is
  // live across them comes from their own ancestors and descendants, and region tensors other than the
  // exits are dead by then): the largest of them bounds every tiling of that region, whatever T.
  const perNode = lowerBound(ig, buildGroups(ig, model)).perNode
  const cands: Candidate[] = []
  for (const region of scan.regions) {
    const inside = new Uint8Array(ig.nNodes)
    for (const v of region.nodes) inside[v] = 1
    let rest = 0
    for (let v = 0; v < ig.nNodes; v++) if (!inside[v] && perNode[v] > rest) rest = perNode[v]
    if (rest >= base.peakBytes) continue
    let regionFlops = 0
    for (const v of region.nodes) regionFlops += graph.nodes[v].flops
    for (const T of counts) {
      if (opts.isCancelled?.()) fail('CANCELLED', 'tiling search cancelled')
      const est = estimateTiling(ig, scan.rules, region, T)
      if (est === null) continue
      plan.candidates.built++
      const extra = flops > 0 ? (est.flops - regionFlops) / flops : 0
      if (extra > maxOverhead) continue
      plan.candidates.withinBudget++
      cands.push({ region, tiles: T, bound: Math.max(rest, est.boundBytes), extra })
    }
  }
  // Rank by what a quick order reaches (the better of dfs and greedy, walked), after a bound check; then
  // BTSearch the most promising few. A candidate is never dropped while its bound is below the best peak
  // unless the search budget of SEARCHED_MAX candidates is spent; `unsettled` counts those.
  cands.sort((a, b) => a.bound - b.bound || a.extra - b.extra || a.tiles - b.tiles)
  interface Ranked { c: Candidate; tg: TiledGraph; ti: IndexedGraph; lb: number; quick: number }
  const ranked: Ranked[] = []
  let quickBest = base.peakBytes
  for (const c of cands) {
    if (c.bound >= quickBest) break
    if (opts.isCancelled?.()) fail('CANCELLED', 'tiling search cancelled')
    const tg = buildTiled(ig, scan.rules, c.region, c.tiles) as TiledGraph
    const ti = indexGraph(tg.graph)
    const gr = buildGroups(ti, model)
    const lb = lowerBound(ti, gr).bytes
    if (lb >= quickBest) continue
    const w = createWalker(ti)
    const quick = Math.min(w.run(dfsOrder(ti), model), w.run(greedyOrder(ti, gr), model))
    if (quick < quickBest) quickBest = quick
    ranked.push({ c, tg, ti, lb, quick })
  }
  ranked.sort((a, b) => a.quick - b.quick || a.c.extra - b.c.extra || a.c.tiles - b.c.tiles)
  let best: { c: Candidate; tg: TiledGraph; r: ReturnType<typeof btsearch>; ti: IndexedGraph } | null = null
  for (const k of ranked) {
    const cut = best?.r.peakBytes ?? base.peakBytes
    // an equal peak is still worth a search when it would cost fewer extra FLOPs
    if (k.lb > cut || (k.lb === cut && (best === null || k.c.extra >= best.c.extra))) continue
    if (plan.candidates.searched >= SEARCHED_MAX) { plan.candidates.unsettled++; continue }
    if (opts.isCancelled?.()) fail('CANCELLED', 'tiling search cancelled')
    const r = btsearch(k.ti, model, { maxStates, now, isCancelled: opts.isCancelled })
    plan.candidates.searched++
    if (r.peakBytes < cut || (r.peakBytes === cut && best !== null && k.c.extra < best.c.extra)) best = { c: k.c, tg: k.tg, r, ti: k.ti }
  }
  plan.elapsedMs = now() - t0
  if (best === null) {
    plan.reason = whyNot(ig.nodeNames, scan, base.boundNode, plan, maxOverhead)
    return { plan, tiled: null }
  }
  const { c, tg, r, ti } = best
  const walked = createWalker(ti).run(r.order, model)
  if (walked !== r.peakBytes) fail('INTERNAL', `the tiled order's walk gives ${fmtInt(walked)} bytes, the search ${fmtInt(r.peakBytes)}`)
  Object.assign(plan, {
    tiled: true, tiledPeakBytes: r.peakBytes, tiles: c.tiles, extraFlops: c.extra,
    region: { end: ig.nodeNames[c.region.end], input: c.region.input, nodes: c.region.nodes.map((v) => ig.nodeNames[v]), exits: c.region.exits },
    tiledFlops: flops + tg.tiledRegionFlops - tg.regionFlops,
    remainingBoundNode: r.boundNode >= 0 ? ti.nodeNames[r.boundNode] : null,
    order: Array.from(r.order, (v) => ti.nodeNames[v]), optimal: r.optimal, lowerBoundBytes: r.lowerBoundBytes,
  })
  return { plan, tiled: tg }
}

/** One sentence: why no tiling lowers the peak. */
function whyNot(names: readonly string[], scan: ReturnType<typeof scanRegions>, peakNode: number, plan: TilePlan, maxOverhead: number): string {
  const own = peakNode >= 0 ? scan.rules[peakNode] : undefined
  if (own !== undefined && own.kind === 'stop') return `${own.reason}, and it forces the peak, so no band of rows can lower it`
  if (peakNode >= 0 && scan.why.has(peakNode)) {
    return `the node that forces the peak, ${names[peakNode]}, cannot be in a tiled region: ${scan.why.get(peakNode)}`
  }
  if (scan.regions.length === 0) {
    const first = scan.why.values().next().value
    return `no region starting at the input can be tiled: ${first ?? 'the graph has no nodes'}`
  }
  if (plan.candidates.withinBudget === 0) {
    return `every tiling that reaches the peak costs more than ${(maxOverhead * 100).toFixed(1)}% extra FLOPs; allow a larger FLOPs overhead`
  }
  return `no tiled region within ${(maxOverhead * 100).toFixed(1)}% extra FLOPs gives a lower peak than the untiled order (${fmtInt(plan.peakBytes)} bytes): the tensors live at the peak lie outside every tileable region or the Concats that rebuild the region's exits cost as much`
}
