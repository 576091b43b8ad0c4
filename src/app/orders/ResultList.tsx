/**
 * One row per order computed for the open graph and memory model: peak, reduction against random's mean,
 * time, proven optimal or not, and the node that forces the peak where the bound proves it. A row selects
 * the order for the chart and playback; its checkbox puts it in the comparison.
 */
import type { MemoriaGraph } from '../../core/graph/types.ts'
import { formatBytes, formatInt, formatMs } from '../format.ts'
import { useStore } from '../store/index.ts'
import { selectOrder, toggleCompare } from './orders-actions.ts'
import {
  boundLabel, boundReason, entryTitle, formatReduction, plural, randomMeanBytes, randomPeakText, reductionOf, tieNote,
} from './order-facts.ts'
import type { OrderEntry } from './orders-types.ts'

interface Props {
  graph: MemoriaGraph
  entries: OrderEntry[]
  selectedId: string | null
  compareIds: string[]
  colorOf: (id: string) => string
}

function Status({ e }: { e: OrderEntry }) {
  if (e.stopped) return <span className="badge warn" title="Stopped by the user: the best order found until then">stopped</span>
  if (e.optimal) return <span className="badge ok" title="No order has a smaller peak">proven optimal</span>
  if (e.algo === 'btsearch') return <span className="badge" title="The search ran out of time or states">best found</span>
  return null
}

function Row({ e, graph, mean, selected, compared, color, hideBound, stale }: {
  e: OrderEntry; graph: MemoriaGraph; mean: number | null; selected: boolean; compared: boolean; color: string
  hideBound: boolean
  /** the running run recomputes this entry: its figures are greyed until the new one lands */
  stale: boolean
}) {
  const reduction = e.algo === 'random' ? null : reductionOf(e.peakBytes, mean)
  const reason = hideBound ? null : boundReason(e, graph)
  const bound = boundLabel(e)
  const randomText = randomPeakText(e)
  return (
    <li
      className={`result${selected ? ' selected' : ''}${stale ? ' is-stale' : ''}`}
      data-stale={String(stale)}
      data-testid="schedule-result"
      data-algo={e.algo}
      data-peak-bytes={e.peakBytes}
      data-optimal={e.optimal}
      data-stopped={e.stopped}
      aria-current={selected}
    >
      <div className="result-head">
        <label className="result-compare" title="Compare this order">
          <input type="checkbox" checked={compared} onChange={() => toggleCompare(e.id)}
            data-testid="compare-toggle" aria-label={`compare ${entryTitle(e)}`} />
          <span className="swatch" style={{ background: color }} />
        </label>
        <button type="button" className="result-title link" onClick={() => selectOrder(e.id)} data-testid="select-order">
          {entryTitle(e)}
        </button>
        <Status e={e} />
        {stale && <span className="updating" data-testid="result-updating">updating…</span>}
      </div>
      <dl className="result-figures">
        <dt>{e.algo === 'random' ? 'mean peak' : 'peak'}</dt>
        <dd className="num" title={`${formatInt(e.peakBytes)} bytes`} data-testid="result-peak">
          {formatBytes(e.peakBytes)}
          {e.algo === 'random' && e.samples !== undefined && <span className="muted"> over {plural(e.samples, 'order')}</span>}
        </dd>
        <dt>vs random</dt>
        <dd className="num" data-testid="reduction">{e.algo === 'random' ? 'reference' : formatReduction(reduction)}</dd>
        <dt>time</dt>
        <dd className="num">
          {formatMs(e.elapsedMs)}
          {e.states === null ? '' : e.states === 0 && e.optimal
            // proven before any search: the first order met the lower bound ("0 states" read as if nothing ran)
            ? <span title="The first complete order already met the lower bound, so no search was needed"> · bound met at once</span>
            : ` · ${plural(e.states, 'state')} searched`}
        </dd>
        <dt title={bound.title}>{bound.label}</dt>
        <dd className="num" title={`${formatInt(e.lowerBoundBytes)} bytes. ${bound.title}`} data-testid="result-bound"
          data-bound-kind={e.algo === 'btsearch' ? 'proven' : 'static'}>{formatBytes(e.lowerBoundBytes)}</dd>
      </dl>
      {randomText && e.stats && (
        <p className="muted small" data-testid="random-peaks">
          {randomText.mean}; {randomText.shown} (min {formatBytes(e.stats.min)} · max {formatBytes(e.stats.max)})
        </p>
      )}
      {reason && <p className="result-bound small" data-testid="bound-reason">{reason}</p>}
      {e.warnings.length > 0 && <p className="muted small">{e.warnings.join(' ')}</p>}
    </li>
  )
}

export function ResultList({ graph, entries, selectedId, compareIds, colorOf }: Props) {
  const run = useStore((s) => s.orderRun)
  const isStale = (e: OrderEntry): boolean => run.status === 'running' && run.algos.includes(e.algo) && e.finishedAt < run.startedAt
  if (entries.length === 0) {
    return <p className="muted" data-testid="no-results">No orders yet: choose algorithms and press Run.</p>
  }
  const mean = randomMeanBytes(entries)
  const tie = tieNote(entries, graph)
  return (
    <div className="result-list">
      {tie && <p className="tie-note" data-testid="tie-note">{tie.text}</p>}
      <ol className="results">
        {entries.map((e) => (
          <Row key={e.id} e={e} graph={graph} mean={mean} selected={e.id === selectedId}
            compared={compareIds.includes(e.id)} color={colorOf(e.id)} hideBound={tie !== null} stale={isStale(e)} />
        ))}
      </ol>
    </div>
  )
}
