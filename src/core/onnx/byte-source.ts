/**
 * Where the reader's bytes come from: a random-access source of known size.
 *
 * Core never touches files or the DOM; the platform supplies a `ByteSource` (a Blob/File in the app —
 * src/workers/blob-source.ts — and a file handle in Node — src/cli/node-source.ts). `read` returns at most
 * `length` bytes from `offset`; fewer only at the end of the source. Every call is O(length); the reader asks
 * for windows of a few KiB to a few MiB, never for the whole file.
 */

export interface ByteSource {
  /** total size in bytes */
  readonly size: number
  /** bytes [offset, offset + length), clipped to the end of the source; may be a view, never mutated */
  read(offset: number, length: number): Promise<Uint8Array>
}

/** A source over bytes already in memory (tests, small models, the CLI's stdin). Reads are views, no copy. */
export function bytesSource(bytes: Uint8Array): ByteSource {
  return {
    size: bytes.length,
    read: (offset, length) => {
      const start = Math.max(0, Math.min(offset, bytes.length))
      return Promise.resolve(bytes.subarray(start, Math.min(bytes.length, start + Math.max(0, length))))
    },
  }
}
