/**
 * The page: a header (open a model: picker, samples, drop anywhere), the load progress and banners, then the
 * summary of the open model beside the workspace panels (graph, orders and memory, devices and plan).
 */
import { Banners } from './Banners.tsx'
import { DropOverlay } from './DropOverlay.tsx'
import { Header } from './Header.tsx'
import { LoadProgress } from './LoadProgress.tsx'
import { ModelSummary } from './ModelSummary.tsx'
import { Shortcuts } from './Shortcuts.tsx'
import { useUrlState } from './url-state.ts'
import { Workspace } from './Workspace.tsx'

export function App() {
  useUrlState()
  return (
    <div className="app">
      <Header />
      <LoadProgress />
      <Banners />
      <main className="app-main">
        <aside className="app-sidebar" aria-label="Model summary">
          <ModelSummary />
        </aside>
        <Workspace />
      </main>
      <DropOverlay />
      <Shortcuts />
    </div>
  )
}
