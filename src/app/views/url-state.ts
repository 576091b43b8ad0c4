/**
 * The view in the address bar (issue 11), so a view can be shared or bookmarked:
 *
 *   ?model=resnet50&tab=orders&node=%2Flayer1%2F…%2FConv&algo=btsearch&devices=pi-a:13.8:2048:300:1,…&source=pi-a
 *
 * `model` a sample (samples.ts; a user's own file cannot travel in a URL), `tab` the workspace panel, `node`
 * the graph's selected node (by name), `algo` the Orders run choice, `devices` the cluster (each device
 * `name:gflops:memory MiB:Mbit/s:latency ms`, fields URI-encoded) and `source` its source device; the
 * cluster's other settings (its network model, kernel overheads) are not in the URL and take core's defaults.
 * The page reads it once at start (after the saved session, which it overrides), then keeps it current with
 * `history.replaceState` (no history entry per click). Anything invalid in it is ignored, never fatal.
 */
import { useEffect } from 'react'
import { validateCluster, type Cluster, type Device } from '../../core/partition/cluster.ts'
import { openSample } from '../actions/model.ts'
import { showPanel } from '../actions/session.ts'
import { ALL_ALGOS, type AlgoChoice } from '../orders/orders-types.ts'
import { SAMPLES } from '../samples.ts'
import { useStore, type AppState, type PanelId } from '../store/index.ts'

export interface UrlView {
  model?: string
  tab?: PanelId
  node?: string
  algo?: AlgoChoice
  cluster?: Cluster
}

const TABS: readonly PanelId[] = ['graph', 'orders', 'devices']
const ALGOS: readonly string[] = ['all', 'baselines', ...ALL_ALGOS]
const MiB = 2 ** 20

function deviceText(d: Device): string {
  return [d.name, d.gflops, +(d.memoryBytes / MiB).toFixed(3), d.bandwidthMbps, d.latencyMs].map((x) => encodeURIComponent(String(x))).join(':')
}

function parseDevices(text: string, source: string | null): Cluster | undefined {
  const devices: Device[] = []
  for (const part of text.split(',')) {
    const f = part.split(':').map(decodeURIComponent)
    if (f.length !== 5) return undefined
    const [gflops, mib, mbps, lat] = f.slice(1).map(Number)
    devices.push({ name: f[0], gflops, memoryBytes: Math.round(mib * MiB), bandwidthMbps: mbps, latencyMs: lat })
  }
  try {
    return validateCluster({ devices, router: { broadcast: true }, source: source ?? devices[0]?.name ?? '' })
  } catch {
    return undefined
  }
}

export function parseUrlView(search: string): UrlView {
  const q = new URLSearchParams(search)
  const v: UrlView = {}
  const model = q.get('model')
  if (model !== null && SAMPLES.some((s) => s.name === model)) v.model = model
  const tab = q.get('tab')
  if (tab !== null && (TABS as string[]).includes(tab)) v.tab = tab as PanelId
  const node = q.get('node')
  if (node !== null && node !== '') v.node = node
  const algo = q.get('algo')
  if (algo !== null && ALGOS.includes(algo)) v.algo = algo as AlgoChoice
  const devices = q.get('devices')
  if (devices !== null && devices !== '') {
    const c = parseDevices(devices, q.get('source'))
    if (c !== undefined) v.cluster = { ...c, router: { ...c.router, broadcast: q.get('broadcast') !== '0' } }
  }
  return v
}

export function viewOf(s: AppState): UrlView {
  return {
    model: s.model?.source.kind === 'sample' ? s.model.source.name : undefined,
    tab: s.panel,
    node: s.graphNode ?? undefined,
    algo: s.orderSettings.algo,
    cluster: s.cluster,
  }
}

export function urlSearchOf(v: UrlView): string {
  const q = new URLSearchParams()
  if (v.model !== undefined) q.set('model', v.model)
  if (v.tab !== undefined) q.set('tab', v.tab)
  if (v.node !== undefined) q.set('node', v.node)
  if (v.algo !== undefined) q.set('algo', v.algo)
  if (v.cluster !== undefined) {
    q.set('devices', v.cluster.devices.map(deviceText).join(','))
    q.set('source', v.cluster.source)
    if (!v.cluster.router.broadcast) q.set('broadcast', '0')
  }
  const text = q.toString()
  return text === '' ? '' : `?${text}`
}

/** the URL the page was opened with (read once: the page rewrites it as the view changes) */
const INITIAL: UrlView = typeof location === 'undefined' ? {} : parseUrlView(location.search)

/** The URL's model for the start-up (session.ts opens it instead of the default sample). */
export function urlModel(): string | undefined {
  return INITIAL.model
}

let applied = false

function applyUrl(v: UrlView): void {
  const s = useStore.getState()
  if (v.tab !== undefined) showPanel(v.tab)
  const patch: Partial<AppState> = {}
  if (v.algo !== undefined) patch.orderSettings = { ...s.orderSettings, algo: v.algo }
  // a URL that describes the cluster already open (a reload: the session restored it) keeps that one, which
  // carries what the URL cannot (network model, kernel overheads, exact bytes); replacing it would mark the
  // restored plan as computed for other devices
  if (v.cluster !== undefined && urlSearchOf({ cluster: v.cluster }) !== urlSearchOf({ cluster: s.cluster })) patch.cluster = v.cluster
  if (v.node !== undefined) patch.graphNode = v.node
  useStore.setState(patch)
  const shown = s.model?.source.kind === 'sample' ? s.model.source.name : null
  // no model yet: the start-up opens the URL's (session.ts); a restored other one is replaced
  if (v.model !== undefined && s.model !== null && v.model !== shown && s.loading === null) void openSample(v.model)
}

/** Reads the URL once the saved session is restored, then mirrors the view into it. */
export function useUrlState(): void {
  useEffect(() => {
    const start = (): void => {
      if (applied) return
      applied = true
      applyUrl(INITIAL)
    }
    if (useStore.getState().hydrated) start()
    let last = ''
    return useStore.subscribe((s) => {
      if (!s.hydrated) return
      start()
      // until the shared link's sample is open, the link keeps naming it
      const view = viewOf(s)
      if (INITIAL.model !== undefined && view.model === undefined && s.loading !== null) view.model = INITIAL.model
      const next = urlSearchOf(view)
      if (next === last || next === location.search) { last = next; return }
      last = next
      history.replaceState(history.state, '', `${location.pathname}${next}${location.hash}`)
    })
  }, [])
}
