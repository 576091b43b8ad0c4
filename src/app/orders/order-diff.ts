/**
 * Where two execution orders of the same graph differ: the compare table of the orders panel.
 *
 * Both orders are permutations of the same node names (topological orders of one graph). The diff reports
 * the first position where they part, how many nodes sit at the same position in both, and the stretches
 * (runs of consecutive positions) where they disagree, each with the nodes it holds in either order. O(n).
 * An order that is not a permutation of the other (a stale result of another model) is reported as such
 * instead of producing a misleading table.
 */

export interface DiffSegment {
  /** first and last position (0-based, inclusive) of a stretch where the orders disagree */
  from: number
  to: number
  /** the nodes at those positions in order A and in order B */
  a: string[]
  b: string[]
}

export interface MovedNode {
  node: string
  posA: number
  posB: number
}

export interface OrderDiff {
  length: number
  /** first position where the orders differ; null when they are identical */
  firstDivergence: number | null
  /** nodes at the same position in both orders */
  samePositions: number
  /** the stretches where they differ, in position order */
  segments: DiffSegment[]
  /** the nodes that moved furthest, largest displacement first (capped, see `maxMoved`) */
  moved: MovedNode[]
  /** total number of nodes at different positions */
  movedCount: number
  /** false when B is not a permutation of A; the other fields then describe positions only */
  comparable: boolean
}

export function diffOrders(a: readonly string[], b: readonly string[], maxMoved = 20): OrderDiff {
  const posB = new Map<string, number>()
  b.forEach((n, i) => posB.set(n, i))
  let comparable = a.length === b.length && posB.size === b.length
  if (comparable) for (const n of a) if (!posB.has(n)) { comparable = false; break }

  const length = Math.max(a.length, b.length)
  let firstDivergence: number | null = null
  let samePositions = 0
  const segments: DiffSegment[] = []
  let open: DiffSegment | null = null
  for (let i = 0; i < length; i++) {
    const same = i < a.length && i < b.length && a[i] === b[i]
    if (same) {
      samePositions++
      open = null
      continue
    }
    if (firstDivergence === null) firstDivergence = i
    if (open === null) {
      open = { from: i, to: i, a: [], b: [] }
      segments.push(open)
    }
    open.to = i
    if (i < a.length) open.a.push(a[i])
    if (i < b.length) open.b.push(b[i])
  }

  const moved: MovedNode[] = []
  if (comparable) {
    a.forEach((node, i) => {
      const j = posB.get(node)!
      if (j !== i) moved.push({ node, posA: i, posB: j })
    })
  }
  const movedCount = comparable ? moved.length : length - samePositions
  moved.sort((x, y) => Math.abs(y.posA - y.posB) - Math.abs(x.posA - x.posB) || x.posA - y.posA)
  return {
    length,
    firstDivergence,
    samePositions,
    segments,
    moved: moved.slice(0, maxMoved),
    movedCount,
    comparable,
  }
}
