/**
 * The pieces of BTSearch's plan around the search itself (docs/btsearch.md, sections 2, 5 and 6): the
 * forced prefix (Rule D from the initial state) and the per-segment record the driver keeps — the best
 * order and peak found, the proven bound, and the searches (direct and probe, from either end) in flight.
 * `forcedPrefix` is O(nodes × ready nodes) evaluations in the worst case (a forced move restarts the scan),
 * capped by `maxWork` and by `stop`: stopping early only leaves more of the order to the search.
 */
import type { IndexedGraph } from './indexed.ts'
import type { SegmentSearch } from './segment-search.ts'
import type { MemState } from './state.ts'

export interface Segment {
  nodes: Int32Array
  /** position in the final order */
  index: number
  order: Int32Array
  /** best peak found (an upper bound on the segment's optimum) */
  peak: number
  /** proven lower bound on the segment's optimum */
  lo: number
  proven: boolean
  /** the branch-and-bound searches below `peak`, from the segment's start and from its end */
  direct: (SegmentSearch | null)[]
  /** the probe below probeCut, from the start and from the end */
  probes: SegmentSearch[]
  probeCut: number
  /** the next probe's distance above the proven bound (doubles after each refutation) */
  delta: number
  /** probes answered and searches exhausted, per direction (forward, backward) */
  wins: [number, number]
  /** counts the slices: slot turn % 4 = direct forward, direct backward, probe forward, probe backward */
  turn: number
}

export function segment(nodes: Int32Array, index: number, peak: number, lo: number, proven: boolean): Segment {
  return { nodes, index, order: nodes, peak, lo, proven, direct: [null, null], probes: [], probeCut: 0, delta: 0, turn: 0, wins: [0, 0] }
}

/**
 * Rule D applied from the initial state: a ready node that keeps no more than it frees and runs at no more
 * than F goes first (docs/btsearch.md, "Dominance").
 */
export function forcedPrefix(ig: IndexedGraph, st: MemState, floor: number, maxWork = Infinity, stop?: () => boolean): Int32Array {
  const out: number[] = []
  const ready: number[] = []
  for (let v = 0; v < ig.nNodes; v++) if (st.indeg[v] === 0) ready.push(v)
  // a shorter prefix is still a valid one (the rest runs in the incumbent's order): `maxWork` evaluations,
  // and the time limit (`stop`, read every 4096 of them)
  for (let i = 0, work = 0; i < ready.length && work < maxWork; work++) {
    if ((work & 4095) === 4095 && stop?.()) break
    const v = ready[i]
    st.evaluate(v)
    if (st.after <= st.cur && st.during <= floor) {
      st.apply(v)
      out.push(v)
      ready[i] = ready[ready.length - 1]
      ready.pop()
      for (let j = ig.succStart[v]; j < ig.succStart[v + 1]; j++) if (st.indeg[ig.succList[j]] === 0) ready.push(ig.succList[j])
      i = 0
    } else i++
  }
  return Int32Array.from(out)
}
