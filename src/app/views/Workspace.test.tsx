// @vitest-environment jsdom
/** Tab switches in a DOM (jsdom): the active panel changes, the mounted panels are not rendered again. */
import { act, Profiler } from 'react'
import { createRoot, type Root } from 'react-dom/client'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'

// a panel's renders, counted by React's Profiler (its onRender runs once per commit that rendered the panel)
const renders: Record<string, number> = { graph: 0, orders: 0, devices: 0 }
vi.mock('./panels.tsx', () => ({
  PANELS: (['graph', 'orders', 'devices'] as const).map((id) => ({
    id, title: id, render: () => <Profiler id={id} onRender={() => { renders[id]++ }}><p>{id}</p></Profiler>,
  })),
}))

const { Workspace } = await import('./Workspace.tsx')
const { showPanel } = await import('../actions/session.ts')

;(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true

let root: Root
let host: HTMLElement
beforeEach(() => {
  for (const k of Object.keys(renders)) renders[k] = 0
  host = document.createElement('div')
  root = createRoot(host)
})
afterEach(() => act(() => root.unmount()))

describe('Workspace', () => {
  it('mounts a panel when first shown, keeps it, and does not render it again on tab switches', () => {
    act(() => showPanel('graph'))
    act(() => root.render(<Workspace />))
    expect(renders).toEqual({ graph: 1, orders: 0, devices: 0 })
    act(() => showPanel('orders'))
    act(() => showPanel('devices'))
    expect(renders).toEqual({ graph: 1, orders: 1, devices: 1 })
    for (let i = 0; i < 10; i++) act(() => showPanel((['graph', 'orders', 'devices'] as const)[i % 3]))
    // ten switches later every panel has still rendered once; only `hidden` moved
    expect(renders).toEqual({ graph: 1, orders: 1, devices: 1 })
    const shown = [...host.querySelectorAll('[role="tabpanel"]')].filter((p) => !(p as HTMLElement).hidden).map((p) => p.getAttribute('data-panel'))
    expect(shown).toEqual(['graph'])
  })
})
