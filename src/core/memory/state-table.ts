/**
 * The table of visited search states (BTSearch's hashing, MemoriaNova section 4): executed-node bitsets →
 * the lowest path peak with which the state was expanded.
 *
 * Open addressing with linear probing on a 64-bit Zobrist hash (two 32-bit halves); every hit is confirmed
 * by comparing the whole bitset, so a hash collision can never cut a state wrongly (exactness does not
 * depend on the hash). When full (the byte budget), it stops inserting: the memo is an optimisation only.
 * O(1) expected per lookup; memory (words + 3) × 4 bytes per entry.
 */

export class StateTable {
  private cap: number
  private h1: Uint32Array
  private h2: Uint32Array
  private g: Float64Array
  private bits: Uint32Array
  private used: Uint8Array
  count = 0
  readonly maxEntries: number

  constructor(readonly words: number, maxBytes = 256 * 1024 * 1024) {
    this.maxEntries = Math.max(1024, Math.floor(maxBytes / ((words + 4) * 4 * 2)))
    this.cap = 1024
    this.h1 = new Uint32Array(this.cap)
    this.h2 = new Uint32Array(this.cap)
    this.g = new Float64Array(this.cap)
    this.bits = new Uint32Array(this.cap * words)
    this.used = new Uint8Array(this.cap)
  }

  /**
   * True when the state was already expanded with a path peak ≤ g (the caller cuts it); otherwise records
   * g for it and returns false.
   */
  seenNoWorse(a: number, b: number, state: Uint32Array, g: number): boolean {
    a >>>= 0 // XOR-built hashes arrive as signed int32; the table stores unsigned
    b >>>= 0
    const W = this.words
    let i = (a ^ Math.imul(b, 0x9e3779b1)) & (this.cap - 1)
    for (;;) {
      if (!this.used[i]) break
      if (this.h1[i] === a && this.h2[i] === b) {
        let same = true
        const off = i * W
        for (let w = 0; w < W; w++) if (this.bits[off + w] !== state[w]) { same = false; break }
        if (same) {
          if (this.g[i] <= g) return true
          this.g[i] = g
          return false
        }
      }
      i = (i + 1) & (this.cap - 1)
    }
    if (this.count >= this.maxEntries) return false
    if ((this.count + 1) * 2 > this.cap) {
      this.grow()
      return this.seenNoWorse(a, b, state, g)
    }
    this.used[i] = 1
    this.h1[i] = a
    this.h2[i] = b
    this.g[i] = g
    this.bits.set(state, i * W)
    this.count++
    return false
  }

  /**
   * Marks a state as closed: its whole subtree was explored from a path peak below the incumbent, so every
   * completion from it reaches at least the incumbent (docs/btsearch.md, "Closed states"); any later visit
   * is cut whatever its path peak.
   */
  close(a: number, b: number, state: Uint32Array): void {
    a >>>= 0
    b >>>= 0
    const W = this.words
    let i = (a ^ Math.imul(b, 0x9e3779b1)) & (this.cap - 1)
    while (this.used[i]) {
      if (this.h1[i] === a && this.h2[i] === b) {
        let same = true
        const off = i * W
        for (let w = 0; w < W; w++) if (this.bits[off + w] !== state[w]) { same = false; break }
        if (same) { this.g[i] = -Infinity; return }
      }
      i = (i + 1) & (this.cap - 1)
    }
  }

  private grow(): void {
    const W = this.words
    const { h1, h2, g, bits, used, cap } = this
    this.cap = cap * 2
    this.h1 = new Uint32Array(this.cap)
    this.h2 = new Uint32Array(this.cap)
    this.g = new Float64Array(this.cap)
    this.bits = new Uint32Array(this.cap * W)
    this.used = new Uint8Array(this.cap)
    for (let j = 0; j < cap; j++) {
      if (!used[j]) continue
      let i = (h1[j] ^ Math.imul(h2[j], 0x9e3779b1)) & (this.cap - 1)
      while (this.used[i]) i = (i + 1) & (this.cap - 1)
      this.used[i] = 1
      this.h1[i] = h1[j]
      this.h2[i] = h2[j]
      this.g[i] = g[j]
      this.bits.set(bits.subarray(j * W, j * W + W), i * W)
    }
  }
}
