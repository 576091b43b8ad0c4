/**
 * A number field that applies its value on Enter or when it loses focus (never on every keystroke, so a
 * half-typed "0." does not re-plan). A value that is not a number, or not above `min` when `exclusiveMin`,
 * is refused: the field is marked invalid and the applied value stays.
 */
import { useState, type KeyboardEvent } from 'react'

export interface NumberFieldProps {
  value: number
  onCommit: (value: number) => void
  label: string
  min?: number
  exclusiveMin?: boolean
  step?: number | 'any'
  testId?: string
  className?: string
}

const show = (x: number): string => String(Math.round(x * 1000) / 1000)

export function NumberField({ value, onCommit, label, min = 0, exclusiveMin = false, step = 'any', testId, className }: NumberFieldProps) {
  const [text, setText] = useState(show(value))
  const [shown, setShown] = useState(value)
  // the applied value changed elsewhere (slider, import, reload): show it (state adjusted during render)
  if (shown !== value) {
    setShown(value)
    setText(show(value))
  }
  const parsed = Number(text)
  const valid = text.trim() !== '' && Number.isFinite(parsed) && (exclusiveMin ? parsed > min : parsed >= min)
  const commit = () => {
    if (valid && parsed !== value) onCommit(parsed)
    else if (!valid) setText(show(value))
  }
  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'Enter') commit()
    if (e.key === 'Escape') setText(show(value))
  }
  return (
    <input
      type="number"
      className={className ?? 'plan-num'}
      aria-label={label}
      title={label}
      aria-invalid={!valid}
      data-testid={testId}
      value={text}
      min={min}
      step={step}
      onChange={(e) => setText(e.target.value)}
      onKeyDown={onKeyDown}
      onBlur={commit}
    />
  )
}
