/**
 * Shrinks a failing case to a small reproducer that fails the same way (same class and code): for ONNX
 * bytes, delta debugging over byte chunks (ddmin, Zeller & Hildebrandt 2002) with a budget of runs; JSON
 * cases are left as they are (the generators already make small documents). Each candidate runs in the
 * pool, so a hang is judged with the same 2 s limit. O(budget) runs.
 */
import { outcomeWord } from './corpus.ts'
import type { Case } from './cases.ts'
import type { FuzzPool } from './pool.ts'

export async function minimiseBytes(pool: FuzzPool, c: Case, want: string, budget = 150): Promise<Uint8Array> {
  let cur = c.bytes
  let n = 2
  const spent = { runs: 0 }
  const fails = async (b: Uint8Array): Promise<boolean> => {
    spent.runs++
    const o = await pool.run({ family: 'inline', bytes: b, kind: c.kind, model: c.model, files: c.files })
    return outcomeWord(o) === want
  }
  while (cur.length > 1 && spent.runs < budget) {
    const chunk = Math.ceil(cur.length / n)
    let reduced = false
    for (let i = 0; i < n && spent.runs < budget; i++) {
      const cand = new Uint8Array(cur.length - Math.min(chunk, cur.length - i * chunk))
      cand.set(cur.subarray(0, i * chunk))
      cand.set(cur.subarray(Math.min(cur.length, (i + 1) * chunk)), i * chunk)
      if (cand.length > 0 && cand.length < cur.length && await fails(cand)) {
        cur = cand
        n = Math.max(n - 1, 2)
        reduced = true
        break
      }
    }
    if (!reduced) {
      if (chunk <= 1) break
      n = Math.min(cur.length, n * 2)
    }
  }
  return cur
}
