/**
 * Files for the commands: the model (through core's loader over a Node file source, so an ONNX file of any
 * size is read in slices) and the small JSON documents (cluster, plan). Relative paths resolve against the
 * folder the user ran the command in. A missing, unreadable or folder path is FILE_NOT_FOUND saying which
 * absolute path was tried.
 */
import { readFile, stat } from 'node:fs/promises'
import { fail, type ErrorCode } from '../core/errors.ts'
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
    return await loadModel(source, given, opts)
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
