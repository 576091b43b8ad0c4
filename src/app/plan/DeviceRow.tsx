/**
 * One device of the cluster (`device-row`): name, compute rate, memory (a log-scale slider and a MiB field,
 * `memory-limit`), link bandwidth and latency, whether it is the source, and duplicate / remove.
 * Every change goes through `editCluster`, which re-plans (debounced) when a plan is shown.
 */
import { useState } from 'react'
import type { Device } from '../../core/partition/cluster.ts'
import { formatBytes } from '../format.ts'
import { CLUSTER_FULL, duplicateDevice, MiB, removeDevice, updateDevice } from './cluster-edit.ts'
import { NumberField } from './NumberField.tsx'
import { editCluster } from './plan-actions.ts'

/** slider positions: log2 of MiB, 1 MiB … 16 GiB */
const SLIDER_MAX = 14

export interface DeviceRowProps {
  device: Device
  index: number
  colour: string
  isSource: boolean
  canRemove: boolean
  /** false at the largest cluster supported */
  canDuplicate?: boolean
  /** the device's peak in the shown plan, if any */
  peakBytes: number | null
}

export function DeviceRow({ device, index, colour, isSource, canRemove, canDuplicate = true, peakBytes }: DeviceRowProps) {
  const [name, setName] = useState(device.name)
  const [shownName, setShownName] = useState(device.name)
  if (shownName !== device.name) {
    setShownName(device.name)
    setName(device.name)
  }
  const set = (patch: Partial<Device>) => editCluster((c) => updateDevice(c, index, patch))
  const commitName = () => {
    const n = name.trim()
    if (n !== device.name) set({ name: n })
    setName(device.name)
  }
  const mib = device.memoryBytes / MiB
  const over = peakBytes !== null && peakBytes > device.memoryBytes
  return (
    <tr data-testid="device-row" data-device={device.name} className={over ? 'plan-over' : undefined}>
      <td className="plan-device-name">
        <span className="plan-swatch" style={{ background: colour }} aria-hidden="true" />
        <input
          className="plan-name" aria-label="device name" value={name}
          onChange={(e) => setName(e.target.value)} onBlur={commitName}
          onKeyDown={(e) => { if (e.key === 'Enter') commitName() }}
        />
      </td>
      <td><NumberField label="compute rate, GFLOP/s" value={device.gflops} exclusiveMin onCommit={(v) => set({ gflops: v })} /></td>
      <td className="plan-mem">
        <input
          type="range" aria-label="memory (log scale)" min={0} max={SLIDER_MAX} step={0.01}
          value={Math.min(SLIDER_MAX, Math.max(0, Math.log2(Math.max(1, mib))))}
          onChange={(e) => set({ memoryBytes: Math.max(1, Math.round(2 ** Number(e.target.value))) * MiB })}
          data-testid="memory-slider"
        />
        <NumberField
          label="memory, MiB" testId="memory-limit" value={mib} exclusiveMin step={1}
          onCommit={(v) => set({ memoryBytes: Math.round(v * MiB) })}
        />
        {peakBytes !== null && (
          <span className={over ? 'plan-bad' : 'plan-muted'} title={`peak ${peakBytes.toLocaleString('en-US')} B in the shown plan`}>
            {over ? `needs ${formatBytes(peakBytes)}` : `uses ${formatBytes(peakBytes)}`}
          </span>
        )}
      </td>
      <td><NumberField label="link bandwidth, Mbit/s" value={device.bandwidthMbps} exclusiveMin onCommit={(v) => set({ bandwidthMbps: v })} /></td>
      <td><NumberField label="link latency, ms" value={device.latencyMs} onCommit={(v) => set({ latencyMs: v })} /></td>
      <td>
        <input
          type="radio" name="plan-source" aria-label={`${device.name} is the source`} checked={isSource}
          onChange={() => editCluster((c) => ({ ...c, source: device.name }))}
        />
      </td>
      <td className="plan-actions">
        <button type="button" title={canDuplicate ? 'duplicate this device' : CLUSTER_FULL} disabled={!canDuplicate} onClick={() => editCluster((c) => duplicateDevice(c, index))}>Duplicate</button>
        <button type="button" title="remove this device" disabled={!canRemove} onClick={() => editCluster((c) => removeDevice(c, index))}>Remove</button>
      </td>
    </tr>
  )
}
