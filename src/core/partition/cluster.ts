/**
 * The cluster of docs/spec.md section 4: devices around one router, the source device where the input arrives and
 * the output must end, `router.broadcast`, and the network model (docs/cost-model.md, "Network"):
 * `network` "star" (each device's own full-duplex link) or "shared" (one medium every transfer takes airtime
 * on), `router.cutThrough` (star only: the router forwards while it receives), and per device
 * `kernelOverheadMs` (the fixed cost of launching one node's kernel).
 *
 * `validateCluster` is the public boundary: it takes anything (parsed JSON) and returns a typed cluster or
 * throws `CLUSTER_INVALID` saying what is wrong and what to do. Everything past it trusts the cluster.
 * Invariants after validation: at least one device, names unique and non-empty, every rate, memory and
 * bandwidth a finite positive number, latency and kernel overhead finite and ≥ 0, `source` names a device,
 * `network` and `router.cutThrough` set (cut-through never on a shared medium), at most MAX_DEVICES devices
 * (CLUSTER_TOO_LARGE beyond). O(K).
 */

import { fail, quoteName, shownValue } from '../errors'
import { listSample } from '../graph/declared'

/**
 * The largest cluster the planner supports. The cost of one plan's simulation grows as K² per node slot and
 * the split alleles per node as K (docs/cost-model.md, "Cluster size"): at 64 devices a plan of a few hundred
 * nodes still evaluates in milliseconds, and every baseline stays polynomial. Beyond it, CLUSTER_TOO_LARGE.
 */
export const MAX_DEVICES = 64

export interface Device {
  name: string
  /** sustained compute rate, 10^9 FLOP/s */
  gflops: number
  memoryBytes: number
  /** the device's link to the router, each direction, 10^6 bit/s */
  bandwidthMbps: number
  /** per message on the device's link, each direction */
  latencyMs: number
  /** fixed cost of launching one node's kernel on the device, ms (default 0) */
  kernelOverheadMs?: number
}

/** "star": a full-duplex link per device; "shared": one medium (Wi-Fi channel) that serialises every transfer */
export type NetworkModel = 'star' | 'shared'
export const NETWORK_MODELS: readonly NetworkModel[] = ['star', 'shared']

export interface Cluster {
  devices: Device[]
  /** cutThrough (star only, default false): the router forwards a message while it still arrives */
  router: { broadcast: boolean; cutThrough?: boolean }
  /** default "star" */
  network?: NetworkModel
  source: string
}

function isObject(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x)
}

function bad(message: string): never {
  return fail('CLUSTER_INVALID', message)
}

function positive(d: Record<string, unknown>, where: string, key: string, unit: string): number {
  const v = d[key]
  if (typeof v !== 'number' || !Number.isFinite(v)) {
    bad(`${where}: "${key}" must be a number (${unit}); got ${shownValue(v)}. Set it in the cluster file`)
  }
  if (v <= 0) {
    bad(`${where}: "${key}" is ${v}; it must be positive (${unit}). A device that cannot compute, store or ` +
      `communicate cannot take part: give it a positive value or remove it from the cluster`)
  }
  return v
}

