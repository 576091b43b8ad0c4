import { cancelLoad } from '../actions/model.ts'
import { formatBytes } from '../format.ts'
import { useStore } from '../store/index.ts'
import { selectLoading } from '../store/selectors.ts'

const PHASE: Record<string, string> = {
  fetching: 'Fetching',
  reading: 'Reading',
  inferring: 'Inferring shapes of',
  rebinding: 'Re-inferring shapes of',
}

export function LoadProgress() {
  const loading = useStore(selectLoading)
  if (!loading) return null
  const { fileName, phase, bytesRead, totalBytes } = loading
  const determinate = phase === 'reading' && totalBytes > 0
  const percent = determinate ? Math.min(100, Math.round((100 * bytesRead) / totalBytes)) : null
  return (
    <div className="load-progress" data-testid="progress" data-phase={phase}>
      <div className="load-progress-text">
        {PHASE[phase]} <strong>{fileName}</strong>
        {determinate && (
          <span className="muted">
            {' '}
            {formatBytes(bytesRead)} of {formatBytes(totalBytes)}
          </span>
        )}
      </div>
      <div
        className={`bar${percent === null ? ' indeterminate' : ''}`}
        role="progressbar"
        aria-label={`${PHASE[phase]} ${fileName}`}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={percent ?? undefined}
      >
        <div className="bar-fill" style={percent === null ? undefined : { width: `${percent}%` }} />
      </div>
      <button type="button" className="button small" data-testid="cancel-load" onClick={cancelLoad}>
        Cancel
      </button>
    </div>
  )
}
