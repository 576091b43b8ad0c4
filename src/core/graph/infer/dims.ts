/**
 * Dimension arithmetic: numpy broadcasting, axis normalisation, products, and arithmetic on dims that may be
 * symbolic.
 *
 * A dim is a number, or a string: a symbol no binding resolved, or an expression over such symbols built
 * here (`(L+2)`, `(L*4)`). Expressions are deterministic in their operands, so two tensors derived the same
 * way get equal dims and broadcast against each other. Bound symbols are numbers before inference starts,
 * so in the usual case everything here is plain integer arithmetic. All functions are O(rank).
 */
import { fmtInt } from '../../errors.ts'
import type { Dim } from '../types.ts'
import { bad, type Scalar } from './context.ts'

export function isNum(d: Dim | Scalar): d is number {
  return typeof d === 'number'
}

/** numpy broadcasting of any number of shapes (ONNX multidirectional broadcasting). */
export function broadcast(shapes: Dim[][]): Dim[] {
  const rank = Math.max(0, ...shapes.map((s) => s.length))
  const out: Dim[] = []
  for (let k = 0; k < rank; k++) {
    let d: Dim = 1
    for (const s of shapes) {
      const i = s.length - rank + k
      if (i < 0) continue
      const e = s[i]
      if (e === 1) continue
      if (d === 1) d = e
      else if (d !== e) {
        if (isNum(d) && isNum(e)) bad(`shapes [${shapes.map((x) => x.join(',')).join('] and [')}] do not broadcast`)
        // a symbol against a number: the number (the symbol must be 1 or equal); two symbols: keep the first
        if (!isNum(d) && isNum(e)) d = e
      }
    }
    out.push(d)
  }
  return out
}

/** An axis in [-rank, rank) made non-negative; throws when out of range. */
export function normAxis(axis: number, rank: number): number {
  const a = axis < 0 ? axis + rank : axis
  if (a < 0 || a >= rank || !Number.isInteger(a)) bad(`axis ${axis} is out of range for rank ${rank}`)
  return a
}

export function prodDims(dims: Dim[]): Dim {
  let n: Dim = 1
  for (const d of dims) n = mulDim(n, d)
  return n
}

/** product of dims as a number, or null when any is symbolic */
export function numel(dims: Dim[] | null): number | null {
  if (dims === null) return null
  let n = 1
  for (const d of dims) {
    if (!isNum(d)) return null
    n *= d
  }
  return n
}

function wrap(s: Dim): string {
  return typeof s === 'number' ? String(s) : /^[\w.:]+$/.test(s) ? s : `(${s})`
}

export function addDim(a: Dim, b: Dim): Dim {
  if (isNum(a) && isNum(b)) return a + b
  if (a === 0) return b
  if (b === 0) return a
  return `${wrap(a)}+${wrap(b)}`
}

export function subDim(a: Dim, b: Dim): Dim {
  if (isNum(a) && isNum(b)) return a - b
  if (b === 0) return a
  if (a === b) return 0
  return `${wrap(a)}-${wrap(b)}`
}

export function mulDim(a: Dim, b: Dim): Dim {
  if (isNum(a) && isNum(b)) return a * b
  if (a === 1) return b
  if (b === 1) return a
  if (a === 0 || b === 0) return 0
  return `${wrap(a)}*${wrap(b)}`
}

/** floor division (ONNX integer Div truncates; dims are non-negative so floor and trunc agree) */
export function divDim(a: Dim, b: Dim): Dim {
  if (isNum(a) && isNum(b)) {
    if (b === 0) bad('division by zero in a dimension')
    return Math.trunc(a / b)
  }
  if (b === 1) return a
  if (a === b) return 1
  return `${wrap(a)}/${wrap(b)}`
}

/** A generic symbolic result: `name(args)`, used where no closed form is worth keeping. */
export function symDim(name: string, ...args: Dim[]): string {
  return `${name}(${args.map(wrap).join(',')})`
}

/** A value entry (number or symbolic dim) as a dim; negative or fractional numbers are rejected. */
export function asDim(v: Scalar, what: string): Dim {
  if (typeof v === 'string') return v
  if (!Number.isInteger(v) || v < 0) bad(`${what} ${v} is not a valid dimension`)
  return v
}

/** Permutation check: every axis 0..rank-1 exactly once. */
export function checkPerm(perm: number[], rank: number): void {
  if (perm.length !== rank) bad(`perm [${perm.join(',')}] does not match rank ${rank}`)
  const seen = new Set<number>()
  for (const p of perm) {
    if (p < 0 || p >= rank || seen.has(p)) bad(`perm [${perm.join(',')}] is not a permutation`)
    seen.add(p)
  }
}

/** Row-major strides of a numeric shape. */
export function strides(shape: number[]): number[] {
  const s = new Array<number>(shape.length)
  let acc = 1
  for (let i = shape.length - 1; i >= 0; i--) {
    s[i] = acc
    acc *= shape[i]
  }
  return s
}

/** The numeric shape of a folded value (values only exist for numeric shapes). */
export function numShape(shape: Dim[] | null): number[] | null {
  if (shape === null) return null
  return shape.every(isNum) ? (shape as number[]) : null
}

/**
 * A rank no real tensor comes near (numpy's own limit is 64); a longer shape input is a malformed or
 * mutated file, and building its dims would cost memory per claimed dimension rather than per byte read.
 */
export const MAX_RANK = 64

/**
 * The dims of `out` when only the length of its shape input is known (Reshape, ConstantOfShape): one
 * symbol per position, `out:0`, `out:1`, …. Throws for a length beyond MAX_RANK. O(rank).
 */
export function symbolicDims(out: string, rank: number, what: string): Dim[] {
  if (rank > MAX_RANK) bad(`${what} has ${fmtInt(rank)} entries, so its output would have ${fmtInt(rank)} dimensions (at most ${MAX_RANK} are supported); the file is likely damaged — re-export the model`)
  return Array.from({ length: rank }, (_, i) => `${out}:${i}`)
}
