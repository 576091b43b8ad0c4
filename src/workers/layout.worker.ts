/**
 * The layout worker: ELK layered (top to bottom) over the visible graph, off the main thread.
 *
 * ELK runs in this thread through elkjs's bundled build and its in-thread "fake worker": no nested worker,
 * no `eval`, so the strict CSP holds. One ELK layout is a single synchronous computation: it cannot read a
 * cancel message, so the client terminates this worker to stop a big stale layout (layout-client.ts).
 */
import * as Comlink from 'comlink'
import ELK from 'elkjs/lib/elk.bundled.js'
import { fromElk, toElk, type ElkInput, type LayoutRequest } from '../core/view/layout-graph.ts'
import type { LayoutApi } from './layout-api.ts'
import { checkCancelled, createJobs } from './worker-host.ts'

// elk.bundled.js, evaluated inside a worker, installs `self.onmessage` to serve its own worker protocol
// (it assumes it *is* the ELK worker). We drive ELK in-thread instead, so take the handler back; otherwise
// every comlink message would also reach ELK's dispatcher, which answers unknown messages with errors.
self.onmessage = null

const elk = new ELK()
const jobs = createJobs()

const api: LayoutApi = {
  cancel: jobs.cancel,
  async layout(jobId: number, req: LayoutRequest) {
    const r = await jobs.run(jobId, async (isCancelled) => {
      checkCancelled(isCancelled, 'the layout')
      const t0 = performance.now()
      const laid = (await elk.layout(toElk(req) as never)) as unknown as ElkInput
      checkCancelled(isCancelled, 'the layout')
      return fromElk(req.key, laid, performance.now() - t0)
    })
    return r.ok ? Comlink.transfer(r, [r.value.xy.buffer]) : r
  },
}

Comlink.expose(api)
