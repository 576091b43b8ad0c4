/**
 * A `ByteSource` over a file on disk (Node): reads slices through one FileHandle, so the ONNX reader
 * streams a model of any size without loading it. Close it when done (`close()`), also after an error.
 */
import { open, type FileHandle } from 'node:fs/promises'
import type { ByteSource } from '../core/onnx/byte-source.ts'
import { MemoriaError } from '../core/errors.ts'

export interface NodeFileSource extends ByteSource {
  readonly path: string
  close(): Promise<void>
}

/** Opens `path` for reading; a missing or unreadable file is a `FILE_NOT_FOUND` MemoriaError. */
export async function openNodeSource(path: string): Promise<NodeFileSource> {
  let fh: FileHandle
  let size: number
  try {
    fh = await open(path, 'r')
  } catch (e) {
    const code = (e as { code?: string }).code
    const why = code === 'ENOENT' ? 'does not exist' : code === 'EACCES' ? 'is not readable' : code === 'EISDIR'
      ? 'is a folder' : `cannot be opened (${e instanceof Error ? e.message : String(e)})`
    throw new MemoriaError('FILE_NOT_FOUND', `the file ${path} ${why}; check the path and try again`)
  }
  try {
    const st = await fh.stat()
    if (st.isDirectory()) throw new MemoriaError('FILE_NOT_FOUND', `${path} is a folder; give the path of a model file`)
    size = st.size
  } catch (e) {
    await fh.close()
    throw e
  }
  return {
    path,
    size,
    async read(offset: number, length: number): Promise<Uint8Array> {
      const n = Math.max(0, Math.min(length, size - offset))
      const buf = new Uint8Array(n)
      let got = 0
      while (got < n) {
        const { bytesRead } = await fh.read(buf, got, n - got, offset + got)
        if (bytesRead === 0) break // the file shrank: the reader reports it as truncated
        got += bytesRead
      }
      return got === n ? buf : buf.subarray(0, got)
    },
    close: () => fh.close(),
  }
}
