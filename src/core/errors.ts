/**
 * The closed set of error codes of the planner, and the one error type core throws.
 *
 * Every message says where (byte offset, node or tensor name) and what to do. User errors (bad input) and
 * internal bugs are separate: the CLI exits 2 for the former and 1 for `INTERNAL`; the app maps codes to
 * banners, and `CANCELLED` is never shown as an error.
 */

export const ERROR_CODES = [
  // reading a model
  'FILE_EMPTY',
  'FILE_NOT_FOUND',
  'ONNX_NOT_A_MODEL',
  'ONNX_TRUNCATED',
  'ONNX_MALFORMED',
  'GRAPH_JSON_INVALID',
  // graph structure
  'GRAPH_CYCLE',
  'GRAPH_DANGLING_INPUT',
  'GRAPH_DUPLICATE_OUTPUT',
  'GRAPH_EMPTY',
  // sizes
  'SHAPE_UNKNOWN',
  'SHAPE_INVALID',
  // arguments, clusters, plans
  'ARG_INVALID',
  'CLUSTER_INVALID',
  'CLUSTER_TOO_LARGE',
  'PLAN_INVALID',
  'INFEASIBLE_MEMORY',
  // control
  'CANCELLED',
  'INTERNAL',
] as const

export type ErrorCode = (typeof ERROR_CODES)[number]

/**
 * Messages quote names from the user's file, which may hold any character: control characters are written as
 * escapes (`\n`, `\u0000`), so a message stays the one line the CLI and the page promise.
 */
const oneLine = (s: string): string =>
  // oxlint-disable-next-line no-control-regex -- control characters are exactly what is replaced
  s.replace(/[\u0000-\u001f\u007f]/g, (c) => CONTROL_ESCAPES[c] ?? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)
const CONTROL_ESCAPES: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' }

/**
 * A name from the user's file as a message shows it: a name longer than `max` characters (a 1 MB tensor name,
 * a mutated length that swallowed the rest of the file) is cut to its two ends with the count between, so the
 * message stays readable and short; control characters are escaped by MemoriaError itself.
 */
export function shownName(name: string, max = 80): string {
  if (name.length <= max) return name
  const keep = Math.floor((max - 2) / 2)
  return `${name.slice(0, keep)}…(${name.length.toLocaleString('en-US')} characters)…${name.slice(-keep)}`
}

/** A name in double quotes, as the graph-JSON messages show names: `shownName`, then JSON-quoted. */
export const quoteName = (name: string, max?: number): string => JSON.stringify(shownName(name, max))

/** Any value from the user's file (a field of the wrong type) as a message shows it: its JSON text, cut like a name. */
export function shownValue(v: unknown, max?: number): string {
  if (v === undefined) return 'nothing'
  if (typeof v === 'bigint') return `${v}`
  return shownName(JSON.stringify(v) ?? String(v), max)
}

export class MemoriaError extends Error {
  readonly code: ErrorCode
  constructor(code: ErrorCode, message: string) {
    super(oneLine(message))
    this.name = 'MemoriaError'
    this.code = code
  }
}

export function fail(code: ErrorCode, message: string): never {
  throw new MemoriaError(code, message)
}

export interface ErrorInfo {
  code: ErrorCode
  message: string
}

/** What crosses a worker boundary instead of a thrown error (comlink drops custom error fields). */
export type Result<T> = { ok: true; value: T } | { ok: false; error: ErrorInfo }

export function toErrorInfo(e: unknown): ErrorInfo {
  if (e instanceof MemoriaError) return { code: e.code, message: e.message }
  const message = e instanceof Error ? `${e.name}: ${e.message}` : String(e)
  return { code: 'INTERNAL', message: `internal error (${message}); please report it with the model that caused it` }
}

/** Runs `f` and turns any throw into a `Result`; internal bugs become `INTERNAL`. */
export async function capture<T>(f: () => T | Promise<T>): Promise<Result<T>> {
  try {
    return { ok: true, value: await f() }
  } catch (e) {
    return { ok: false, error: toErrorInfo(e) }
  }
}

export function isUserError(code: ErrorCode): boolean {
  return code !== 'INTERNAL' && code !== 'CANCELLED'
}

/** `1,204,331`: byte offsets and sizes in messages read better grouped. */
export function fmtInt(n: number): string {
  const r = Math.round(n)
  // grouping by hand below 1e21 (where String gives plain digits): toLocaleString sets up ICU on its first
  // call, tens of milliseconds inside a time-limited search
  if (Math.abs(r) < 1e21) return String(r).replace(/\B(?=(\d{3})+(?!\d))/g, ',')
  return r.toLocaleString('en-US')
}
