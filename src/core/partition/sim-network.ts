/**
 * The network part of the latency model (docs/cost-model.md, "Network"): one holder's transfer of a
 * tensor's pieces to the devices that lack them, scheduled on the link resources of a `Sim` (simulate.ts).
 * `star`: each link direction a FIFO resource, store and forward, or cut-through (the downlink starts once
 * the upload has started); `shared`: one medium every hop takes airtime on — up, then each down, or one
 * broadcast down to all. With broadcast the upload carries the union of the pieces once.
 * No allocation besides the optional logs.
 */
import type { Problem } from './problem'

/**
 * One message of the simulation: `bytes` of tensor `tensor` from holder `from` to receiver `to` — up the
 * sender's link (`upStartMs`–`upEndMs`, carrying every receiver's piece, their union under broadcast), then
 * down the receiver's link (`downStartMs`–`downEndMs`, this receiver's piece). `downEndMs` is when it arrived.
 */
export interface SimMessage {
  tensor: number
  from: number
  to: number
  bytes: number
  upStartMs: number
  upEndMs: number
  downStartMs: number
  downEndMs: number
}

/**
 * Airtime on the shared medium (network "shared"): device `from` uploading `bytes` to the router (`to` -1),
 * or the router sending to device `to` (`from` -1; `to` -2: one broadcast to several receivers, `bytes` the
 * largest piece), `startMs`–`endMs`.
 */
export interface SimAirtime {
  from: number
  to: number
  bytes: number
  startMs: number
  endMs: number
}

/**
 * Holder `i` sends tensor `t`: `up` bytes up its link (or on the medium), then `piece[j]` bytes down to every
 * receiver j with a piece. `res` are the Sim's active resource arrays (devices free/critical path, uplinks,
 * downlinks, the medium), updated in place; the holder's copy is ready at `readyAt` (critical path
 * `readyCp`). Each receiver's `wait`/`waitCp` rise to its arrival and `got` by its bytes. The logs, when not
 * null, get every message and every airtime.
 */
export function transfer(p: Problem, res: readonly Float64Array[], t: number, i: number, up: number,
  readyAt: number, readyCp: number, piece: Float64Array, wait: Float64Array, waitCp: Float64Array, got: Float64Array,
  messages: SimMessage[] | null, airtime: SimAirtime[] | null): void {
  const upFree = res[2], upCp = res[3], downFree = res[4], downCp = res[5], medium = res[6]
  const shared = p.shared
  // the upload: on the sender's uplink (star) or on the one medium (shared)
  let start = shared ? medium[0] : upFree[i], cp = shared ? medium[1] : upCp[i]
  if (readyAt > start) { start = readyAt; cp = readyCp }
  const upEnd = start + p.latMs[i] + (up * 8) / (p.bwMbps[i] * 1e3)
  if (shared) { medium[0] = upEnd; medium[1] = cp } else { upFree[i] = upEnd; upCp[i] = cp }
  airtime?.push({ from: i, to: -1, bytes: up, startMs: start, endMs: upEnd })
  // shared medium with broadcast: the router sends the union once to every receiver, at the slowest
  // receiver's rate with the largest latency among them
  let bcEnd = -1, bcTo = -1, bcBytes = 0
  const bcStart = upEnd, bcCp = cp // the medium is free right after the upload
  if (shared && p.broadcast) {
    let lat = 0, bw = Infinity
    for (let j = 0; j < p.K; j++) if (piece[j] > 0) { lat = Math.max(lat, p.latMs[j]); bw = Math.min(bw, p.bwMbps[j]) }
    bcEnd = bcStart + lat + (up * 8) / (bw * 1e3)
  }
  for (let j = 0; j < p.K; j++) {
    const bytes = piece[j]
    if (bytes <= 0) continue
    let ds: number, dcp: number, arrive: number
    if (shared && bcEnd >= 0) {
      ds = bcStart; dcp = bcCp; arrive = bcEnd
      medium[0] = arrive; medium[1] = dcp
      bcTo = bcTo === -1 ? j : -2; bcBytes = Math.max(bcBytes, bytes)
    } else if (shared) {
      // each receiver's piece in turn, after the upload, on the same medium
      ds = medium[0]; dcp = medium[1]
      arrive = ds + p.latMs[j] + (bytes * 8) / (p.bwMbps[j] * 1e3)
      medium[0] = arrive; medium[1] = dcp
      airtime?.push({ from: -1, to: j, bytes, startMs: ds, endMs: arrive })
    } else if (p.cutThrough) {
      // cut-through: the downlink starts once the first bits reached the router and the downlink is free;
      // the last bit cannot leave before the upload ended
      ds = start + p.latMs[i]; dcp = cp
      if (downFree[j] > ds) { ds = downFree[j]; dcp = downCp[j] }
      arrive = Math.max(ds + p.latMs[j] + (bytes * 8) / (p.bwMbps[j] * 1e3), upEnd + p.latMs[j])
      downFree[j] = arrive; downCp[j] = dcp
    } else {
      // store and forward: the downlink starts when the whole upload has reached the router
      ds = downFree[j]; dcp = downCp[j]
      if (upEnd > ds) { ds = upEnd; dcp = cp }
      arrive = ds + p.latMs[j] + (bytes * 8) / (p.bwMbps[j] * 1e3)
      downFree[j] = arrive; downCp[j] = dcp
    }
    if (messages !== null) {
      messages.push({ tensor: t, from: i, to: j, bytes, upStartMs: start, upEndMs: upEnd, downStartMs: ds, downEndMs: arrive })
    }
    got[j] += bytes
    if (arrive > wait[j]) { wait[j] = arrive; waitCp[j] = dcp }
  }
  if (bcEnd >= 0) airtime?.push({ from: -1, to: bcTo, bytes: bcBytes, startMs: bcStart, endMs: bcEnd })
}

/**
 * Total length of the union of n intervals [lo[i], hi[i]); sorts them in place by start (insertion sort: n
 * is at most the number of devices) and merges. No allocation.
 */
export function unionLength(lo: Int32Array, hi: Int32Array, n: number): number {
  for (let i = 1; i < n; i++) {
    const a = lo[i], b = hi[i]
    let k = i - 1
    while (k >= 0 && lo[k] > a) { lo[k + 1] = lo[k]; hi[k + 1] = hi[k]; k-- }
    lo[k + 1] = a; hi[k + 1] = b
  }
  let total = 0, curLo = lo[0], curHi = hi[0]
  for (let i = 1; i < n; i++) {
    if (lo[i] > curHi) { total += curHi - curLo; curLo = lo[i]; curHi = hi[i] } else if (hi[i] > curHi) curHi = hi[i]
  }
  return total + curHi - curLo
}
