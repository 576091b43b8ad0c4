// The layout worker through its real client, in a simulated worker (@vitest/web-worker): ELK runs, the
// cache answers a repeated state, and a newer request supersedes an older one. Drafts (comlink-proxied
// callbacks) are checked in the browser (test/e2e/graph.e2e.mjs): the simulated worker does not deliver
// them before the job's reply.
// oxlint-disable-next-line import/no-unassigned-import -- installs the simulated Worker global
import '@vitest/web-worker'
import { afterAll, describe, expect, it } from 'vitest'
import { buildGroupTree } from '../core/view/groups.ts'
import { ELK_MAX_BOXES, layoutRequest } from '../core/view/layout-graph.ts'
import { syntheticTransformer } from '../core/view/synthetic.ts'
import { allGroups, visibleGraph } from '../core/view/visible.ts'
import { LayoutClient } from './layout-client.ts'

const graph = syntheticTransformer({ layers: 4 })
const tree = buildGroupTree(graph)
const top = visibleGraph(graph, tree, new Set())
const all = visibleGraph(graph, tree, allGroups(tree))
const client = new LayoutClient()
afterAll(() => client.dispose())

describe('LayoutClient', () => {
  it('lays out a visible graph with ELK, centres in request order', async () => {
    const r = await client.layout('g|top', layoutRequest(graph, tree, top))
    expect(r.ok).toBe(true)
    if (!r.ok) return
    expect(r.value.engine).toBe('elk')
    expect(r.value.ids).toEqual(top.items.map((i) => i.id))
    expect(r.value.xy).toHaveLength(2 * top.items.length)
    // top to bottom: the first layer group sits above the last
    const y = (id: string) => r.value.xy[2 * r.value.ids.indexOf(id) + 1]
    const layers = tree.groups[0].childGroups.map((g) => `g${g}`)
    expect(y(layers[0])).toBeLessThan(y(layers[layers.length - 1]))
  })

  it('answers a state it laid out before from its cache', async () => {
    const first = await client.layout('g|top', layoutRequest(graph, tree, top))
    const again = client.cached('g|top')
    expect(first.ok && again === first.value).toBe(true)
  })

  it('settles a superseded request as CANCELLED and the newest one with its layout', async () => {
    const older = client.layout('g|all', layoutRequest(graph, tree, all))
    const newer = client.layout('g|all-again', layoutRequest(graph, tree, all))
    const [a, b] = await Promise.all([older, newer])
    expect(a.ok ? 'ok' : a.error.code).toBe('CANCELLED')
    expect(b.ok).toBe(true)
    if (b.ok) expect(b.value.ids).toHaveLength(all.items.length)
  })

  it('uses the fast layered layout alone above ELK_MAX_BOXES', async () => {
    const big = syntheticTransformer({ layers: Math.ceil(ELK_MAX_BOXES / 22) + 2 })
    const t = buildGroupTree(big)
    const v = visibleGraph(big, t, allGroups(t))
    const r = await client.layout('big|all', layoutRequest(big, t, v))
    expect(r.ok && r.value.engine).toBe('layered')
  })
})
