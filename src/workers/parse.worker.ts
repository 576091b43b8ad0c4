/**
 * The parse worker: reads a File/Blob in slices through the core loader, off the main thread.
 *
 * It keeps the RawModel of the last model opened (in memory, and in IndexedDB so a reload can still rebind
 * without the file), so rebinding a symbol re-runs only `buildGraph`. Every reply is a `Result`.
 */
import * as Comlink from 'comlink'
import { get, set } from 'idb-keyval'
import { buildGraph } from '../core/graph/build.ts'
import type { MemoriaGraph } from '../core/graph/types.ts'
import { loadModel, probeIsJson, type ExternalDataLookup } from '../core/io/load.ts'
import { validateGraph } from '../core/io/validate.ts'
import type { RawModel } from '../core/onnx/raw.ts'
import { blobSource } from './blob-source.ts'
import type { ParseApi, ParsedModel, ParseOptions, ParseProgress } from './parse-api.ts'
import { checkCancelled, createJobs, throttleProgress } from './worker-host.ts'

interface Kept {
  key: string
  fileName: string
  fileBytes: number
  raw: RawModel
  /** the model's symbols (they do not depend on the bindings) */
  symbols: string[]
  /** what the external-weights check found when the file was opened (it does not depend on the bindings) */
  externalWarnings?: string[]
}

/** One slot: the RawModel of the model that is open (a reload restores it from here). */
const RAW_KEY = 'memoria:parse:raw:v2'

const jobs = createJobs()
let kept: Kept | null = null

async function keptModel(key: string): Promise<Kept | null> {
  if (kept?.key === key) return kept
  try {
    const saved = await get<Kept>(RAW_KEY)
    if (saved?.key === key) return (kept = saved)
  } catch {
    // IndexedDB unavailable (private mode, quota): the caller reads the file again
  }
  return null
}

/** Not awaited: the reply need not wait for the disk. A failed write only costs a re-read later. */
function save(k: Kept): void {
  try {
    set(RAW_KEY, k).catch(() => {})
  } catch {
    // no IndexedDB here (a test runner, a locked-down browser): idb-keyval throws synchronously
  }
}

/**
 * The app's bindings are page-wide settings (`seq` set for gpt2 stays set when resnet50 opens): keep only
 * the ones this model has, so a model without `seq` gets no "bound but not used" warning.
 */
function usedDims(dims: Record<string, number>, symbols: string[]): Record<string, number> {
  return Object.fromEntries(Object.entries(dims).filter(([name]) => symbols.includes(name)))
}

function build(raw: RawModel, fileName: string, symbols: string[], opts: ParseOptions, externalWarnings: string[] = []): MemoriaGraph {
  const graph = buildGraph(raw, { dims: usedDims(opts.dims, symbols), shapes: opts.shapes ?? {}, fileName })
  validateGraph(graph)
  if (externalWarnings.length > 0) graph.warnings = [...(graph.warnings ?? []), ...externalWarnings]
  return graph
}

/**
 * The files opened with the model, for its external weights: a location is matched by its whole relative
 * path, else by its file name (a browser gives files without their folder).
 */
function amongFiles(fileName: string, files: Record<string, number>): ExternalDataLookup {
  const sizes = new Map(Object.entries(files))
  return {
    lookup: (location) => Promise.resolve(sizes.get(location) ?? sizes.get(location.split('/').pop() as string) ?? null),
    where: sizes.size === 0 ? `among the files opened (only ${fileName} was)` : `among the files opened with ${fileName}`,
    how: 'to check the weights too, open it together with the model (drop both, or select both in the file picker)',
  }
}

/**
 * Fault injection for the browser tests, compiled only into a test build of this worker (VITE_MEMORIA_FAULTS=1,
 * see test/e2e/faults.e2e.mjs); in the production build the condition is a constant `false` and the code is
 * dropped. Opening a file named `memoria-fault-<kind>…` then fails mid-read: `throw` throws outside the job
 * (the worker's error event, as a crash), `oom` fails an allocation as a worker out of memory does.
 */
async function injectFault(fileName: string): Promise<void> {
  const kind = /^memoria-fault-(throw|oom)/.exec(fileName)?.[1]
  if (kind === 'throw') {
    setTimeout(() => {
      throw new Error('injected fault: the worker threw mid-job')
    })
    await new Promise<never>(() => {}) // the job never answers: only the crash path can end it
  }
  if (kind === 'oom') {
    // a real exhaustion of the worker's memory for ArrayBuffers: 8 GiB buffers (reserved, never touched, so
    // no RAM is used) until the engine refuses one — RangeError: Array buffer allocation failed. Kept in a
    // global until then: a bundler drops an unused `new ArrayBuffer` as free of side effects.
    const held: ArrayBuffer[] = ((globalThis as { memoriaFault?: ArrayBuffer[] }).memoriaFault = [])
    try {
      for (let i = 0; i < 1024; i++) held.push(new ArrayBuffer(2 ** 33))
    } finally {
      held.length = 0
    }
  }
}

const api: ParseApi = {
  cancel: jobs.cancel,

  open: (jobId, blob, fileName, key, opts, onProgress) =>
    jobs.run(jobId, async (isCancelled): Promise<ParsedModel> => {
      const t0 = performance.now()
      if (import.meta.env.VITE_MEMORIA_FAULTS === '1') await injectFault(fileName)
      const report = throttleProgress<ParseProgress>(onProgress)
      const source = blobSource(blob)
      // A memoria-graph JSON carries its shapes computed: it opens as written (rebinding needs the ONNX).
      const json = await probeIsJson(source)
      const loaded = await loadModel(source, fileName, {
        dims: json ? {} : opts.dims,
        shapes: opts.shapes,
        externalData: opts.dataFiles ? amongFiles(fileName, opts.dataFiles) : undefined,
        isCancelled,
        onProgress: (bytesRead, totalBytes) => {
          const done = bytesRead >= totalBytes
          report({ phase: done ? 'inferring' : 'reading', bytesRead, totalBytes }, done)
        },
      })
      checkCancelled(isCancelled, `loading ${fileName}`)
      const { raw } = loaded
      let { graph } = loaded
      if (raw) {
        const symbols = Object.keys(graph.symbols)
        const externalWarnings = loaded.externalWarnings ?? []
        // the symbols are known only now: build again without the bindings this model does not have
        if (Object.keys(opts.dims).some((name) => !symbols.includes(name))) graph = build(raw, fileName, symbols, opts, externalWarnings)
        kept = { key, fileName, fileBytes: blob.size, raw, symbols, externalWarnings }
        save(kept)
      } else {
        kept = null
      }
      return { graph, key, fileName, fileBytes: blob.size, parseMs: performance.now() - t0, rebindable: raw !== undefined }
    }),

  rebind: (jobId, key, opts: ParseOptions) =>
    jobs.run(jobId, async (isCancelled): Promise<ParsedModel | null> => {
      const t0 = performance.now()
      const k = await keptModel(key)
      if (!k) return null
      checkCancelled(isCancelled, `rebinding ${k.fileName}`)
      const graph = build(k.raw, k.fileName, k.symbols, opts, k.externalWarnings)
      return { graph, key, fileName: k.fileName, fileBytes: k.fileBytes, parseMs: performance.now() - t0, rebindable: true }
    }),
}

// The explicit endpoint is what @vitest/web-worker needs (TOOLCHAIN.md); in a browser it is the default.
Comlink.expose(api, self as unknown as Comlink.Endpoint)
