/**
 * The layout worker: a fast layered draft at once, then ELK layered (top to bottom) when the view is small
 * enough, off the main thread.
 *
 * ELK runs in this thread through elkjs's bundled build and its in-thread "fake worker": no nested worker,
 * no `eval`, so the strict CSP holds. It is imported lazily, so the first draft does not wait for 1.5 MB of
 * ELK to load. One ELK layout is a single synchronous computation: it cannot read a cancel message, so the
 * client terminates this worker to stop a big stale layout (layout-client.ts).
 */
import * as Comlink from 'comlink'
import { layeredLayout } from '../core/view/layered.ts'
import {
  elkWorthIt, fromElk, toElk, type ElkInput, type LayoutPositions, type LayoutRequest,
} from '../core/view/layout-graph.ts'
import type { LayoutApi } from './layout-api.ts'
import { checkCancelled, createJobs } from './worker-host.ts'

interface Elk {
  layout(graph: ElkInput): Promise<ElkInput>
}
let elk: Promise<Elk> | null = null

function loadElk(): Promise<Elk> {
  elk ??= import('elkjs/lib/elk.bundled.js').then((m) => {
    // elk.bundled.js, evaluated inside a worker, installs `self.onmessage` to serve its own worker protocol
    // (it assumes it *is* the ELK worker). We drive ELK in-thread instead, so take the handler back at once
    // (no message can be dispatched between the module's evaluation and this continuation); otherwise every
    // comlink message would also reach ELK's dispatcher.
    self.onmessage = null
    return new m.default() as unknown as Elk
  })
  return elk
}

function draftOf(req: LayoutRequest): LayoutPositions {
  const t0 = performance.now()
  const r = layeredLayout(req)
  return {
    key: req.key, ids: req.boxes.map((b) => b.id), xy: r.xy, width: r.width, height: r.height,
    layoutMs: performance.now() - t0, engine: 'layered',
  }
}

const jobs = createJobs()

const api: LayoutApi = {
  cancel: jobs.cancel,
  async layout(jobId, req, onDraft) {
    const r = await jobs.run(jobId, async (isCancelled) => {
      const draft = draftOf(req)
      if (!elkWorthIt(req)) return draft
      if (onDraft !== undefined) {
        // a copy for the draft message: the final answer may be this same draft's buffer
        const copy = { ...draft, xy: draft.xy.slice() }
        void Promise.resolve(onDraft(Comlink.transfer(copy, [copy.xy.buffer]))).catch(() => {})
      }
      const engine = await loadElk()
      checkCancelled(isCancelled, 'the layout')
      const t0 = performance.now()
      const laid = await engine.layout(toElk(req))
      checkCancelled(isCancelled, 'the layout')
      return fromElk(req.key, laid, performance.now() - t0)
    })
    return r.ok ? Comlink.transfer(r, [r.value.xy.buffer]) : r
  },
}

// the explicit endpoint also works under @vitest/web-worker (its default endpoint times out there)
Comlink.expose(api, self as unknown as Comlink.Endpoint)
