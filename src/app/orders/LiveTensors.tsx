/**
 * The tensors live at one step, largest first, beside the chart. Hovering (or focusing) a row shows that
 * buffer's lifetime on the chart as a band, and says from which node to which node it lives.
 */
import type { MemoriaGraph } from '../../core/graph/types.ts'
import { formatBytes, formatInt } from '../format.ts'
import { nodeAt, type Curve, type LiveTensor } from './curves.ts'
import type { Lifetime } from './MemoryChart.tsx'
import { shortName } from './order-facts.ts'

interface Props {
  graph: MemoriaGraph
  curve: Curve
  step: number
  live: LiveTensor[]
  /** where the step comes from: the mouse over the chart, or the playback cursor */
  source: 'hover' | 'cursor'
  onLifetime: (l: Lifetime | null) => void
}

const SHOWN = 40

function lifetimeOf(graph: MemoriaGraph, curve: Curve, t: LiveTensor): Lifetime {
  const from = nodeAt(graph, curve, t.fromStep) ?? 'the graph inputs'
  const to = t.toStep >= curve.ids.length ? 'the end (graph output)' : (nodeAt(graph, curve, t.toStep) ?? 'step 0')
  return {
    fromStep: t.fromStep, toStep: t.toStep, label: `${shortName(t.name, 32)} · steps ${t.fromStep}–${t.toStep}`,
    title: `${t.name} lives from step ${t.fromStep} (${from}) to step ${t.toStep} (${to})`,
  }
}

export function LiveTensors({ graph, curve, step, live, source, onLifetime }: Props) {
  const node = nodeAt(graph, curve, step)
  const total = live.reduce((a, t) => a + t.bytes, 0)
  return (
    <section className="live-tensors" data-testid="live-tensors" data-step={step} aria-label="Live tensors">
      <h4>
        Step {formatInt(step)}{source === 'hover' ? '' : ' (cursor)'}:{' '}
        <span className="mono" title={node ?? undefined}>{node ?? 'graph inputs'}</span>
      </h4>
      <p className="muted small">
        {formatInt(live.length)} live buffer{live.length === 1 ? '' : 's'}, {formatBytes(total)} · hover one to see its lifetime
      </p>
      <ol className="live-list" onMouseLeave={() => onLifetime(null)}>
        {live.slice(0, SHOWN).map((t) => {
          const life = lifetimeOf(graph, curve, t)
          return (
            <li key={t.name} tabIndex={0} data-testid="live-tensor" title={life.title}
              onMouseEnter={() => onLifetime(life)} onFocus={() => onLifetime(life)} onBlur={() => onLifetime(null)}>
              <span className="mono ellipsis">{shortName(t.name, 36)}</span>
              <span className="num">{formatBytes(t.bytes)}</span>
              <span className="muted small">
                {t.fromStep}–{t.toStep}
                {t.shared.length > 0 ? ` · shared by ${t.shared.length}` : ''}
              </span>
            </li>
          )
        })}
      </ol>
      {live.length > SHOWN && <p className="muted small">… and {formatInt(live.length - SHOWN)} smaller</p>}
    </section>
  )
}
