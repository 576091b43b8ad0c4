/**
 * A fast layered (Sugiyama-style) layout, top to bottom: the graph view's draft layout, drawn at once while
 * ELK computes the refined one, and the only layout for views too big for ELK to answer in seconds.
 *
 * Steps (Sugiyama, Tagawa & Toda 1981; Gansner et al., "A technique for drawing directed graphs", 1993):
 * 1. cycle breaking: a collapsed group can form a cycle with a node outside it; edges closing a cycle in a
 *    depth-first search (in input order) are ignored for layering;
 * 2. layering: longest path from the sources, then every node pulled down next to its nearest successor
 *    (so a Constant sits above its consumer, not in the first layer);
 * 3. long edges split by dummy nodes, one per crossed layer, so residual connections get lanes; edges
 *    longer than `maxDummySpan` layers get none (a rotary table read by all 24 layers of Qwen2 would
 *    otherwise add ~10^5 dummies) and are ignored by ordering and placement;
 * 4. ordering: barycentre sweeps down and up;
 * 5. x placement: each layer's positions are the least-squares fit to the mean x of its neighbours under
 *    the minimum spacing (isotonic regression by pool-adjacent-violators, exact and O(n)), alternating
 *    directions a few times;
 * 6. y: layers stacked by their tallest box.
 * Complexity O((V + D) · S) for V boxes, D dummies and S sweeps (a constant). Deterministic.
 */
import type { LayoutRequest } from './layout-graph.ts'

export interface LayeredOptions {
  maxDummySpan: number
  nodeSpacing: number
  layerSpacing: number
  sweeps: number
}

const DEFAULTS: LayeredOptions = { maxDummySpan: 12, nodeSpacing: 18, layerSpacing: 28, sweeps: 6 }

export interface LayeredResult {
  /** centres, x0, y0, x1, y1, …, in the order of req.boxes */
  xy: Float64Array
  width: number
  height: number
}

/** Layers by longest path over the edges that do not close a cycle, then pulled down (ALAP). */
function assignLayers(n: number, succ: number[][]): Int32Array {
  const state = new Uint8Array(n) // 0 new, 1 on stack, 2 done
  const order: number[] = [] // reverse post-order = a topological order of the acyclic part
  const keep: number[][] = Array.from({ length: n }, () => [])
  for (let s = 0; s < n; s++) {
    if (state[s] !== 0) continue
    const stack: [number, number][] = [[s, 0]]
    state[s] = 1
    while (stack.length > 0) {
      const top = stack[stack.length - 1]
      const [v, i] = top
      if (i < succ[v].length) {
        top[1]++
        const w = succ[v][i]
        if (state[w] === 1) continue // closes a cycle: ignored
        keep[v].push(w)
        if (state[w] === 0) {
          state[w] = 1
          stack.push([w, 0])
        }
      } else {
        state[v] = 2
        order.push(v)
        stack.pop()
      }
    }
  }
  order.reverse()
  const layer = new Int32Array(n)
  for (const v of order) for (const w of keep[v]) layer[w] = Math.max(layer[w], layer[v] + 1)
  for (let k = order.length - 1; k >= 0; k--) {
    const v = order[k]
    if (keep[v].length === 0) continue
    let lowest = Infinity
    for (const w of keep[v]) lowest = Math.min(lowest, layer[w] - 1)
    layer[v] = lowest
  }
  return layer
}

/** Least-squares positions for `desired` keeping x[i+1] - x[i] >= gap[i] (pool-adjacent-violators). */
function fitInOrder(desired: number[], gap: number[]): number[] {
  const n = desired.length
  const offset = new Array<number>(n)
  offset[0] = 0
  for (let i = 1; i < n; i++) offset[i] = offset[i - 1] + gap[i - 1]
  const blockSum: number[] = []
  const blockLen: number[] = []
  for (let i = 0; i < n; i++) {
    let sum = desired[i] - offset[i]
    let len = 1
    while (blockSum.length > 0 && blockSum[blockSum.length - 1] / blockLen[blockLen.length - 1] >= sum / len) {
      sum += blockSum.pop()!
      len += blockLen.pop()!
    }
    blockSum.push(sum)
    blockLen.push(len)
  }
  const out = new Array<number>(n)
  let i = 0
  for (let b = 0; b < blockSum.length; b++) {
    const mean = blockSum[b] / blockLen[b]
    for (let k = 0; k < blockLen[b]; k++, i++) out[i] = mean + offset[i]
  }
  return out
}

