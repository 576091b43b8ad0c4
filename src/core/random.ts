/**
 * The seeded generator every randomised algorithm takes as an argument (core never calls Math.random).
 *
 * sfc32 (Chris Doty-Humphrey's Small Fast Counting generator, from PractRand), seeded from one 32-bit
 * integer through splitmix32. Period ≥ 2^32, passes PractRand to 2^40+ bytes, four 32-bit words of state,
 * and identical output on every JavaScript engine, so the same seed gives the same order or plan anywhere.
 */

export interface Rng {
  /** uniform in [0, 1) */
  next(): number
  /** uniform integer in [0, n) */
  int(n: number): number
  /** the state, to resume or fork deterministically */
  state(): [number, number, number, number]
}

function splitmix32(seed: number): () => number {
  let s = seed >>> 0
  return () => {
    s = (s + 0x9e3779b9) >>> 0
    let z = s
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0
    return (z ^ (z >>> 16)) >>> 0
  }
}

export function createRng(seed: number | [number, number, number, number]): Rng {
  let a: number, b: number, c: number, d: number
  if (Array.isArray(seed)) {
    ;[a, b, c, d] = seed
  } else {
    const sm = splitmix32(seed)
    a = sm(); b = sm(); c = sm(); d = sm()
  }
  const u32 = (): number => {
    const t = (((a + b) >>> 0) + d) >>> 0
    d = (d + 1) >>> 0
    a = b ^ (b >>> 9)
    b = (c + (c << 3)) >>> 0
    c = ((c << 21) | (c >>> 11)) >>> 0
    c = (c + t) >>> 0
    return t
  }
  for (let i = 0; i < 12; i++) u32() // discard the first outputs, as the reference does
  return {
    next: () => u32() / 4294967296,
    int: (n: number) => Math.floor((u32() / 4294967296) * n),
    state: () => [a, b, c, d],
  }
}
