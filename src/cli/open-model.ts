/**
 * Files for the commands: the model (through core's loader over a Node file source, so an ONNX file of any
 * size is read in slices) and the small JSON documents (cluster, plan). Relative paths resolve against the
 * folder the user ran the command in. A missing, unreadable or folder path is FILE_NOT_FOUND saying which
 * absolute path was tried.
 *
 * Before any memory figure, `requireKnownSizes`: a schedule or a plan of a graph with tensors of unknown size
 * would count them as zero, so the command stops with SHAPE_UNKNOWN naming them (docs/spec.md section 3) and saying
 * how to supply them; `string` tensors have no fixed size at all, and the message says that apart.
 */
import { withCliHints } from './hints.ts'
import { readFile, stat } from 'node:fs/promises'
import { fail, fmtInt, type ErrorCode } from '../core/errors.ts'
import type { MemoriaGraph } from '../core/graph/types.ts'
import { loadModel, type LoadedModel, type LoadOptions } from '../core/io/load.ts'
import { resolvePath, userDir } from './args.ts'
import { openNodeSource } from './node-source.ts'

function fsError(e: unknown, given: string, abs: string): never {
  const code = (e as { code?: string }).code
  const where = given === abs ? abs : `${given} (resolved to ${abs} from ${userDir()})`
  if (code === 'ENOENT' || code === 'ENOTDIR') fail('FILE_NOT_FOUND', `${where} does not exist; check the path`)
  if (code === 'EACCES' || code === 'EPERM') fail('FILE_NOT_FOUND', `${where} cannot be read (permission denied); check its permissions`)
  if (code === 'EISDIR') fail('FILE_NOT_FOUND', `${where} is a folder; give the file inside it`)
  throw e
}

async function checkFile(given: string): Promise<string> {
  const abs = resolvePath(given)
  try {
    const s = await stat(abs)
    if (s.isDirectory()) fsError({ code: 'EISDIR' }, given, abs)
  } catch (e) {
    fsError(e, given, abs)
  }
  return abs
}

export async function openModel(given: string, opts: LoadOptions): Promise<LoadedModel> {
  const abs = await checkFile(given)
  let source
  try {
    source = await openNodeSource(abs)
  } catch (e) {
    fsError(e, given, abs)
  }
  try {
    const loaded = await loadModel(source, given, opts)
    // core words its warnings for the app too; the command line adds its flags (hints.ts)
    if (loaded.graph.warnings) loaded.graph.warnings = loaded.graph.warnings.map(withCliHints)
    return loaded
  } finally {
    await source.close()
  }
}

/** A small JSON document (cluster, plan): a parse error or a non-object is `code` with the position. */
export async function readJsonFile(given: string, code: ErrorCode, what: string): Promise<unknown> {
  const abs = await checkFile(given)
  let text: string
  try {
    text = await readFile(abs, 'utf8')
  } catch (e) {
    fsError(e, given, abs)
  }
  if (text.trim() === '') fail('FILE_EMPTY', `${given} is empty; it should hold ${what} as JSON`)
  try {
    return JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text)
  } catch (e) {
    const why = e instanceof Error ? e.message.replace(/\s+/g, ' ') : String(e)
    fail(code, `${given} is not valid JSON (${why}); it should hold ${what}`)
  }
}

const SHOWN = 5

export function requireKnownSizes(graph: MemoriaGraph, command: string): void {
  const unknown = graph.tensors.filter((t) => t.bytes === null)
  if (unknown.length === 0) return
  const strings = unknown.filter((t) => t.dtype === 'string')
  const known = (t: (typeof unknown)[number]): boolean => t.shape !== null && t.shape.every((d) => typeof d === 'number')
  // a shape is missing (--shape gives it), or only a dtype is (no flag gives one: the JSON must)
  const shapeless = unknown.filter((t) => t.dtype !== 'string' && !known(t))
  const typeless = unknown.filter((t) => t.dtype === null && known(t))
  const list = (ts: typeof unknown): string => {
    const names = ts.slice(0, SHOWN).map((t) => JSON.stringify(t.name)).join(', ')
    return ts.length > SHOWN ? `${names} and ${fmtInt(ts.length - SHOWN)} more` : names
  }
  if (shapeless.length > 0) {
    fail('SHAPE_UNKNOWN', `${command} needs every tensor's size, but ${fmtInt(shapeless.length)} ${shapeless.length === 1 ? 'is' : 'are'} unknown: ${list(shapeless)}; give ${shapeless.length === 1 ? 'it' : 'them'} with --shape NAME=1x3x224x224 (\`inspect\` lists them)`)
  }
  if (typeless.length > 0) {
    fail('SHAPE_UNKNOWN', `${command} needs every tensor's size, but ${list(typeless)} ${typeless.length === 1 ? 'has' : 'have'} a shape and no dtype, and no producer's input gives one; set "dtype" on ${typeless.length === 1 ? 'it' : 'them'} in the memoria-graph JSON (\`inspect --json\` writes one)`)
  }
  fail('SHAPE_UNKNOWN', `${command} needs every tensor's size, but ${list(strings)} ${strings.length === 1 ? 'has' : 'have'} dtype string, which has no fixed size; this model cannot be planned`)
}
