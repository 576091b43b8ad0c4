/**
 * The summary of the open model. Every string from the file (names, producer, warnings) is rendered as a
 * React text node, never as HTML.
 */
import { formatBytes, formatFlops, formatInt, formatMs } from '../format.ts'
import { summarize } from '../model/summary.ts'
import { useStore } from '../store/index.ts'
import { selectHydrated, selectModel } from '../store/selectors.ts'
import { OpHistogram } from '../components/OpHistogram.tsx'
import { TensorTable } from '../components/TensorTable.tsx'
import { SymbolBindings } from './SymbolBindings.tsx'
import { UnknownShapes } from './UnknownShapes.tsx'

function Bytes({ bytes, testId }: { bytes: number; testId?: string }) {
  return (
    <span title={`${formatInt(bytes)} bytes`} data-testid={testId} data-bytes={bytes}>
      {formatBytes(bytes)}
    </span>
  )
}

export function ModelSummary() {
  const model = useStore(selectModel)
  const hydrated = useStore(selectHydrated)
  if (!model) {
    return (
      <div className="summary empty">
        <p className="muted">{hydrated ? 'No model open. Open one above, or drop it here.' : 'Restoring…'}</p>
      </div>
    )
  }
  // a render error for the browser test of the error boundary, compiled only into a test build
  // (VITE_MEMORIA_FAULTS=1; the production bundle has no trace of it, test/e2e/faults.e2e.mjs checks)
  if (import.meta.env.VITE_MEMORIA_FAULTS === '1' && model.fileName.startsWith('memoria-fault-render')) {
    throw new Error(`injected render fault for ${model.fileName} (test build)`)
  }
  const s = summarize(model.graph)
  return (
    <div className="summary" data-testid="model-summary" data-file-name={model.fileName} data-node-count={s.nodeCount}>
      <h2 className="summary-title" data-testid="summary-name" title={model.fileName}>
        {model.fileName}
      </h2>
      <dl className="facts">
        <dt>Graph</dt>
        <dd>{s.name || '(unnamed)'}</dd>
        <dt>Producer</dt>
        <dd>{s.producer || 'unknown'}</dd>
        <dt>Opset</dt>
        <dd>{s.opset.map(([d, v]) => `${d || 'ai.onnx'} ${v}`).join(', ') || 'none'}</dd>
        <dt>Nodes</dt>
        <dd data-testid="summary-node-count">{formatInt(s.nodeCount)}</dd>
        <dt>Weights</dt>
        <dd>
          <Bytes bytes={s.weightBytes} testId="summary-weight-bytes" />
          {s.unknownWeights > 0 && <span className="warn-text"> + {s.unknownWeights} of unknown size</span>}
        </dd>
        <dt>Activations</dt>
        <dd>
          <Bytes bytes={s.activationBytes} testId="summary-activation-bytes" />
          {s.unknownActivations > 0 && <span className="warn-text"> + {s.unknownActivations} of unknown size</span>}{' '}
          <span className="muted">all intermediate tensors</span>
        </dd>
        <dt>Compute</dt>
        <dd>{formatFlops(s.totalFlops)}</dd>
        <dt>File</dt>
        <dd>
          {formatBytes(model.fileBytes)} <span className="muted">read in {formatMs(model.parseMs)}</span>
        </dd>
      </dl>

      <SymbolBindings symbols={s.symbols} fixed={!model.rebindable} />

      <section className="summary-section">
        <h3>Inputs</h3>
        <TensorTable rows={s.inputs} testId="summary-inputs" />
        <h3>Outputs</h3>
        <TensorTable rows={s.outputs} testId="summary-outputs" />
      </section>

      {(s.warnings.length > 0 || s.unknownTensors.length > 0) && (
        <section className="summary-section" data-testid="summary-warnings">
          <h3>Warnings</h3>
          <UnknownShapes key={model.key} tensors={s.unknownTensors} />
          <ul className="warnings">
            {s.warnings.map((w, i) => (
              <li key={i}>{w}</li>
            ))}
          </ul>
        </section>
      )}

      <section className="summary-section">
        <h3>Operators</h3>
        <OpHistogram ops={s.ops} />
      </section>
    </div>
  )
}
