/**
 * Opening a model and rebinding its symbols: plain async functions over the parse worker's client and the
 * store. The File/Blob being read stays here (module state), out of the store.
 */
import type { ErrorInfo } from '../../core/errors.ts'
import { ParseClient, type ParsedModel, type ParseProgress } from '../../workers/parse-client.ts'
import { userMessage } from '../error-text.ts'
import { sampleByName, sampleUrl } from '../samples.ts'
import { useStore, type LoadState, type ModelSource, type OpenModel } from '../store/index.ts'

const parser = new ParseClient()

/** The bytes of the open model, while this page has them (not after a reload of a user's file). */
let held: { key: string; blob: Blob; dataFiles?: Record<string, number> } | null = null
/** Which open/rebind the page is waiting for: an older one finishing late must not touch the store. */
let current = 0
/** Aborts the sample download in progress (cancelLoad). */
let download: AbortController | null = null

function showError(error: ErrorInfo, context?: string): void {
  const message = userMessage(error, context)
  if (message) useStore.setState({ error: message })
}

function setLoading(token: number, loading: LoadState | null): void {
  if (token === current) useStore.setState({ loading })
}

function progressInto(token: number, fileName: string) {
  return (p: ParseProgress) =>
    setLoading(token, { fileName, phase: p.phase, bytesRead: p.bytesRead, totalBytes: p.totalBytes })
}

function newKey(fileName: string): string {
  return `${fileName}#${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`
}

function toOpenModel(parsed: ParsedModel, source: ModelSource, shapes: Record<string, number[]>): OpenModel {
  const { graph, key, fileName, fileBytes, parseMs, rebindable } = parsed
  return { graph, key, fileName, fileBytes, parseMs, rebindable, source, shapes }
}

/**
 * Reads `blob` in the worker and, on success, makes it the open model. On failure the banner shows the
 * error and the model that was open stays open; a cancel or a newer request just ends quietly.
 */
export async function openModelBlob(
  blob: Blob,
  fileName: string,
  source: ModelSource,
  token = ++current,
  shapes: Record<string, number[]> = {},
  dataFiles?: Record<string, number>,
): Promise<boolean> {
  const key = newKey(fileName)
  setLoading(token, { fileName, phase: 'reading', bytesRead: 0, totalBytes: blob.size })
  const opts = { dims: useStore.getState().bindings, shapes, ...(dataFiles ? { dataFiles } : {}) }
  const r = await parser.open(blob, fileName, key, opts, progressInto(token, fileName))
  if (token !== current) return false
  useStore.setState({ loading: null })
  if (!r.ok) {
    showError(r.error, `Could not open ${fileName}.`)
    return false
  }
  held = { key, blob, dataFiles }
  useStore.setState({ model: toOpenModel(r.value, source, shapes), error: null, notice: null })
  return true
}

export function openFile(file: File, dataFiles: Record<string, number> = {}): Promise<boolean> {
  // a user's file has a folder it came from: its external weights are looked for among `dataFiles`
  return openModelBlob(file, file.name, { kind: 'file', name: file.name, size: file.size, lastModified: file.lastModified }, ++current, {}, dataFiles)
}

const MODEL_FILE = /\.(onnx|json)$/i

/**
 * Several files dropped or picked at once: the model (the first .onnx, else the first .json, else the
 * first file) and the rest as its external weights files, known by name and size — their bytes are never
 * read, only checked to cover what the model's tensors point at (a missing one is a warning naming it).
 */
export function openFiles(files: readonly File[]): Promise<boolean> {
  const model = files.find((f) => /\.onnx$/i.test(f.name)) ?? files.find((f) => MODEL_FILE.test(f.name)) ?? files[0]
  const dataFiles: Record<string, number> = Object.create(null) as Record<string, number>
  for (const f of files) if (f !== model) dataFiles[f.name] = f.size
  return openFile(model, dataFiles)
}

/** Fetches a sample from public/models (same origin) and opens it. */
export async function openSample(name: string, shapes: Record<string, number[]> = {}): Promise<boolean> {
  const token = ++current
  const fileName = `${name}.onnx`
  if (!sampleByName(name)) {
    showError({ code: 'FILE_NOT_FOUND', message: `there is no sample named ${JSON.stringify(name)}` })
    return false
  }
  setLoading(token, { fileName, phase: 'fetching', bytesRead: 0, totalBytes: 0 })
  let blob: Blob
  download?.abort()
  const abort = (download = new AbortController())
  try {
    const res = await fetch(sampleUrl(name), { signal: abort.signal })
    if (!res.ok) throw new Error(`HTTP ${res.status}`)
    blob = await res.blob()
  } catch (e) {
    if (token !== current || abort.signal.aborted) return false
    useStore.setState({ loading: null })
    showError({ code: 'FILE_NOT_FOUND', message: `the sample ${fileName} could not be fetched (${String(e)}); reload the page` })
    return false
  }
  if (token !== current) return false
  return openModelBlob(blob, fileName, { kind: 'sample', name }, token, shapes)
}

/**
 * Applies new symbol bindings (e.g. seq = 128) and shapes for unknown tensors to the open model: re-runs
 * shape inference in the worker on the RawModel it kept, or reads the file again when the worker no longer
 * has it (a sample is fetched again; a user's file is asked for when this page no longer has its bytes).
 */
export async function rebind(bindings: Record<string, number>, newShapes: Record<string, number[]> = {}): Promise<void> {
  const token = ++current
  useStore.setState({ bindings: { ...useStore.getState().bindings, ...bindings } })
  const model = useStore.getState().model
  if (!model) return
  const dims = useStore.getState().bindings
  const shapes = { ...model.shapes, ...newShapes }
  setLoading(token, { fileName: model.fileName, phase: 'rebinding', bytesRead: 0, totalBytes: 0 })
  const r = model.rebindable ? await parser.rebind(model.key, { dims, shapes }) : null
  if (token !== current) return
  if (r && !r.ok) {
    useStore.setState({ loading: null })
    showError(r.error, `Could not apply the new sizes to ${model.fileName}.`)
    return
  }
  if (r?.value) {
    useStore.setState({ loading: null, model: toOpenModel(r.value, model.source, shapes), error: null, notice: null })
    return
  }
  // The worker no longer holds the model: read it again from wherever its bytes are.
  if (held?.key === model.key) {
    await openModelBlob(held.blob, model.fileName, model.source, token, shapes, held.dataFiles)
  } else if (model.source.kind === 'sample') {
    useStore.setState({ loading: null })
    await openSample(model.source.name, shapes)
  } else {
    useStore.setState({
      loading: null,
      notice: `To apply the new binding, open ${model.fileName} again: this page no longer has its bytes (it was reloaded).`,
    })
  }
}

/**
 * The bytes of the open model if this page still has them (opened in this page's life, not restored by a
 * reload); null otherwise: a sample can be fetched again, a user's file must be asked for.
 */
export function modelBytes(): Blob | null {
  const model = useStore.getState().model
  return model && held?.key === model.key ? held.blob : null
}

/** Stops the open or rebind in progress; the model that was open stays open, and no banner shows. */
export function cancelLoad(): void {
  current++
  download?.abort()
  parser.cancel()
  useStore.setState({ loading: null })
}

export function dismissError(): void {
  useStore.setState({ error: null })
}

export function dismissNotice(): void {
  useStore.setState({ notice: null })
}
