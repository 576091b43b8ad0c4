/**
 * Runs an ONNX model in ONNX Runtime (onnxruntime-node, CPU) under the settings every check here uses:
 * sequential execution, graph optimisation disabled (ORT then runs the file's nodes, not fused ones),
 * one intra-op and one inter-op thread, so a run is deterministic and its order and memory can be read.
 *
 * Node-only: the page never imports this module (the CLI, tests and benches do). onnxruntime-node is
 * loaded on first use, so `memoria` commands that do not run a model never load its native library.
 * With `profile`, ORT's profiler writes its JSON trace to a fresh temporary folder; the trace is read
 * back, parsed and the folder removed.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type * as Ort from 'onnxruntime-node'
import { MemoriaError } from '../core/errors.ts'
import { randomInputs, type RandomInput } from './materialize.ts'

export interface RunOptions {
  /** write and read back ORT's profiler trace */
  profile?: boolean
  /** session config entries (`session.xxx` keys of onnxruntime_session_options_config_keys.h) */
  config?: Record<string, string>
  /** ORT's memory-pattern planning (default on, as in ORT) */
  memPattern?: boolean
  /** ORT's CPU arena (default on, as in ORT) */
  cpuArena?: boolean
  /** names of the outputs to fetch (default: every graph output) */
  outputs?: string[]
  /** how many times to run (default 1); outputs are the last run's, the profile holds every run */
  runs?: number
  /** ORT's log level 0 (verbose) … 4 (fatal); default 3 (errors only) */
  logLevel?: 0 | 1 | 2 | 3 | 4
}

export interface OutputTensor {
  dtype: string
  dims: number[]
  /** the values (a copy, independent of the session) */
  data: Float32Array | Float64Array | Int32Array | BigInt64Array | Uint8Array | Int8Array | Uint16Array |
    Int16Array | Uint32Array | BigUint64Array | string[]
}

/** One event of ORT's profiler trace (Chrome trace format). */
export interface ProfileEvent {
  cat: string
  name: string
  ts: number
  dur: number
  args?: Record<string, unknown>
}

export interface RunResult {
  outputs: Record<string, OutputTensor>
  /** the first run's wall time (session.run only, not loading), milliseconds */
  runMs: number
  /** loading (InferenceSession.create), milliseconds */
  loadMs: number
  /** the profiler's events, when `profile` was asked */
  profile?: ProfileEvent[]
}

let ortModule: typeof Ort | null = null

/** onnxruntime-node, loaded once; a typed error when it is not installed. */
export function loadOrt(): typeof Ort {
  if (ortModule !== null) return ortModule
  try {
    ortModule = createRequire(import.meta.url)('onnxruntime-node') as typeof Ort
  } catch (e) {
    throw new MemoriaError('ARG_INVALID', `onnxruntime-node could not be loaded (${e instanceof Error ? e.message : String(e)}); ` +
      'install the project\'s dependencies with `npm ci`')
  }
  return ortModule
}

function sessionOptions(o: RunOptions, profilePrefix: string | null): Ort.InferenceSession.SessionOptions {
  const extra: Record<string, Record<string, string>> = {}
  for (const [key, value] of Object.entries(o.config ?? {})) {
    // the Node binding joins nested keys with '.': { session: { x: '1' } } is the entry 'session.x'
    const dot = key.indexOf('.')
    if (dot <= 0) throw new MemoriaError('ARG_INVALID', `session config key '${key}' has no prefix; use e.g. 'session.${key}'`)
    const head = key.slice(0, dot)
    extra[head] = { ...extra[head], [key.slice(dot + 1)]: value }
  }
  return {
    executionProviders: ['cpu'],
    executionMode: 'sequential',
    graphOptimizationLevel: 'disabled',
    intraOpNumThreads: 1,
    interOpNumThreads: 1,
    enableMemPattern: o.memPattern ?? true,
    enableCpuMemArena: o.cpuArena ?? true,
    logSeverityLevel: o.logLevel ?? 3,
    ...(profilePrefix === null ? {} : { enableProfiling: true, profileFilePrefix: profilePrefix }),
    extra,
  }
}

function copyData(t: Ort.Tensor): OutputTensor['data'] {
  const d = t.data
  if (Array.isArray(d)) return [...(d as string[])]
  return (d as Exclude<OutputTensor['data'], string[]>).slice()
}

/** A session of `model` (bytes, or the path of a model file) under the settings above; a typed error if ORT refuses it. */
export async function openSession(model: Uint8Array | string, opts: RunOptions, profilePrefix: string | null = null): Promise<Ort.InferenceSession> {
  const ort = loadOrt()
  const options = sessionOptions(opts, profilePrefix)
  try {
    // two calls, one per overload: `create` has no overload for the union
    return typeof model === 'string' ? await ort.InferenceSession.create(model, options) : await ort.InferenceSession.create(model, options)
  } catch (e) {
    throw new MemoriaError('ARG_INVALID', `ONNX Runtime refused the model: ${e instanceof Error ? e.message : String(e)}`)
  }
}

