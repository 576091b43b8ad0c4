/** Operator counts as horizontal bars, most frequent first; the long tail folds behind a "show all". */
import { useState } from 'react'

const SHOWN = 12

export function OpHistogram({ ops }: { ops: [op: string, count: number][] }) {
  const [all, setAll] = useState(false)
  const max = ops[0]?.[1] ?? 1
  const shown = all ? ops : ops.slice(0, SHOWN)
  return (
    <div className="histogram" data-testid="op-histogram">
      {shown.map(([op, count]) => (
        <div className="histogram-row" key={op}>
          <span className="histogram-op" title={op}>
            {op}
          </span>
          <span className="histogram-bar">
            <span style={{ width: `${(100 * count) / max}%` }} />
          </span>
          <span className="histogram-count">{count}</span>
        </div>
      ))}
      {ops.length > SHOWN && (
        <button type="button" className="link-button" onClick={() => setAll(!all)}>
          {all ? 'Show fewer' : `Show all ${ops.length} operators`}
        </button>
      )}
    </div>
  )
}
