import { useId, type ChangeEvent } from 'react'
import { openFiles, openSample } from '../actions/model.ts'
import { SAMPLES } from '../samples.ts'
import { useStore } from '../store/index.ts'
import { setTheme, useTheme, type ThemeChoice } from '../theme.ts'
import { selectSampleName } from '../store/selectors.ts'

/** One model, or a model and its external weights files selected together (multi-select). */
function onFile(e: ChangeEvent<HTMLInputElement>) {
  const files = Array.from(e.target.files ?? [])
  e.target.value = '' // choosing the same file again must fire change again
  if (files.length > 0) void openFiles(files)
}

function onSample(e: ChangeEvent<HTMLSelectElement>) {
  if (e.target.value) void openSample(e.target.value)
}

function ThemeSelect() {
  const { choice, theme } = useTheme()
  return (
    <label className="theme-select muted" title="Light or dark; System follows your system setting">
      Theme
      <select data-testid="theme-select" value={choice} onChange={(e) => setTheme(e.target.value as ThemeChoice)}>
        <option value="system">System ({theme})</option>
        <option value="light">Light</option>
        <option value="dark">Dark</option>
      </select>
    </label>
  )
}

export function Header() {
  const sample = useStore(selectSampleName)
  const sampleId = useId()
  return (
    <header className="app-header">
      <div className="brand">
        <span className="brand-mark" aria-hidden="true" />
        <span className="brand-name">MemoriaNova Planner</span>
      </div>
      <div className="open-controls">
        <label className="button primary">
          Open model…
          <input
            data-testid="file-input"
            type="file"
            multiple
            accept=".onnx,.json,application/json,.data,.bin,.weights,.onnx_data"
            className="visually-hidden"
            onChange={onFile}
          />
        </label>
        <label htmlFor={sampleId} className="muted">
          or a sample
        </label>
        <select id={sampleId} data-testid="sample-select" value={sample ?? ''} onChange={onSample}>
          <option value="" disabled>
            Choose a sample…
          </option>
          {SAMPLES.map((s) => (
            <option key={s.name} value={s.name}>
              {s.label}
            </option>
          ))}
        </select>
        <span className="muted hint">or drop an .onnx file anywhere</span>
      </div>
      <ThemeSelect />
    </header>
  )
}