/**
 * Runs `model` on `inputs`: a self-contained model's bytes (materializeModel), or the path of a model file
 * whose external data lies beside it (materializeModelFile).
 */
export async function runModel(model: Uint8Array | string, inputs: RandomInput[], opts: RunOptions = {}): Promise<RunResult> {
  const ort = loadOrt()
  const dir = opts.profile === true ? mkdtempSync(join(tmpdir(), 'memoria-ort-')) : null
  try {
    const t0 = performance.now()
    const session = await openSession(model, opts, dir === null ? null : join(dir, 'profile'))
    const loadMs = performance.now() - t0
    try {
      const feeds: Record<string, Ort.Tensor> = {}
      for (const x of inputs) feeds[x.name] = tensorOf(ort, x)
      let out: Ort.InferenceSession.ReturnType = {}
      let runMs = 0
      for (let run = 0; run < Math.max(1, opts.runs ?? 1); run++) {
        if (run > 0) for (const v of Object.values(out)) (v as Ort.Tensor).dispose()
        const t1 = performance.now()
        try {
          out = opts.outputs === undefined ? await session.run(feeds) : await session.run(feeds, opts.outputs)
        } catch (e) {
          throw new MemoriaError('ARG_INVALID', `ONNX Runtime failed to run the model: ${e instanceof Error ? e.message : String(e)}`)
        }
        // the first run's wall time: later runs reuse the memory pattern the first one recorded
        if (run === 0) runMs = performance.now() - t1
      }
      const outputs: Record<string, OutputTensor> = {}
      for (const [name, v] of Object.entries(out)) {
        const t = v as Ort.Tensor
        outputs[name] = { dtype: t.type, dims: [...t.dims], data: copyData(t) }
        t.dispose()
      }
      const result: RunResult = { outputs, runMs, loadMs }
      if (dir !== null) {
        session.endProfiling()
        result.profile = readProfile(dir)
      }
      return result
    } finally {
      await session.release()
    }
  } finally {
    if (dir !== null) rmSync(dir, { recursive: true, force: true })
  }
}

function tensorOf(ort: typeof Ort, x: RandomInput): Ort.Tensor {
  const b = x.data.buffer.slice(x.data.byteOffset, x.data.byteOffset + x.data.byteLength) as ArrayBuffer
  switch (x.dtype) {
    case 'float32': return new ort.Tensor('float32', new Float32Array(b), x.dims)
    case 'float64': return new ort.Tensor('float64', new Float64Array(b), x.dims)
    case 'float16': return new ort.Tensor('float16', new Uint16Array(b), x.dims)
    case 'int8': return new ort.Tensor('int8', new Int8Array(b), x.dims)
    case 'uint8': return new ort.Tensor('uint8', new Uint8Array(b), x.dims)
    case 'int16': return new ort.Tensor('int16', new Int16Array(b), x.dims)
    case 'uint16': return new ort.Tensor('uint16', new Uint16Array(b), x.dims)
    case 'int32': return new ort.Tensor('int32', new Int32Array(b), x.dims)
    case 'uint32': return new ort.Tensor('uint32', new Uint32Array(b), x.dims)
    case 'int64': return new ort.Tensor('int64', new BigInt64Array(b), x.dims)
    case 'uint64': return new ort.Tensor('uint64', new BigUint64Array(b), x.dims)
    case 'bool': return new ort.Tensor('bool', new Uint8Array(b), x.dims)
    case 'bfloat16':
      throw new MemoriaError('ARG_INVALID', `input '${x.name}' is bfloat16, which onnxruntime-node cannot feed`)
  }
}

function readProfile(dir: string): ProfileEvent[] {
  const files = readdirSync(dir).filter((f) => f.endsWith('.json'))
  if (files.length !== 1) {
    throw new MemoriaError('INTERNAL', `ONNX Runtime's profiler wrote ${files.length} trace files instead of one`)
  }
  const events = JSON.parse(readFileSync(join(dir, files[0]), 'utf8')) as unknown
  if (!Array.isArray(events)) throw new MemoriaError('INTERNAL', 'ONNX Runtime\'s profiler trace is not a JSON array')
  return events as ProfileEvent[]
}

/** Convenience: random inputs for `bytes` (seeded, symbols bound), then `runModel`. */
export async function runWithRandomInputs(bytes: Uint8Array, seed: number, symbols: Record<string, number> = {},
  opts: RunOptions = {}): Promise<RunResult & { inputs: RandomInput[] }> {
  const inputs = randomInputs(bytes, seed, symbols)
  return { ...(await runModel(bytes, inputs, opts)), inputs }
}
