/**
 * What a set of plan figures belongs to, as string keys the store keeps beside them: the model, the memory
 * model and the cluster (results), or the cluster without its limits (the minimum-memory figures, which do
 * not depend on the limits). Pure functions of their arguments.
 */
import { modelIdentity } from '../../core/graph/identity.ts'
import type { MemoriaGraph } from '../../core/graph/types.ts'
import type { MemoryModel } from '../../core/memory/ops.ts'
import type { Cluster } from '../../core/partition/cluster.ts'
import { memoryFreeKey } from './cluster-edit.ts'

/** The open model: its content hash (core's `modelIdentity`; name + node count would collide) and its bindings. */
export function modelKeyOf(graph: MemoriaGraph): string {
  return `${modelIdentity(graph)}#${JSON.stringify(graph.symbols)}`
}

/** What a set of results belongs to: the model, the memory model and the whole cluster. */
export function resultsKey(graph: MemoriaGraph, memoryModel: MemoryModel, cluster: Cluster): string {
  return `${modelKeyOf(graph)}|${memoryModel}|${JSON.stringify(cluster)}`
}

/** What the minimum-memory figures belong to: as `resultsKey` with the seed, without the memory limits. */
export function minimumKey(graph: MemoriaGraph, memoryModel: MemoryModel, cluster: Cluster, seed: number): string {
  return `${modelKeyOf(graph)}|${memoryModel}|${seed}|${memoryFreeKey(cluster)}`
}
