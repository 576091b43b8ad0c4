/**
 * A fuzz child process: receives `{ id, spec }` over IPC, rebuilds the case (then says `{ id, built }`) and
 * runs it (run-case.ts), and answers `{ id, outcome }`. The pool kills it when a case passes the time or memory limit, and starts
 * another; between cases it keeps its caches (sample models, base graphs), which is what makes 11,000 cases
 * affordable.
 */
import type { CaseSpec } from './cases.ts'
import { DEFAULT_MODEL, materialize } from './cases.ts'
import { runCase, type Outcome } from './run-case.ts'

process.on('message', (m: { id: number; spec: CaseSpec }) => {
  void (async () => {
    let outcome: Outcome
    try {
      const c = await materialize(m.spec)
      // the CPU limit is on the planner: the pool starts its clock again here, not counting how long a
      // 100k-node mutant took to build
      process.send?.({ id: m.id, built: true })
      outcome = await runCase(c)
    } catch (e) {
      // materialize failing is a bug of the campaign, not of the planner: say so apart
      outcome = { class: 'untyped', message: `fuzz harness: ${String(e)}`, stage: 'materialize', ms: 0 }
    }
    process.send?.({ id: m.id, outcome })
  })()
})
// warm the caches the JSON cases share (base graphs, orders, the base plan), so no case pays for them
void (async () => {
  for (const model of [DEFAULT_MODEL, 'vgg13.onnx']) await materialize({ family: 'plan', gen: 'partial', seed: 0, model })
  process.send?.({ ready: true })
})()
