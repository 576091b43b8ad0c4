import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { startApp } from './actions/session.ts'
import { initTheme } from './theme.ts'
import { App } from './views/App.tsx'

initTheme()
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
)
void startApp()
