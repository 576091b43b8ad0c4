/**
 * A `ByteSource` over a file on disk (Node): reads slices through one file descriptor, so the ONNX reader
 * streams a model of any size without loading it. Close it when done (`close()`), also after an error.
 *
 * Reads are synchronous (`fs.readSync`) by default: the reader asks for a few dozen windows of 64 KiB–4 MiB,
 * one after the other, each depending on the last, and on a busy machine every asynchronous read pays a
 * thread-pool round trip and a wake-up of the main thread — most of the wall time of a parse (measured with
 * `npm run bench:parse`). To keep Ctrl-C (SIGINT → `isCancelled`) working, the source yields to the event loop
 * whenever 50 ms have passed since it last did. `{ sync: false }` uses FileHandle reads instead.
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs'
import { open } from 'node:fs/promises'
import type { ByteSource } from '../core/onnx/byte-source.ts'

export interface NodeFileSource extends ByteSource {
  readonly path: string
  close(): Promise<void>
}

const YIELD_MS = 50

/**
 * Opens `path` for reading. Errors are Node's own (`ENOENT`, `EACCES`, `EISDIR` in `code`): the caller
 * (src/cli/open-model.ts) turns them into FILE_NOT_FOUND with the path the user gave.
 */
export async function openNodeSource(path: string, opts: { sync?: boolean } = {}): Promise<NodeFileSource> {
  if (opts.sync === false) return openAsync(path)
  const fd = openSync(path, 'r')
  let size: number
  try {
    const st = fstatSync(fd)
    if (st.isDirectory()) throw Object.assign(new Error(`${path} is a directory`), { code: 'EISDIR' })
    size = st.size
  } catch (e) {
    closeSync(fd)
    throw e
  }
  let lastYield = performance.now()
  let closed = false
  return {
    path,
    size,
    async read(offset: number, length: number): Promise<Uint8Array> {
      if (performance.now() - lastYield > YIELD_MS) {
        await new Promise((resolve) => setImmediate(resolve))
        lastYield = performance.now()
      }
      const buf = new Uint8Array(Math.max(0, Math.min(length, size - offset)))
      let got = 0
      while (got < buf.length) {
        const n = readSync(fd, buf, got, buf.length - got, offset + got)
        if (n === 0) break // the file shrank: the reader reports it as truncated
        got += n
      }
      return got === buf.length ? buf : buf.subarray(0, got)
    },
    close: async () => {
      if (!closed) closeSync(fd)
      closed = true
    },
  }
}

async function openAsync(path: string): Promise<NodeFileSource> {
  const fh = await open(path, 'r')
  let size: number
  try {
    const st = await fh.stat()
    if (st.isDirectory()) throw Object.assign(new Error(`${path} is a directory`), { code: 'EISDIR' })
    size = st.size
  } catch (e) {
    await fh.close()
    throw e
  }
  return {
    path,
    size,
    async read(offset: number, length: number): Promise<Uint8Array> {
      const buf = new Uint8Array(Math.max(0, Math.min(length, size - offset)))
      let got = 0
      while (got < buf.length) {
        const { bytesRead } = await fh.read(buf, got, buf.length - got, offset + got)
        if (bytesRead === 0) break
        got += bytesRead
      }
      return got === buf.length ? buf : buf.subarray(0, got)
    },
    close: () => fh.close(),
  }
}
