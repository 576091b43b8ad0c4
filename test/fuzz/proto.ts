/**
 * A protobuf wire tree for the fuzz mutators: parse an ONNX file into fields (descending into the messages
 * ONNX nests, by the schema's field numbers), change the tree, and write it back with every length prefix
 * recomputed — or with one prefix deliberately wrong (`lengthOverride`), which is how the mutators make
 * lengths that are huge, negative or overrun their parent. Only the fuzz campaign uses it.
 */

export interface WireField {
  no: number
  /** 0 varint, 1 fixed64, 2 length-delimited, 5 fixed32; a mutated tag may carry any of 0–7 */
  wt: number
  /** the varint's value (wt 0), or the raw bytes (wt 1, 2, 5) of a field that is not parsed further */
  value: bigint | Uint8Array
  /** a length-delimited field parsed as a message */
  children?: WireField[]
  /** write this varint as the length prefix instead of the real length (wt 2) */
  lengthOverride?: bigint
  /** write this wire type in the tag instead of `wt`, keeping the payload as it was */
  tagWt?: number
}

/** For each message, its length-delimited fields that are messages, and which message they hold. */
const NESTED: Record<string, Record<number, string>> = {
  model: { 7: 'graph', 8: 'opset', 14: 'entry', 25: 'function' },
  graph: { 1: 'node', 5: 'tensor', 11: 'value', 12: 'value', 13: 'value', 15: 'sparse' },
  node: { 5: 'attr' },
  attr: { 5: 'tensor', 6: 'graph', 10: 'tensor', 11: 'graph' },
  tensor: { 13: 'entry' },
  sparse: { 1: 'tensor', 2: 'tensor' },
  value: { 2: 'type' },
  type: { 1: 'ttensor', 4: 'seq', 9: 'ttensor' },
  seq: { 1: 'type' },
  ttensor: { 2: 'shape' },
  shape: { 1: 'dim' },
  function: { 7: 'node' },
}

function readVarint(b: Uint8Array, p: number): [bigint, number] {
  let v = 0n
  let shift = 0n
  for (let i = 0; i < 10; i++) {
    if (p >= b.length) throw new Error('varint past end')
    const x = b[p++]
    v |= BigInt(x & 0x7f) << shift
    if ((x & 0x80) === 0) return [v, p]
    shift += 7n
  }
  throw new Error('varint over 10 bytes')
}

export function parseMessage(b: Uint8Array, type = 'model', start = 0, end = b.length): WireField[] {
  const out: WireField[] = []
  let p = start
  while (p < end) {
    const [key, q] = readVarint(b, p)
    const no = Number(key >> 3n)
    const wt = Number(key & 7n)
    if (wt === 0) {
      const [v, r] = readVarint(b, q)
      out.push({ no, wt, value: v })
      p = r
    } else if (wt === 1 || wt === 5) {
      const n = wt === 1 ? 8 : 4
      out.push({ no, wt, value: b.slice(q, q + n) })
      p = q + n
    } else if (wt === 2) {
      const [len, r] = readVarint(b, q)
      const e = r + Number(len)
      if (e > end) throw new Error('field overruns its message')
      const sub = NESTED[type]?.[no]
      const f: WireField = { no, wt, value: b.slice(r, e) }
      if (sub !== undefined) f.children = parseMessage(b, sub, r, e)
      out.push(f)
      p = e
    } else throw new Error(`wire type ${wt}`)
  }
  if (p !== end) throw new Error('message overruns')
  return out
}

export function varint(v: bigint): number[] {
  let x = BigInt.asUintN(64, v)
  const out: number[] = []
  while (x >= 0x80n) {
    out.push(Number(x & 0x7fn) | 0x80)
    x >>= 7n
  }
  out.push(Number(x))
  return out
}

/** Serialises a tree; length prefixes are the real lengths unless a field overrides its own. */
export function writeMessage(fields: WireField[]): Uint8Array {
  const parts: Uint8Array[] = []
  let total = 0
  const push = (u: Uint8Array): void => {
    parts.push(u)
    total += u.length
  }
  for (const f of fields) {
    push(Uint8Array.from(varint(BigInt(f.no) * 8n + BigInt(f.tagWt ?? f.wt))))
    if (f.wt === 0) push(Uint8Array.from(varint(f.value as bigint)))
    else if (f.wt === 2) {
      const body = f.children ? writeMessage(f.children) : (f.value as Uint8Array)
      push(Uint8Array.from(varint(f.lengthOverride ?? BigInt(body.length))))
      push(body)
    } else push(f.value as Uint8Array)
  }
  const out = new Uint8Array(total)
  let p = 0
  for (const u of parts) {
    out.set(u, p)
    p += u.length
  }
  return out
}

/** Every field of the tree with its parent list (for mutators that pick a field anywhere). */
export function allFields(fields: WireField[], out: { f: WireField; parent: WireField[] }[] = []): { f: WireField; parent: WireField[] }[] {
  for (const f of fields) {
    out.push({ f, parent: fields })
    if (f.children) allFields(f.children, out)
  }
  return out
}
