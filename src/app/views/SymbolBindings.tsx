/**
 * One field per symbolic dimension (seq, …) with the value in use; applying re-infers every shape in the
 * parse worker. A symbol nobody bound is 1, and the summary says it was assumed.
 */
import { useState, type FormEvent } from 'react'
import { rebind } from '../actions/model.ts'
import type { ModelSummary } from '../model/summary.ts'
import { nameTable, own } from '../../core/names.ts'

type Symbols = ModelSummary['symbols']

/** `fixed`: the model is a memoria-graph JSON, whose shapes are computed already (rebind from the ONNX). */
export function SymbolBindings({ symbols, fixed }: { symbols: Symbols; fixed: boolean }) {
  if (symbols.length === 0) return null
  // keyed by the values in use, so the fields reset when the model or its bindings change
  const key = symbols.map((s) => `${s.name}=${s.value}`).join('&')
  return <BindingsForm key={key} symbols={symbols} fixed={fixed} />
}

function BindingsForm({ symbols, fixed }: { symbols: Symbols; fixed: boolean }) {
  // symbol names come from the model (`toString`, `__proto__`): prototype-free tables, own-key lookups
  const [values, setValues] = useState(() => nameTable(symbols.map((s) => [s.name, String(s.value)])))
  const parsed = nameTable(Object.entries(values).map(([k, v]) => [k, Number(v)]))
  const valid = Object.values(parsed).every((v) => Number.isInteger(v) && v >= 1)
  const changed = symbols.some((s) => own(parsed, s.name) !== s.value)
  const submit = (e: FormEvent) => {
    e.preventDefault()
    if (valid && changed) void rebind(parsed)
  }
  return (
    <form className="summary-section symbols" data-testid="symbols" onSubmit={submit}>
      <h3>Symbolic dimensions</h3>
      {symbols.map((s) => (
        <label key={s.name} className="symbol-row">
          <span className="mono symbol-name">{s.name}</span>
          <input
            type="number"
            min={1}
            step={1}
            inputMode="numeric"
            data-testid={`symbol-${s.name}`}
            value={own(values, s.name)}
            disabled={fixed}
            onChange={(e) => setValues(nameTable([...Object.entries(values), [s.name, e.target.value]]))}
          />
          {s.assumed && <span className="badge" title="No binding given: an unbound symbol is 1">assumed</span>}
        </label>
      ))}
      {fixed ? (
        <p className="muted">
          This memoria-graph carries its shapes computed with these values; to change them, open the ONNX model.
        </p>
      ) : (
        <button type="submit" className="button small" data-testid="apply-symbols" disabled={!valid || !changed}>
          Apply
        </button>
      )}
    </form>
  )
}
