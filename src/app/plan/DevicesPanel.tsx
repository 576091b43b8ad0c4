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
import { editCluster, exportCluster, importCluster, modelKeyOf } from './plan-actions.ts'
import { selectGraph } from '../store/selectors.ts'
import { selectCluster, selectPlanResults } from './plan-slice.ts'
import { PRESETS, presetDevice } from './presets.ts'

export function DevicesPanel() {
  const cluster = useStore(selectCluster)
  const results = useStore(selectPlanResults)
  const fileRef = useRef<HTMLInputElement | null>(null)
  const graph = useStore(selectGraph)
  // the peaks of the shown plan, only if it was made for the open model (not the last model's, nor a
  // plan saved for another model before a reload)
  const own = graph !== null && results?.modelKey === modelKeyOf(graph)
  const shown = own ? results?.results[results.selected]?.detail.plan ?? null : null
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
            onChange={(e) => editCluster((c) => ({ ...c, router: { broadcast: e.target.checked } }))}
          />
          router broadcasts
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
            <th>device</th><th>GFLOP/s (effective)</th><th>memory, MiB</th><th>link Mbit/s</th><th>latency ms</th>
            <th title="where the input arrives and the output must end">source</th><th />
          </tr>
        </thead>
        <tbody>
          {cluster.devices.map((d, j) => (
            <DeviceRow
              key={`${j}:${d.name}`} device={d} index={j} colour={deviceColour(j)} isSource={cluster.source === d.name}
              canRemove={cluster.devices.length > 1} canDuplicate={canAdd}
              peakBytes={shown?.devices.find((x) => x.name === d.name)?.peakBytes ?? null}
            />
          ))}
        </tbody>
      </table>
    </section>
  )
}
