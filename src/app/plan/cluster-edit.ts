/**
 * Pure edits of a cluster (docs/spec.md section 4) for the devices panel, and its JSON import and export.
 * Names stay unique (a copy of "pi" is "pi-2"); the source follows a rename and moves to the first device
 * when its device is removed; the last device cannot be removed (a cluster needs one). Import goes through
 * core's `validateCluster`, so a bad file is refused with core's message and nothing of the current cluster
 * is lost.
 */
import { fail } from '../../core/errors.ts'
import { MAX_DEVICES, validateCluster, type Cluster, type Device } from '../../core/partition/cluster.ts'
import { PRESETS, presetDevice } from './presets.ts'

export const MiB = 2 ** 20

export const DEFAULT_CLUSTER: Cluster = {
  devices: [presetDevice(PRESETS[0], 'pi-a'), presetDevice(PRESETS[0], 'pi-b'), presetDevice(PRESETS[0], 'pi-c')],
  router: { broadcast: true },
  source: 'pi-a',
}

/** `base`, or `base-2`, `base-3`, … — the first name no device has. */
export function uniqueName(cluster: Cluster, base: string): string {
  const taken = new Set(cluster.devices.map((d) => d.name))
  if (!taken.has(base)) return base
  const stem = base.replace(/-\d+$/, '')
  for (let i = 2; ; i++) if (!taken.has(`${stem}-${i}`)) return `${stem}-${i}`
}

/** Whether one more device fits the largest cluster the planner supports (core's MAX_DEVICES). */
export function canAddDevice(cluster: Cluster): boolean {
  return cluster.devices.length < MAX_DEVICES
}

/** The tooltip of a disabled add or duplicate. */
export const CLUSTER_FULL = `The planner supports at most ${MAX_DEVICES} devices; remove one to add another`

export function addDevice(cluster: Cluster, device: Device): Cluster {
  if (!canAddDevice(cluster)) return cluster
  return { ...cluster, devices: [...cluster.devices, { ...device, name: uniqueName(cluster, device.name) }] }
}

export function duplicateDevice(cluster: Cluster, index: number): Cluster {
  if (!canAddDevice(cluster)) return cluster
  const d = cluster.devices[index]
  const copy = { ...d, name: uniqueName(cluster, d.name) }
  const devices = [...cluster.devices]
  devices.splice(index + 1, 0, copy)
  return { ...cluster, devices }
}

export function removeDevice(cluster: Cluster, index: number): Cluster {
  if (cluster.devices.length <= 1) return cluster
  const gone = cluster.devices[index]
  const devices = cluster.devices.filter((_, i) => i !== index)
  return { ...cluster, devices, source: cluster.source === gone.name ? devices[0].name : cluster.source }
}

/** Changes one device; a rename that would collide or be empty is refused (the cluster is returned as is). */
export function updateDevice(cluster: Cluster, index: number, patch: Partial<Device>): Cluster {
  const old = cluster.devices[index]
  if (patch.name !== undefined && patch.name !== old.name) {
    if (patch.name.trim() === '' || cluster.devices.some((d) => d.name === patch.name)) return cluster
  }
  const devices = cluster.devices.map((d, i) => (i === index ? { ...d, ...patch } : d))
  const source = patch.name !== undefined && cluster.source === old.name ? patch.name : cluster.source
  return { ...cluster, devices, source }
}

/** Sets every device's memory to `bytes`. */
export function setAllMemory(cluster: Cluster, bytes: number): Cluster {
  return { ...cluster, devices: cluster.devices.map((d) => ({ ...d, memoryBytes: bytes })) }
}

export function clusterJson(cluster: Cluster): string {
  return `${JSON.stringify(cluster, null, 2)}\n`
}

/** Parses a cluster file; throws core's CLUSTER_INVALID (or a JSON error as CLUSTER_INVALID) on a bad one. */
export function parseCluster(text: string, fileName: string): Cluster {
  let raw: unknown
  try {
    raw = JSON.parse(text)
  } catch (e) {
    return fail('CLUSTER_INVALID', `${fileName} is not JSON (${e instanceof Error ? e.message : String(e)}); choose a cluster file as written by Export cluster (docs/spec.md section 4)`)
  }
  return validateCluster(raw)
}

/** The cluster without the memory limits: what the minimum-memory figures depend on. */
export function memoryFreeKey(cluster: Cluster): string {
  return JSON.stringify({ ...cluster, devices: cluster.devices.map((d) => ({ ...d, memoryBytes: 0 })) })
}
