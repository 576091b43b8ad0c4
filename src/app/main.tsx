import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { startApp } from './actions/session.ts'
import { App } from './views/App.tsx'

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
)
void startApp()
