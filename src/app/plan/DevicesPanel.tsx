/**
 * The devices of the cluster (docs/spec.md section 4): add (a preset or a copy of the Raspberry Pi 4 preset),
 * duplicate, remove, edit; the router's broadcast; import and export as JSON. A bad file is refused with
 * the banner and the cluster stays as it was.
 */
import { useRef } from 'react'
import { useStore } from '../store/index.ts'
import { addDevice, canAddDevice, CLUSTER_FULL } from './cluster-edit.ts'
import { DeviceRow } from './DeviceRow.tsx'
import { deviceColour } from './plan-colours.ts'
import { editCluster, exportCluster, importCluster, modelKeyOf, resultsKey } from './plan-actions.ts'
import { selectGraph } from '../store/selectors.ts'
import { selectCluster, selectPlanResults } from './plan-slice.ts'
import { NETWORK_MODELS, type NetworkModel } from '../../core/partition/cluster.ts'
import { PRESETS, presetDevice } from './presets.ts'

export function DevicesPanel() {
  const cluster = useStore(selectCluster)
  const results = useStore(selectPlanResults)
  const fileRef = useRef<HTMLInputElement | null>(null)
  const graph = useStore(selectGraph)
  // the peaks of the shown plan, only if it was made for the open model (not the last model's, nor a
  // plan saved for another model before a reload)
  const own = graph !== null && results?.modelKey === modelKeyOf(graph)
  const shownResult = own ? results?.results[results.selected] ?? null : null
  const shown = shownResult?.detail.plan ?? null
  const memoryModel = useStore((s) => s.memoryModel)
  // computed for an earlier cluster (a limit was just changed): greyed and marked until the new plan lands
  const stale = graph !== null && shownResult !== null && shownResult.key !== resultsKey(graph, memoryModel, cluster)
  const addPreset = (id: string) => {
    const p = PRESETS.find((x) => x.id === id)
    if (p) editCluster((c) => addDevice(c, presetDevice(p, p.id)))
  }
  const canAdd = canAddDevice(cluster)
  return (
    <section className="plan-devices" aria-label="devices">
      <div className="plan-toolbar">
        <h3>Devices</h3>
        <button type="button" data-testid="add-device" disabled={!canAdd} title={canAdd ? 'add a Raspberry Pi 4' : CLUSTER_FULL} onClick={() => addPreset('rpi4')}>Add device</button>
        <select aria-label="add a preset device" data-testid="add-preset" value="" disabled={!canAdd} title={canAdd ? undefined : CLUSTER_FULL} onChange={(e) => addPreset(e.target.value)}>
          <option value="">Add a preset…</option>
          {PRESETS.map((p) => <option key={p.id} value={p.id}>{p.label}</option>)}
        </select>
        <label className="plan-check">
          <input
            type="checkbox" data-testid="router-broadcast" checked={cluster.router.broadcast}
            onChange={(e) => editCluster((c) => ({ ...c, router: { ...c.router, broadcast: e.target.checked } }))}
          />
          router broadcasts
        </label>
        <label title="star: each device its own full-duplex link (a switch); shared: one Wi-Fi channel, every transfer takes airtime in turn (docs/cost-model.md)">
          network{' '}
          <select
            aria-label="network model" data-testid="network-model" value={cluster.network ?? 'star'}
            onChange={(e) => {
              const network = e.target.value as NetworkModel
              // cut-through needs separate links: a shared medium turns it off
              editCluster((c) => ({ ...c, network, router: { ...c.router, cutThrough: network === 'shared' ? false : c.router.cutThrough === true } }))
            }}
          >
            {NETWORK_MODELS.map((n) => <option key={n} value={n}>{n === 'star' ? 'star (switched links)' : 'shared medium (Wi-Fi)'}</option>)}
          </select>
        </label>
        <label className="plan-check" title="the router forwards a message while it still arrives (star only)">
          <input
            type="checkbox" data-testid="router-cut-through" checked={cluster.router.cutThrough === true}
            disabled={cluster.network === 'shared'}
            onChange={(e) => editCluster((c) => ({ ...c, router: { ...c.router, cutThrough: e.target.checked } }))}
          />
          cut-through
        </label>
        <span className="plan-spacer" />
        <button type="button" data-testid="import-cluster" onClick={() => fileRef.current?.click()}>Import cluster…</button>
        <input
          ref={fileRef} type="file" accept=".json,application/json" hidden data-testid="cluster-file"
          onChange={(e) => {
            const f = e.target.files?.[0]
            e.target.value = ''
            if (f) void importCluster(f)
          }}
        />
        <button type="button" data-testid="export-cluster" onClick={exportCluster}>Export cluster</button>
      </div>
      <table className="plan-table">
        <thead>
          <tr>
            <th>device</th><th>GFLOP/s (effective)</th><th>memory, MiB</th><th>link Mbit/s</th><th>latency ms</th><th title="fixed cost of launching one node on the device">kernel ms</th>
            <th title="where the input arrives and the output must end">source</th><th />
          </tr>
        </thead>
        <tbody>
          {cluster.devices.map((d, j) => (
            <DeviceRow
              key={`${j}:${d.name}`} device={d} index={j} colour={deviceColour(j)} isSource={cluster.source === d.name}
              canRemove={cluster.devices.length > 1} canDuplicate={canAdd}
              peakBytes={shown?.devices.find((x) => x.name === d.name)?.peakBytes ?? null}
              weightBytes={shown?.devices.find((x) => x.name === d.name)?.weightBytes ?? null}
              stale={stale}
            />
          ))}
        </tbody>
      </table>
    </section>
  )
}
