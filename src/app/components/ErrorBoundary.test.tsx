// @vitest-environment jsdom
/**
 * The top-level error boundary in a DOM (jsdom): a child that throws while rendering gives the fallback with
 * the error's message instead of a blank page, and "Forget the saved session and reload" forgets the session
 * first and reloads only after that.
 */
import { act } from 'react'
import { createRoot, type Root } from 'react-dom/client'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { ErrorBoundary } from './ErrorBoundary.tsx'

// React's act() wants to know it runs in a test
;(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true

function Thrower({ message }: { message: string }): never {
  throw new Error(message)
}

let host: HTMLDivElement
let root: Root
const realLocation = window.location
const reload = vi.fn()

beforeEach(() => {
  host = document.createElement('div')
  document.body.append(host)
  root = createRoot(host)
  reload.mockClear()
  // jsdom cannot navigate; the page's location is replaced by one whose reload is observed
  Object.defineProperty(window, 'location', { configurable: true, value: { ...realLocation, reload } })
  // the boundary (and React) log the caught error; the test keeps the output clean and checks the log
  vi.spyOn(console, 'error').mockImplementation(() => {})
})

afterEach(() => {
  act(() => root.unmount())
  host.remove()
  Object.defineProperty(window, 'location', { configurable: true, value: realLocation })
  vi.restoreAllMocks()
})

describe('ErrorBoundary', () => {
  it('draws its children while nothing throws', () => {
    act(() => root.render(<ErrorBoundary onForgetSession={async () => {}}><p>the planner</p></ErrorBoundary>))
    expect(host.textContent).toBe('the planner')
    expect(host.querySelector('[data-testid="app-crashed"]')).toBeNull()
  })

  it('shows the fallback with the error\'s message when a child throws, and logs it for a bug report', () => {
    act(() => root.render(<ErrorBoundary onForgetSession={async () => {}}><Thrower message="curve has no points" /></ErrorBoundary>))
    const alert = host.querySelector('[data-testid="app-crashed"]')
    expect(alert?.getAttribute('role')).toBe('alert')
    expect(alert?.querySelector('h1')?.textContent).toBe('The page stopped drawing')
    expect(alert?.textContent).toContain('INTERNAL: curve has no points. Reload the page; if it happens again, forget the saved session')
    expect([...host.querySelectorAll('button')].map((b) => b.textContent)).toEqual(['Reload', 'Forget the saved session and reload'])
    expect(vi.mocked(console.error).mock.calls.some((c) => c[0] === 'MemoriaNova Planner stopped drawing:' && (c[1] as Error).message === 'curve has no points')).toBe(true)
    expect(reload).not.toHaveBeenCalled()
  })

  it('"Forget the saved session and reload" forgets the session, then reloads; "Reload" only reloads', async () => {
    let forgotten: () => void = () => {}
    const onForgetSession = vi.fn(() => new Promise<void>((resolve) => { forgotten = resolve }))
    act(() => root.render(<ErrorBoundary onForgetSession={onForgetSession}><Thrower message="bad session" /></ErrorBoundary>))
    const forget = host.querySelector<HTMLButtonElement>('[data-testid="forget-session"]')
    expect(forget?.textContent).toBe('Forget the saved session and reload')
    act(() => forget?.click())
    expect(onForgetSession).toHaveBeenCalledTimes(1)
    // the reload waits for the session to be forgotten (else the page would restore the same session)
    expect(reload).not.toHaveBeenCalled()
    await act(async () => { forgotten() })
    expect(reload).toHaveBeenCalledTimes(1)

    const plain = [...host.querySelectorAll('button')].find((b) => b.textContent === 'Reload')
    act(() => plain?.click())
    expect(reload).toHaveBeenCalledTimes(2)
    expect(onForgetSession).toHaveBeenCalledTimes(1)
  })

  it('reloads even when forgetting the session fails, and logs why', async () => {
    const onForgetSession = vi.fn(() => Promise.reject(new Error('IndexedDB is blocked')))
    act(() => root.render(<ErrorBoundary onForgetSession={onForgetSession}><Thrower message="bad session" /></ErrorBoundary>))
    await act(async () => { host.querySelector<HTMLButtonElement>('[data-testid="forget-session"]')?.click() })
    expect(onForgetSession).toHaveBeenCalledTimes(1)
    expect(reload).toHaveBeenCalledTimes(1)
    // the failure is logged (not left as an unhandled rejection, which vitest would report)
    expect(vi.mocked(console.error).mock.calls.some((c) => String(c[0]).includes('could not forget') && (c[1] as Error).message === 'IndexedDB is blocked')).toBe(true)
  })
})