/** Checks and normalises a cluster (e.g. straight from JSON.parse). Throws CLUSTER_INVALID. */
export function validateCluster(raw: unknown): Cluster {
  if (!isObject(raw)) bad(`the cluster is ${shownValue(raw)}, not a JSON object; give { "devices": [...], "router": {...}, "source": "..." } (docs/spec.md section 4)`)
  const devs = raw.devices
  if (!Array.isArray(devs)) bad('the cluster has no "devices" array; list at least one device')
  if (devs.length === 0) {
    bad('the cluster has no devices; list at least one device with name, gflops, memoryBytes, bandwidthMbps ' +
      'and latencyMs')
  }
  if (devs.length > MAX_DEVICES) {
    fail('CLUSTER_TOO_LARGE', `the cluster has ${devs.length.toLocaleString('en-US')} devices; the planner supports at most ` +
      `${MAX_DEVICES}: merge identical devices into fewer, stronger ones or plan for a subset of the cluster`)
  }
  const names = new Set<string>()
  const devices: Device[] = devs.map((d, i) => {
    if (!isObject(d)) bad(`device ${i} is not an object; give each device name, gflops, memoryBytes, bandwidthMbps, latencyMs`)
    const name = d.name
    if (typeof name !== 'string' || name === '') bad(`device ${i} has no name; give every device a unique non-empty "name"`)
    if (names.has(name)) bad(`device name ${quoteName(name)} appears twice; device names must be unique: rename one`)
    names.add(name)
    const where = `device ${quoteName(name)}`
    const mem = d.memoryBytes
    if (mem === 0) {
      bad(`${where} has zero memory ("memoryBytes": 0); nothing fits on it. Give its real memory or remove it`)
    }
    const memoryBytes = positive(d, where, 'memoryBytes', 'bytes')
    const gflops = positive(d, where, 'gflops', 'GFLOP/s')
    const bandwidthMbps = positive(d, where, 'bandwidthMbps', 'Mbit/s')
    const lat = d.latencyMs ?? 0
    if (typeof lat !== 'number' || !Number.isFinite(lat) || lat < 0) {
      bad(`${where}: "latencyMs" must be a number ≥ 0 (milliseconds per message); got ${shownValue(lat)}. Set it, or leave it out for 0`)
    }
    const ko = d.kernelOverheadMs ?? 0
    if (typeof ko !== 'number' || !Number.isFinite(ko) || ko < 0) {
      bad(`${where}: "kernelOverheadMs" must be a number ≥ 0 (milliseconds per node launched); got ${shownValue(ko)}. Set it, or leave it out for 0`)
    }
    return { name, gflops, memoryBytes, bandwidthMbps, latencyMs: lat, kernelOverheadMs: ko }
  })
  const router = raw.router ?? { broadcast: false }
  if (!isObject(router) || (router.broadcast !== undefined && typeof router.broadcast !== 'boolean') ||
    (router.cutThrough !== undefined && typeof router.cutThrough !== 'boolean')) {
    bad(`"router" is ${shownValue(router)}; give an object { "broadcast": true | false, "cutThrough": true | false }, or leave it out (no broadcast)`)
  }
  const network = raw.network ?? 'star'
  if (network !== 'star' && network !== 'shared') {
    bad(`"network" is ${shownValue(network)}; use "star" (a full-duplex link per device: switched Ethernet) or ` +
      '"shared" (one medium every transfer takes airtime on: one Wi-Fi channel)')
  }
  if (network === 'shared' && router.cutThrough === true) {
    bad('"router.cutThrough" needs separate links: on one shared medium the router must receive a frame before it ' +
      'sends it again. Set "cutThrough": false, or "network": "star"')
  }
  const source = raw.source ?? devices[0].name
  if (typeof source !== 'string' || !names.has(source)) {
    bad(`the source ${JSON.stringify(source)} is not a device of the cluster; set "source" to one of: ` +
      listSample(devices.map((d) => quoteName(d.name))))
  }
  return { devices, router: { broadcast: router.broadcast === true, cutThrough: router.cutThrough === true }, network, source }
}

/** Index of the source device. */
export function sourceIndex(cluster: Cluster): number {
  return cluster.devices.findIndex((d) => d.name === cluster.source)
}

/**
 * Splits `total` whole units in proportion to `weights` by largest remainder (Hamilton): floor of each exact
 * quota, then one more unit to the largest remainders, ties to the earlier device. Sums to `total` exactly.
 */
export function largestRemainder(total: number, weights: readonly number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0)
  const quota = weights.map((w) => (sum > 0 ? (total * w) / sum : total / weights.length))
  const shares = quota.map((q) => Math.floor(q))
  let left = total - shares.reduce((a, b) => a + b, 0)
  const byRemainder = quota.map((q, i) => i).sort((a, b) => quota[b] - Math.floor(quota[b]) - (quota[a] - Math.floor(quota[a])) || a - b)
  for (let k = 0; left > 0; k = (k + 1) % byRemainder.length, left--) shares[byRemainder[k]]++
  return shares
}
