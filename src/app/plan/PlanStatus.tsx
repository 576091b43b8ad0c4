/**
 * Whether anything fits, said at once: when every device's limit is below core's bound (no plan of any
 * algorithm can fit), the page says so as soon as the limit changes, and by how much; otherwise the shown
 * GenEFlow plan's violation. Then the minimum uniform per-device limit: the bound at once, refined by the
 * worker's bisection (the smallest limit at which an algorithm found a feasible plan).
 */
import { formatBytes, formatLatency } from '../format.ts'
import { useStore } from '../store/index.ts'
import { modelKeyOf, resultsKey } from './plan-actions.ts'
import { selectPlanRun } from './plan-slice.ts'
import { usePlanInputs } from './usePlanInputs.ts'

const B = (n: number): string => formatBytes(n)

export function PlanStatus() {
  const { graph, cluster, memoryModel, results, min } = usePlanInputs()
  const run = useStore(selectPlanRun)
  if (!graph) return null
  const bound = min?.lowerBoundBytes ?? null
  const maxLimit = Math.max(...cluster.devices.map((d) => d.memoryBytes))
  const current = results && results.key === resultsKey(graph, memoryModel, cluster) ? results : null
  const ga = current?.results.geneflow?.key === current?.key ? current?.results.geneflow : undefined
  const refined = min ? Object.entries(min.byAlgo).filter((e): e is [string, number] => typeof e[1] === 'number').sort((a, b) => a[1] - b[1]) : []
  const best = refined[0] ?? null

  let verdict: { feasible: boolean | null; text: string }
  if (bound !== null && maxLimit < bound) {
    verdict = {
      feasible: false,
      text: `Nothing can fit: every plan needs at least ${B(bound)} on some device, and the largest limit here is ` +
        `${B(maxLimit)} — short by ${B(bound - maxLimit)}.`,
    }
  } else if (ga && !ga.interim) {
    const p = ga.detail.plan
    verdict = p.feasible
      ? { feasible: true, text: `GenEFlow's plan fits every device: ${formatLatency(p.latencyMs)}.` }
      : { feasible: false, text: `No plan found fits: GenEFlow's best exceeds device memory by ${B(p.violationBytes)} in total.` }
  } else if (run.running && results !== null && results.modelKey === modelKeyOf(graph) && results.key !== resultsKey(graph, memoryModel, cluster)) {
    verdict = { feasible: null, text: 'Updating the plans for the changed devices…' }
  } else {
    verdict = { feasible: null, text: run.running ? 'Planning…' : current ? '' : 'Press Run to plan the model on these devices.' }
  }
  return (
    <div className="plan-status">
      {verdict.text !== '' && (
        <p
          data-testid="plan-status" data-updating={String(verdict.text.startsWith('Updating'))} data-feasible={verdict.feasible === null ? 'unknown' : String(verdict.feasible)}
          className={verdict.feasible === false ? 'plan-verdict bad' : verdict.feasible ? 'plan-verdict good' : 'plan-verdict'}
        >
          {verdict.text}
        </p>
      )}
      {min && bound !== null && (
        <p data-testid="plan-minimum" data-bytes={best ? best[1] : bound} data-bound-bytes={bound} data-refined={String(min.done)}>
          Minimum memory per device (the same limit on each): at least <b>{B(bound)}</b> (core's bound)
          {best ? <>; <b>{B(best[1])}</b> is enough for {best[0]}</> : null}
          {min.done ? '.' : min.bisecting ? ' — refining by bisection…' : '; after a run, a bisection refines it.'}
        </p>
      )}
    </div>
  )
}
