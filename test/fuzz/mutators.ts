/**
 * Seeded mutators of ONNX bytes: byte-level (truncation, bit flips, insertions, deletions) and
 * protobuf-aware (a length varint made huge or negative, a wrong wire type, a nested length overrunning
 * its parent, a repeated field duplicated). Each is `(bytes, rng) → bytes`, deterministic in the rng, so a
 * case is named by (model, mutator, seed) and rebuilt anywhere.
 */
import type { Rng } from '../../src/core/random.ts'
import { allFields, parseMessage, writeMessage, type WireField } from './proto.ts'

export type Mutator = (bytes: Uint8Array, rng: Rng) => Uint8Array

const pick = <T>(rng: Rng, xs: readonly T[]): T => xs[rng.int(xs.length)]

function truncate(b: Uint8Array, rng: Rng): Uint8Array {
  return b.slice(0, rng.int(b.length))
}

function bitFlips(b: Uint8Array, rng: Rng): Uint8Array {
  const out = b.slice()
  const n = 1 + rng.int(8)
  for (let i = 0; i < n; i++) out[rng.int(out.length)] ^= 1 << rng.int(8)
  return out
}

function byteInsert(b: Uint8Array, rng: Rng): Uint8Array {
  const at = rng.int(b.length + 1)
  const n = 1 + rng.int(16)
  const ins = Uint8Array.from({ length: n }, () => pick(rng, [0x00, 0xff, 0x80, 0x0a, 0x12, 0x08, rng.int(256)]))
  const out = new Uint8Array(b.length + n)
  out.set(b.subarray(0, at))
  out.set(ins, at)
  out.set(b.subarray(at), at + n)
  return out
}

function byteDelete(b: Uint8Array, rng: Rng): Uint8Array {
  const at = rng.int(b.length)
  const n = 1 + rng.int(16)
  const out = new Uint8Array(Math.max(0, b.length - n))
  out.set(b.subarray(0, at))
  out.set(b.subarray(Math.min(b.length, at + n)), at)
  return out
}

/** The fields of the model picked by `want`, or the bytes unchanged when there is none (counted as ok). */
function onTree(want: (f: WireField) => boolean, change: (f: WireField, parent: WireField[], rng: Rng) => void): Mutator {
  return (b, rng) => {
    const tree = parseMessage(b)
    const candidates = allFields(tree).filter(({ f }) => want(f))
    if (candidates.length === 0) return b
    const { f, parent } = pick(rng, candidates)
    change(f, parent, rng)
    return writeMessage(tree)
  }
}

const HUGE = [2n ** 31n, 2n ** 32n + 7n, 2n ** 53n, 2n ** 62n, 2n ** 63n - 1n]
const NEGATIVE = [-1n, -(2n ** 31n), -1000n]

const hugeLength = onTree((f) => f.wt === 2, (f, _p, rng) => { f.lengthOverride = pick(rng, HUGE) })
const negativeLength = onTree((f) => f.wt === 2, (f, _p, rng) => { f.lengthOverride = pick(rng, NEGATIVE) })

const wrongWireType = onTree(() => true, (f, _p, rng) => {
  const others = [0, 1, 2, 3, 4, 5, 6, 7].filter((w) => w !== f.wt)
  f.tagWt = pick(rng, others)
})

/** A child's length grows past its parent's end (the parent's own prefix stays the real one). */
const nestedOverrun = onTree((f) => f.children !== undefined && f.children.some((c) => c.wt === 2), (f, _p, rng) => {
  const inner = (f.children as WireField[]).filter((c) => c.wt === 2)
  const c = pick(rng, inner)
  const real = BigInt(c.children ? writeMessage(c.children).length : (c.value as Uint8Array).length)
  c.lengthOverride = real + 1n + BigInt(rng.int(64))
})

/** A repeated field (node, initializer, input, output, value_info, dims, opset import, attribute) twice. */
const REPEATED = new Set([1, 5, 8, 11, 12, 13])
const duplicateRepeated = onTree((f) => REPEATED.has(f.no), (f, parent, rng) => {
  const copies = 1 + rng.int(3)
  const at = parent.indexOf(f)
  parent.splice(at + 1, 0, ...Array.from({ length: copies }, () => structuredClone(f)))
})

/** A varint field's value made extreme (dims, data types, ir_version, opset version, attribute ints). */
const extremeVarint = onTree((f) => f.wt === 0, (f, _p, rng) => { f.value = BigInt.asUintN(64, pick(rng, [...HUGE, ...NEGATIVE, 0n])) })

export const BYTE_MUTATORS: Record<string, Mutator> = { truncate, bitFlips, byteInsert, byteDelete }
export const PROTO_MUTATORS: Record<string, Mutator> = {
  hugeLength, negativeLength, wrongWireType, nestedOverrun, duplicateRepeated, extremeVarint,
}
export const MUTATORS: Record<string, Mutator> = { ...BYTE_MUTATORS, ...PROTO_MUTATORS }
