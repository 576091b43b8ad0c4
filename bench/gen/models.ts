/**
 * Loads the reference models of public/models as `MemoriaGraph`s (seq = 128, Constant nodes kept), through
 * the project's own reader and builder, and the clusters of bench/clusters, for the benches and the memory tests.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { buildGraph } from '../../src/core/graph/build.ts'
import type { MemoriaGraph } from '../../src/core/graph/types.ts'
import { validateCluster, type Cluster } from '../../src/core/partition/cluster.ts'
import { bytesSource } from '../../src/core/onnx/byte-source.ts'
import { readOnnx } from '../../src/core/onnx/read.ts'

export const MODELS_DIR = join(import.meta.dirname, '../../public/models')

/** The reference models (the .full copy of squeezenet is the same graph and is skipped). */
export function referenceModelFiles(): string[] {
  return readdirSync(MODELS_DIR).filter((f) => f.endsWith('.onnx') && !f.endsWith('.full.onnx')).sort()
}

export async function loadReferenceModel(file: string, seq = 128): Promise<MemoriaGraph> {
  const bytes = new Uint8Array(readFileSync(join(MODELS_DIR, file)))
  return buildGraph(await readOnnx(bytesSource(bytes)), { dims: { seq } })
}

/** A bench cluster (bench/clusters/FILE), checked like a user's, cut to its first `k` devices (the source is first). */
export function loadBenchCluster(file: string, k: number): Cluster {
  const c = validateCluster(JSON.parse(readFileSync(join(import.meta.dirname, '../clusters', file), 'utf8')))
  return validateCluster({ ...c, devices: c.devices.slice(0, k) })
}
