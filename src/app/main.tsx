import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { startApp } from './actions/session.ts'
import { ErrorBoundary } from './components/ErrorBoundary.tsx'
import { clearSession } from './persist.ts'
import { initTheme } from './theme.ts'
import { App } from './views/App.tsx'

initTheme()
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <ErrorBoundary onForgetSession={clearSession}>
      <App />
    </ErrorBoundary>
  </StrictMode>,
)
void startApp()
