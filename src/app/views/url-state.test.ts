import { describe, expect, it } from 'vitest'
import { validateCluster } from '../../core/partition/cluster.ts'
import { parseUrlView, urlSearchOf } from './url-state.ts'

describe('the view in the URL', () => {
  it('round-trips sample, tab, node, algorithm and devices', () => {
    const cluster = {
      devices: [
        { name: 'pi a', gflops: 13.82, memoryBytes: 512 * 2 ** 20, bandwidthMbps: 300, latencyMs: 1 },
        { name: 'orin:1', gflops: 256, memoryBytes: 1.5 * 2 ** 30, bandwidthMbps: 940, latencyMs: 0.5 },
      ],
      router: { broadcast: false },
      source: 'orin:1',
    }
    const search = urlSearchOf({ model: 'resnet50', tab: 'devices', node: '/layer1/layer1.0/conv1/Conv', algo: 'btsearch', cluster })
    const back = parseUrlView(search)
    // the devices come back as core's cluster check completes them (its defaults for what the URL leaves out)
    expect(back).toEqual({ model: 'resnet50', tab: 'devices', node: '/layer1/layer1.0/conv1/Conv', algo: 'btsearch', cluster: validateCluster(cluster) })
  })

  it('ignores what it does not know: an unknown sample, tab or algorithm, a malformed or invalid device list', () => {
    expect(parseUrlView('?model=../etc/passwd&tab=nope&algo=quantum&devices=a:1:2')).toEqual({})
    // a device with no memory fails core's cluster check: the whole list is ignored
    expect(parseUrlView('?devices=a:10:0:300:1').cluster).toBeUndefined()
    expect(parseUrlView('')).toEqual({})
  })
})