export function layeredLayout(req: LayoutRequest, options: Partial<LayeredOptions> = {}): LayeredResult {
  const opt = { ...DEFAULTS, ...options }
  const n = req.boxes.length
  const index = new Map<string, number>()
  req.boxes.forEach((b, i) => index.set(b.id, i))
  const succ: number[][] = Array.from({ length: n }, () => [])
  for (const e of req.edges) {
    const s = index.get(e.source)
    const t = index.get(e.target)
    if (s !== undefined && t !== undefined && s !== t) succ[s].push(t)
  }
  const layer = assignLayers(n, succ)

  // real boxes 0..n-1, then dummies; each vertex has a layer, a width and neighbours above and below
  const width: number[] = req.boxes.map((b) => b.width)
  const vLayer: number[] = Array.from(layer)
  const up: number[][] = Array.from({ length: n }, () => [])
  const down: number[][] = Array.from({ length: n }, () => [])
  const link = (a: number, b: number): void => {
    down[a].push(b)
    up[b].push(a)
  }
  for (let s = 0; s < n; s++) {
    for (const t of succ[s]) {
      const [top, bottom] = layer[s] < layer[t] ? [s, t] : [t, s]
      if (layer[top] === layer[bottom]) continue // a cycle squeezed into one layer: drawn, not laid out
      if (layer[bottom] - layer[top] > opt.maxDummySpan) continue
      let a = top
      for (let l = layer[top] + 1; l < layer[bottom]; l++) {
        const d = width.length
        width.push(2)
        vLayer.push(l)
        up.push([])
        down.push([])
        link(a, d)
        a = d
      }
      link(a, bottom)
    }
  }
  const layerCount = n === 0 ? 0 : Math.max(...layer) + 1
  const layers: number[][] = Array.from({ length: layerCount }, () => [])
  for (let v = 0; v < vLayer.length; v++) layers[vLayer[v]].push(v)

  const pos = new Float64Array(vLayer.length) // rank within the layer
  const setRanks = (l: number[]): void => l.forEach((v, i) => (pos[v] = i))
  layers.forEach(setRanks)
  const bary = (v: number, nbrs: number[][]): number => {
    const ns = nbrs[v]
    if (ns.length === 0) return pos[v]
    let s = 0
    for (const w of ns) s += pos[w]
    return s / ns.length
  }
  for (let sweep = 0; sweep < opt.sweeps; sweep++) {
    const downward = sweep % 2 === 0
    const seq = downward ? layers.slice(1) : layers.slice(0, -1).reverse()
    for (const l of seq) {
      const key = new Map(l.map((v) => [v, bary(v, downward ? up : down)]))
      l.sort((a, b) => key.get(a)! - key.get(b)! || pos[a] - pos[b])
      setRanks(l)
    }
  }

  // x: start packed, then pull each layer toward its neighbours' mean, alternating directions
  const x = new Float64Array(vLayer.length)
  const gapsOf = (l: number[]): number[] =>
    l.slice(1).map((v, i) => (width[l[i]] + width[v]) / 2 + (v >= n || l[i] >= n ? opt.nodeSpacing / 2 : opt.nodeSpacing))
  for (const l of layers) {
    const fit = fitInOrder(l.map(() => 0), gapsOf(l))
    l.forEach((v, i) => (x[v] = fit[i]))
  }
  for (let pass = 0; pass < 2 * opt.sweeps; pass++) {
    const nbrs = pass % 2 === 0 ? up : down
    const seq = pass % 2 === 0 ? layers : [...layers].reverse()
    for (const l of seq) {
      const desired = l.map((v) => {
        const ns = nbrs[v].length > 0 ? nbrs[v] : pass % 2 === 0 ? down[v] : up[v]
        if (ns.length === 0) return x[v]
        let s = 0
        for (const w of ns) s += x[w]
        return s / ns.length
      })
      const fit = fitInOrder(desired, gapsOf(l))
      l.forEach((v, i) => (x[v] = fit[i]))
    }
  }

  const xy = new Float64Array(2 * n)
  let minX = Infinity
  let maxX = -Infinity
  for (let v = 0; v < n; v++) {
    minX = Math.min(minX, x[v] - width[v] / 2)
    maxX = Math.max(maxX, x[v] + width[v] / 2)
  }
  let y = 0
  for (const l of layers) {
    let h = 0
    for (const v of l) if (v < n) h = Math.max(h, req.boxes[v].height)
    for (const v of l) {
      if (v >= n) continue
      xy[2 * v] = x[v] - minX
      xy[2 * v + 1] = y + h / 2
    }
    y += h + opt.layerSpacing
  }
  return { xy, width: n === 0 ? 0 : maxX - minX, height: Math.max(0, y - opt.layerSpacing) }
}
