/**
 * A `ByteSource` over a Blob or File (browser and worker): each read is `blob.slice(a, b).arrayBuffer()`,
 * so a multi-gigabyte model is read in windows and never held whole.
 */
import type { ByteSource } from '../core/onnx/byte-source.ts'

export function blobSource(blob: Blob): ByteSource {
  return {
    size: blob.size,
    async read(offset: number, length: number): Promise<Uint8Array> {
      const start = Math.max(0, Math.min(offset, blob.size))
      const end = Math.min(blob.size, start + Math.max(0, length))
      return new Uint8Array(await blob.slice(start, end).arrayBuffer())
    },
  }
}
