/**
 * The minimum-memory figures of the Devices panel: core's bound (linear in the graph, computed on the page's
 * thread at once) and the bisection of every algorithm (in the partition client's second worker, after a run:
 * two searching workers would leave a 2-core machine no core for the page).
 *
 * Nothing is redone that is done or running for the same key (plan-keys.ts `minimumKey`); a bisection for
 * another model or other devices is cancelled. Stale replies never reach the store: the WorkerClient settles
 * a superseded job as CANCELLED and silences its events.
 */
import type { MemoriaGraph } from '../../core/graph/types.ts'
import type { MemoryModel } from '../../core/memory/ops.ts'
import { validateCluster, type Cluster } from '../../core/partition/cluster.ts'
import { memoryLowerBound } from '../../core/partition/min-memory.ts'
import type { ErrorInfo } from '../../core/errors.ts'
import type { PartitionClient } from '../../workers/partition-client.ts'
import type { Algo, MinimumEvent } from '../../workers/partition-api.ts'
import { useStore } from '../store/index.ts'
import { memoryFreeKey } from './cluster-edit.ts'
import { minimumKey } from './plan-keys.ts'

/** GenEFlow's budget per probe of its minimum-memory bisection */
export const MIN_GENERATIONS = 20

export class MinimumFigures {
  /** core's bound for the last graph and devices asked (the panel asks on every render) */
  private memo: { graph: MemoriaGraph; key: string; bytes: number } | null = null

  constructor(
    private readonly client: PartitionClient,
    private readonly algos: readonly Algo[],
    private readonly showError: (error: ErrorInfo, context: string) => void,
  ) {}

  private lowerBound(graph: MemoriaGraph, cluster: Cluster): number {
    const key = memoryFreeKey(cluster)
    if (this.memo?.graph !== graph || this.memo.key !== key) this.memo = { graph, key, bytes: memoryLowerBound(graph, cluster) }
    return this.memo.bytes
  }

  /** `bisect` false: only core's bound (milliseconds); true: the bisection of every algorithm too. */
  start(graph: MemoriaGraph, cluster: Cluster, memoryModel: MemoryModel, seed: number, bisect: boolean): void {
    const key = minimumKey(graph, memoryModel, cluster, seed)
    const cur = useStore.getState().planMinimum
    if (!bisect) {
      // the bound is said at once: computed here, not behind a worker that may be starting or bisecting
      if (cur?.key === key && cur.lowerBoundBytes !== null) return
      const lowerBoundBytes = this.lowerBound(graph, cluster)
      if (cur?.key === key) {
        useStore.setState({ planMinimum: { ...cur, lowerBoundBytes } })
        return
      }
      // another model or devices: a bisection still running for them is of no use
      this.client.cancelMinimum()
      useStore.setState({ planMinimum: { key, lowerBoundBytes, byAlgo: {}, bisecting: false, done: false } })
      return
    }
    if (cur?.key === key && (cur.done || this.client.minimumBusy())) return
    useStore.setState({
      planMinimum: cur?.key === key ? { ...cur, bisecting: true } : { key, lowerBoundBytes: this.lowerBound(graph, cluster), byAlgo: {}, bisecting: true, done: false },
    })
    void this.client.minimum(
      { graph, cluster, memoryModel, seed, algos: [...this.algos], geneflowGenerations: MIN_GENERATIONS },
      (e: MinimumEvent) => {
        useStore.setState((st) => {
          const m = st.planMinimum
          if (!m || m.key !== key) return {}
          return e.kind === 'bound'
            ? { planMinimum: { ...m, lowerBoundBytes: e.lowerBoundBytes } }
            : { planMinimum: { ...m, byAlgo: { ...m.byAlgo, [e.algo]: e.scaleBytes } } }
        })
      },
    ).then((r) => {
      if (!r.ok && r.error.code === 'CANCELLED') return // superseded: whoever cancelled it owns the figures
      useStore.setState((st) => (st.planMinimum?.key === key ? { planMinimum: { ...st.planMinimum, bisecting: false, done: r.ok } } : {}))
      if (!r.ok) this.showError(r.error, 'The minimum-memory search did not finish.')
    })
  }

  /** Core's bound for the open model and the current cluster, if not known yet (the panel asks when shown). */
  ensure(graph: MemoriaGraph | null, cluster: Cluster, memoryModel: MemoryModel): void {
    const s = useStore.getState()
    if (!graph) return
    // a bisection saved as running before a reload is not running now
    if (s.planMinimum?.bisecting && !this.client.minimumBusy()) useStore.setState({ planMinimum: { ...s.planMinimum, bisecting: false } })
    try {
      this.start(graph, validateCluster(cluster), memoryModel, s.planSettings.seed, false)
    } catch {
      // an invalid cluster has no bound; Run says what is wrong
    }
  }

  /** The open model is now `modelKey`: a bisection for another model is of no use. */
  modelChanged(modelKey: string | null): void {
    const m = useStore.getState().planMinimum
    if (m?.bisecting && (modelKey === null || !m.key.startsWith(`${modelKey}|`))) {
      this.client.cancelMinimum()
      useStore.setState({ planMinimum: { ...m, bisecting: false } })
    }
  }
}
