import { describe, expect, it } from 'vitest'
import { MemoriaError } from '../../core/errors.ts'
import { MAX_DEVICES, validateCluster } from '../../core/partition/cluster.ts'
import { addDevice, canAddDevice, clusterJson, DEFAULT_CLUSTER, duplicateDevice, memoryFreeKey, parseCluster, removeDevice, setAllMemory, uniqueName, updateDevice } from './cluster-edit.ts'
import { PRESETS, presetDevice } from './presets.ts'

describe('cluster edits', () => {
  it('the default cluster and every preset are valid clusters', () => {
    expect(validateCluster(DEFAULT_CLUSTER)).toEqual(DEFAULT_CLUSTER)
    const all = PRESETS.reduce((c, p) => addDevice(c, presetDevice(p, p.id)), DEFAULT_CLUSTER)
    expect(validateCluster(all).devices).toHaveLength(3 + PRESETS.length)
  })
  it('keeps names unique when adding and duplicating', () => {
    expect(uniqueName(DEFAULT_CLUSTER, 'pi-a')).toBe('pi-a-2')
    expect(uniqueName(DEFAULT_CLUSTER, 'jetson')).toBe('jetson')
    const c = duplicateDevice(duplicateDevice(DEFAULT_CLUSTER, 0), 0)
    expect(c.devices.map((d) => d.name)).toEqual(['pi-a', 'pi-a-3', 'pi-a-2', 'pi-b', 'pi-c'])
    expect(new Set(c.devices.map((d) => d.name)).size).toBe(c.devices.length)
  })
  it(`stops adding and duplicating at ${MAX_DEVICES} devices, the largest cluster the planner supports`, () => {
    let c = DEFAULT_CLUSTER
    for (let i = 0; i < 80; i++) c = i % 2 ? addDevice(c, presetDevice(PRESETS[0], 'pi')) : duplicateDevice(c, 0)
    expect(c.devices).toHaveLength(MAX_DEVICES)
    expect(canAddDevice(c)).toBe(false)
    expect(validateCluster(c).devices).toHaveLength(MAX_DEVICES)
    expect(addDevice(c, presetDevice(PRESETS[0], 'pi'))).toBe(c)
    expect(canAddDevice(removeDevice(c, 0))).toBe(true)
  })
  it('moves the source when its device goes, follows a rename, refuses a clash and the last removal', () => {
    const c = removeDevice(DEFAULT_CLUSTER, 0)
    expect(c.source).toBe('pi-b')
    const r = updateDevice(DEFAULT_CLUSTER, 0, { name: 'cam' })
    expect(r.source).toBe('cam')
    expect(updateDevice(DEFAULT_CLUSTER, 0, { name: 'pi-b' })).toBe(DEFAULT_CLUSTER)
    expect(updateDevice(DEFAULT_CLUSTER, 0, { name: ' ' })).toBe(DEFAULT_CLUSTER)
    const one = removeDevice(removeDevice(DEFAULT_CLUSTER, 0), 0)
    expect(removeDevice(one, 0)).toBe(one)
  })
  it('round-trips through JSON and refuses a bad file with CLUSTER_INVALID', () => {
    expect(parseCluster(clusterJson(DEFAULT_CLUSTER), 'c.json')).toEqual(DEFAULT_CLUSTER)
    for (const bad of ['{ nope', '[]', '{"devices":[]}', '{"devices":[{"name":"a","gflops":1,"memoryBytes":0,"bandwidthMbps":1}]}']) {
      try {
        parseCluster(bad, 'bad.json')
        expect.unreachable()
      } catch (e) {
        expect(e).toBeInstanceOf(MemoriaError)
        expect((e as MemoriaError).code).toBe('CLUSTER_INVALID')
      }
    }
  })
  it('the minimum-memory key ignores the limits only', () => {
    expect(memoryFreeKey(setAllMemory(DEFAULT_CLUSTER, 1 << 20))).toBe(memoryFreeKey(DEFAULT_CLUSTER))
    expect(memoryFreeKey(updateDevice(DEFAULT_CLUSTER, 0, { gflops: 1 }))).not.toBe(memoryFreeKey(DEFAULT_CLUSTER))
  })
})
