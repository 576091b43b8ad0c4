/**
 * The page's last line of defence: a render error anywhere below it shows what went wrong and two ways out
 * (reload; or forget the saved session and reload, for a session whose data keeps the page from drawing),
 * instead of React unmounting the whole page to a blank screen. Errors of workers and actions never get here:
 * they arrive as `Result`s and go to the banner.
 */
import { Component, type ErrorInfo as ReactErrorInfo, type ReactNode } from 'react'

interface Props {
  children: ReactNode
  /** forgets the saved session (persist.ts `clearSession`) */
  onForgetSession: () => Promise<void>
}

interface State {
  error: Error | null
}

export class ErrorBoundary extends Component<Props, State> {
  override state: State = { error: null }

  static getDerivedStateFromError(error: unknown): State {
    return { error: error instanceof Error ? error : new Error(String(error)) }
  }

  override componentDidCatch(error: Error, info: ReactErrorInfo): void {
    // the console keeps the component stack for a bug report; the page shows the message
    console.error('MemoriaNova Planner stopped drawing:', error, info.componentStack)
  }

  private readonly forget = (): void => {
    // reload even when forgetting fails (the page is broken either way); the failure goes to the console, not
    // to an unhandled rejection
    void this.props.onForgetSession()
      .catch((e: unknown) => { console.error('MemoriaNova Planner could not forget the saved session:', e) })
      .finally(() => location.reload())
  }

  override render(): ReactNode {
    const { error } = this.state
    if (!error) return this.props.children
    return (
      <div className="app-crashed" role="alert" data-testid="app-crashed">
        <h1>The page stopped drawing</h1>
        <p>INTERNAL: {error.message}. Reload the page; if it happens again, forget the saved session (the open model,
          orders and plans are then lost) and report it with the model.</p>
        <p>
          <button type="button" onClick={() => location.reload()}>Reload</button>{' '}
          <button type="button" onClick={this.forget} data-testid="forget-session">Forget the saved session and reload</button>
        </p>
      </div>
    )
  }
}
