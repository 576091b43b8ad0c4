/**
 * Tensors whose size is not known (an operator the planner does not know, a size that depends on data): they
 * are never counted as zero, and the user can give their shape here (`1x3x224x224`); shape inference then
 * runs again from them, so giving the first unknown tensor of a chain usually resolves the rest.
 */
import { useState, type FormEvent } from 'react'
import { rebind } from '../actions/model.ts'
import { nameTable, own } from '../../core/names.ts'

const SHOWN = 8

/** `1x3x224x224`, `1, 3, 224, 224` or `[1,3,224,224]` → dims; null when not a list of sizes ≥ 0 */
export function parseShape(text: string): number[] | null {
  const parts = text.replace(/[[\]\s]/g, '').split(/[x×,]/i).filter((p) => p !== '')
  if (parts.length === 0 && text.trim() !== '[]') return null
  const dims = parts.map(Number)
  return dims.every((d) => Number.isInteger(d) && d >= 0) ? dims : null
}

/** a field with text that is no shape (tensor names such as `constructor` are looked up as own keys only) */
function invalid(text: string | undefined): boolean {
  return text !== undefined && text.trim() !== '' && parseShape(text) === null
}

export function UnknownShapes({ tensors }: { tensors: string[] }) {
  const [values, setValues] = useState<Record<string, string>>(() => nameTable())
  if (tensors.length === 0) return null
  const shown = tensors.slice(0, SHOWN)
  const entered = Object.entries(values).filter(([name, v]) => v.trim() !== '' && shown.includes(name))
  const parsed = entered.map(([name, v]) => [name, parseShape(v)] as const)
  const valid = parsed.length > 0 && parsed.every(([, d]) => d !== null)
  const submit = (e: FormEvent) => {
    e.preventDefault()
    if (valid) void rebind({}, nameTable(parsed as (readonly [string, number[]])[]))
  }
  return (
    <form className="unknown-shapes" data-testid="unknown-shapes" onSubmit={submit}>
      <p>
        {tensors.length} tensor{tensors.length > 1 ? 's have' : ' has'} an unknown size, never counted as zero. Give
        a shape to count {tensors.length > 1 ? 'them' : 'it'}:
      </p>
      {shown.map((name) => (
        <label key={name} className="shape-row">
          <span className="mono tensor-name" title={name}>
            {name}
          </span>
          <input
            type="text"
            placeholder="e.g. 1x64x56x56"
            spellCheck={false}
            data-testid="shape-input"
            data-tensor={name}
            value={own(values, name) ?? ''}
            onChange={(e) => setValues(nameTable([...Object.entries(values), [name, e.target.value]]))}
            aria-invalid={invalid(own(values, name))}
          />
        </label>
      ))}
      {tensors.length > SHOWN && <p className="muted">and {tensors.length - SHOWN} more</p>}
      <button type="submit" className="button small" data-testid="apply-shapes" disabled={!valid}>
        Apply shapes
      </button>
    </form>
  )
}
