/**
 * Comparing inferred facts with what the file declares (value_info, graph outputs), and the short lists
 * that warnings quote.
 *
 * A declared dim that is a symbol nobody bound, or an inferred dim that stayed symbolic, is not compared:
 * only two known numbers (or a dtype against a dtype) can disagree. O(rank).
 */
import type { Facts } from './infer/context.ts'

/** Appends a description to `out` when `declared` contradicts `inferred`. */
export function checkDeclared(name: string, inferred: Facts, declared: Facts, out: string[]): void {
  // called for every declared tensor (100k on some graphs): nothing is allocated unless they disagree
  const dtypeDiffers = declared.dtype !== null && inferred.dtype !== null && declared.dtype !== inferred.dtype
  const a = declared.shape
  const b = inferred.shape
  let shapeWhy = ''
  if (a !== null && b !== null) {
    if (a.length !== b.length) shapeWhy = `rank ${a.length} declared, ${b.length} inferred`
    else {
      for (let i = 0; i < a.length; i++) {
        const d = a[i], e = b[i]
        if (typeof d === 'number' && typeof e === 'number' && d !== e) {
          shapeWhy = `shape [${a.join(', ')}] declared, [${b.join(', ')}] inferred`
          break
        }
      }
    }
  }
  if (!dtypeDiffers && shapeWhy === '') return
  const why = dtypeDiffers ? `dtype ${declared.dtype} declared, ${inferred.dtype} inferred` : ''
  out.push(`${name}: ${why}${why !== '' && shapeWhy !== '' ? ', ' : ''}${shapeWhy}`)
}

/** `a, b, c and 7 more`: the first few names of a long list. */
export function listSample(items: string[], max = 5, sep = ', '): string {
  if (items.length <= max) return items.join(sep)
  return `${items.slice(0, max).join(sep)}${sep}and ${items.length - max} more`
}

/**
 * A shape given by the user (`--shape`, the app's field) carries no dtype. Where nothing declares one, both
 * loaders (ONNX: build.ts; memoria-graph JSON: io/load.ts) take the dtype of the producing node's first input
 * that has one, and say so in this one warning. `assumed`: `name (dtype)` entries.
 */
export function dtypeAssumedWarning(assumed: string[]): string {
  return `a given shape carries no dtype, and nothing declares one for ${listSample(assumed)}: the dtype of the producing node's first input is assumed; if it is wrong, set "dtype" in a memoria-graph JSON of the model`
}
