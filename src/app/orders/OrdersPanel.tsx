/**
 * The "Orders & memory" panel: the Run control, the orders computed for the open graph under the current
 * memory model, the selected order's chart with playback and exports, and the comparison of the ticked
 * orders. Changing the memory model or the symbol bindings (a new graph) reruns the algorithms of the last
 * run, so every figure shown belongs to the current settings.
 */
import { modelIdentity } from '../../core/graph/identity.ts'
import { useEffect, useMemo, useRef } from 'react'
// oxlint-disable-next-line import/no-unassigned-import -- the panel's stylesheet, bundled by Vite
import './orders.css'
import type { MemoriaGraph } from '../../core/graph/types.ts'
import { useStore } from '../store/index.ts'
import { selectGraph, selectHydrated, selectMemoryModel } from '../store/selectors.ts'
import { ComparePanel, type Compared } from './ComparePanel.tsx'
import { curveOf } from './curves.ts'
import { ExportBar } from './ExportBar.tsx'
import { clearOrders, graphKey, isOfModel, runSchedules } from './orders-actions.ts'
import { selectOrders, selectOrderSettings, selectOrderView } from './orders-slice.ts'
import { ALL_ALGOS, DEFAULT_SETTINGS, type OrderEntry } from './orders-types.ts'
import { OrderView } from './OrderView.tsx'
import { ResultList } from './ResultList.tsx'
import { RunControls } from './RunControls.tsx'
import { stopPlayback } from './usePlayback.ts'
import { TilingPanel } from './TilingPanel.tsx'

const COLORS: Record<string, string> = {
  btsearch: '#2563eb', file: '#6b7280', bfs: '#0d9488', dfs: '#9333ea', greedy: '#d97706', random: '#dc2626',
}
const colorOf = (e: OrderEntry | undefined): string => (e ? COLORS[e.algo] ?? '#444' : '#444')

/** The entries of `graph` under `memoryModel`, in the fixed algorithm order. */
function entriesFor(orders: OrderEntry[], graph: MemoriaGraph, memoryModel: string): OrderEntry[] {
  const key = graphKey(graph)
  return orders
    .filter((e) => e.modelKey === key && e.memoryModel === memoryModel)
    .sort((a, b) => ALL_ALGOS.indexOf(a.algo) - ALL_ALGOS.indexOf(b.algo))
}

/** Rerun the last run's algorithms when the graph (bindings) or the memory model changed under it. */
function useRecompute(graph: MemoriaGraph | null, memoryModel: string, count: number, lastAlgos: string[]): void {
  const done = useRef<string | null>(null)
  const hydrated = useStore(selectHydrated)
  useEffect(() => {
    if (!graph || !hydrated || count > 0 || lastAlgos.length === 0) return
    const target = `${graphKey(graph)}|${memoryModel}`
    if (done.current === target) return
    const name = modelIdentity(graph)
    const hadOther = useStore.getState().orders.some((e) => isOfModel(e.modelKey, name))
    // a run still going under the old settings is superseded: the worker client's newest request wins
    if (!hadOther) return
    done.current = target
    void runSchedules(lastAlgos as typeof ALL_ALGOS[number][])
  }, [graph, memoryModel, count, lastAlgos, hydrated])
}

export function OrdersPanel() {
  const graph = useStore(selectGraph)
  const memoryModel = useStore(selectMemoryModel)
  const orders = useStore(selectOrders)
  const view = useStore(selectOrderView)
  const notice = useStore((s) => s.orderRun.notice)
  const runError = useStore((s) => s.orderRun.error)
  const rawSettings = useStore(selectOrderSettings)
  const settings = useMemo(() => ({ ...DEFAULT_SETTINGS, ...rawSettings }), [rawSettings])
  const chartRef = useRef<HTMLDivElement | null>(null)

  const entries = useMemo(() => (graph ? entriesFor(orders, graph, memoryModel) : []), [orders, graph, memoryModel])
  useRecompute(graph, memoryModel, entries.length, settings.lastAlgos)
  const selected = entries.find((e) => e.id === view.selectedId) ?? entries.find((e) => e.algo === 'btsearch') ?? entries[0]
  const curve = graph && selected ? curveOf(graph, selected.order, memoryModel) : null
  const compared = useMemo<Compared[]>(() => {
    if (!graph) return []
    const out: Compared[] = []
    for (const id of view.compareIds) {
      const entry = entries.find((e) => e.id === id)
      const c = entry ? curveOf(graph, entry.order, memoryModel) : null
      if (entry && c?.ok) out.push({ entry, curve: c.value, color: colorOf(entry) })
    }
    return out
  }, [graph, entries, view.compareIds, memoryModel])

  useEffect(() => () => stopPlayback(), [])
  useEffect(() => {
    if (!selected) stopPlayback()
  }, [selected])

  if (!graph) return <p className="muted orders-empty">Open a model to plan its execution order.</p>
  const byId = (id: string) => colorOf(entries.find((e) => e.id === id))

  return (
    <div className="orders-panel" data-testid="orders-panel" data-model-key={graphKey(graph)} data-memory-model={memoryModel}>
      <RunControls settings={settings} disabled={false} />
      {notice && <p className="schedule-notice" role="status" data-testid="schedule-notice">{notice}</p>}
      {runError && (
        <p className="warn-text" data-testid="schedule-error" data-code={runError.code}>{runError.message}</p>
      )}
      <div className="orders-body">
        <aside className="orders-results" aria-label="Orders">
          <div className="orders-results-head">
            <h3>Orders <span className="muted small">({memoryModel})</span></h3>
            {entries.length > 0 && (
              <button type="button" className="link-button" onClick={clearOrders} data-testid="clear-orders">clear</button>
            )}
          </div>
          <ResultList graph={graph} entries={entries} selectedId={selected?.id ?? null} compareIds={view.compareIds}
            colorOf={byId} />
          {entries.length >= 2 && compared.length < 2 && (
            <p className="muted small">Tick two or more orders to compare them.</p>
          )}
        </aside>
        <section className="orders-main" aria-label="Memory over program order">
          {selected && curve && !curve.ok && (
            <p className="warn-text" data-testid="curve-error">{curve.error.message}</p>
          )}
          {selected && curve?.ok && (
            <>
              <div ref={chartRef}>
                <OrderView graph={graph} entry={selected} curve={curve.value} model={memoryModel}
                  color={colorOf(selected)} deviceLimitBytes={settings.deviceLimitBytes} />
              </div>
              <ExportBar graph={graph} entry={selected} curve={curve.value} chartRef={chartRef} />
              <TilingPanel graph={graph} memoryModel={memoryModel} curve={curve.value} deviceLimitBytes={settings.deviceLimitBytes} />
            </>
          )}
          {compared.length >= 2 && (
            <ComparePanel graph={graph} items={compared} deviceLimitBytes={settings.deviceLimitBytes} />
          )}
        </section>
      </div>
    </div>
  )
}
