import { dismissError, dismissNotice } from '../actions/model.ts'
import { useStore } from '../store/index.ts'
import { selectError, selectNotice } from '../store/selectors.ts'

/** The error banner (text only: messages may quote names from the file) and the notice line. */
export function Banners() {
  const error = useStore(selectError)
  const notice = useStore(selectNotice)
  return (
    <>
      {error && (
        <div className="banner error" role="alert" data-testid="error-banner" data-code={error.code}>
          <div>
            {error.context && <span className="context">{error.context} </span>}
            <strong>{error.title}</strong> <span className="detail">{error.detail}</span>
            <span className="code">{error.code}</span>
          </div>
          <button type="button" className="button small ghost" aria-label="Dismiss" onClick={dismissError}>
            ×
          </button>
        </div>
      )}
      {notice && (
        <div className="banner notice" role="status" data-testid="notice-banner">
          <div>{notice}</div>
          <button type="button" className="button small ghost" aria-label="Dismiss" onClick={dismissNotice}>
            ×
          </button>
        </div>
      )}
    </>
  )
}
