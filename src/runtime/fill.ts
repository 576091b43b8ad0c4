/**
 * Deterministic random tensor contents: the bytes a weight or an input gets when the model does not carry
 * them (the reference models keep their weights in external files that are not shipped).
 *
 * Every tensor draws from its own sfc32 stream, seeded from (seed, tensor name) by FNV-1a, so a tensor's
 * values depend only on the seed and its name — not on how many tensors come before it — and two files
 * that share a weight name (an original and its reordered or tiled export) get the same values.
 *
 * Floats are uniform in [-b, b) with b = sqrt(3 / fanIn) (He-uniform without the gain), fanIn being the
 * elements per output channel for rank ≥ 3 (Conv weights), sqrt(rows × cols) for rank 2 (MatMul weights
 * are stored either way round) and b = 0.5 for scalars and vectors: deep random networks then neither
 * overflow nor vanish, so outputs stay finite and comparable. Integers are uniform in [0, bound)
 * (`bound` defaults to 4, small enough to index any axis of a real model); bools are 0/1.
 * Cost: O(elements), one 32-bit draw per element (two for 64-bit types).
 */
import { createRng, type Rng } from '../core/random.ts'

/** The dtypes this module can fill, with their byte sizes. */
export const FILL_BYTES = {
  float32: 4, float64: 8, float16: 2, bfloat16: 2, int8: 1, uint8: 1, int16: 2, uint16: 2, int32: 4, uint32: 4,
  int64: 8, uint64: 8, bool: 1,
} as const
export type FillType = keyof typeof FILL_BYTES

export function isFillType(t: string | null): t is FillType {
  return t !== null && Object.hasOwn(FILL_BYTES, t)
}

/** FNV-1a of the name, mixed with the seed: the tensor's own stream. */
export function tensorRng(seed: number, name: string): Rng {
  let h = (0x811c9dc5 ^ (seed >>> 0)) >>> 0
  for (let i = 0; i < name.length; i++) {
    h ^= name.charCodeAt(i)
    h = Math.imul(h, 0x01000193) >>> 0
  }
  return createRng(h ^ Math.imul(seed >>> 0, 0x9e3779b1))
}

function floatBound(dims: readonly number[]): number {
  if (dims.length <= 1) return 0.5
  const n = dims.reduce((a, b) => a * b, 1)
  const fanIn = dims.length === 2 ? Math.sqrt(dims[0] * dims[1]) : n / Math.max(1, dims[0])
  return Math.sqrt(3 / Math.max(1, fanIn))
}

function toHalf(v: number): number {
  // float32 → IEEE half, round to nearest; values here are small, so no overflow handling beyond clamping
  const f = new Float32Array([v])
  const x = new Uint32Array(f.buffer)[0]
  const sign = (x >>> 16) & 0x8000
  const exp = ((x >>> 23) & 0xff) - 127 + 15
  const mant = x & 0x7fffff
  if (exp <= 0) return sign | Math.round((mant | 0x800000) / 2 ** (14 - exp))
  if (exp >= 31) return sign | 0x7bff
  return sign | (exp << 10) | Math.round(mant / 8192)
}

/** Little-endian bytes of `elements` random values of `dtype` for the tensor `name`. */
export function randomTensorBytes(dtype: FillType, dims: readonly number[], seed: number, name: string,
  opts: { intBound?: number } = {}): Uint8Array<ArrayBuffer> {
  const count = dims.reduce((a, b) => a * b, 1)
  const out = new Uint8Array(count * FILL_BYTES[dtype])
  const dv = new DataView(out.buffer)
  const rng = tensorRng(seed, name)
  const bound = Math.max(1, Math.floor(opts.intBound ?? 4))
  const b = floatBound(dims)
  switch (dtype) {
    case 'float32': {
      const f = new Float32Array(out.buffer)
      for (let i = 0; i < count; i++) f[i] = (2 * rng.next() - 1) * b
      break
    }
    case 'float64': for (let i = 0; i < count; i++) dv.setFloat64(i * 8, (2 * rng.next() - 1) * b, true); break
    case 'float16': for (let i = 0; i < count; i++) dv.setUint16(i * 2, toHalf((2 * rng.next() - 1) * b), true); break
    case 'bfloat16': {
      const f = new Float32Array(1)
      const u = new Uint32Array(f.buffer)
      for (let i = 0; i < count; i++) {
        f[0] = (2 * rng.next() - 1) * b
        dv.setUint16(i * 2, u[0] >>> 16, true)
      }
      break
    }
    case 'bool': for (let i = 0; i < count; i++) out[i] = rng.int(2); break
    case 'int8': case 'uint8': for (let i = 0; i < count; i++) out[i] = rng.int(Math.min(bound, 128)); break
    case 'int16': case 'uint16': for (let i = 0; i < count; i++) dv.setUint16(i * 2, rng.int(Math.min(bound, 32768)), true); break
    case 'int32': case 'uint32': for (let i = 0; i < count; i++) dv.setUint32(i * 4, rng.int(Math.min(bound, 2 ** 31)), true); break
    case 'int64': case 'uint64':
      for (let i = 0; i < count; i++) dv.setBigUint64(i * 8, BigInt(rng.int(Math.min(bound, 2 ** 31))), true)
      break
  }
  return out
}
