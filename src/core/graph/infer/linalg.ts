/**
 * Matrix products: Gemm, MatMul (numpy semantics: 1-D operands promoted then squeezed, batch dims
 * broadcast), MatMulInteger, QLinearMatMul, Einsum (explicit and implicit output, `...` broadcast).
 *
 * `einsumDims` is shared with flops.ts: it gives the size of every index letter, from which the product
 * count follows. O(rank) per node (Einsum: O(equation length)).
 */
import type { Dim } from '../types.ts'
import { allInputs, attrInt, attrStr, bad, input, shapeOf, type InferFn } from './context.ts'
import { broadcast, isNum } from './dims.ts'

function sameDim(a: Dim, b: Dim, what: string): void {
  if (isNum(a) && isNum(b) && a !== b) bad(`${what}: ${a} ≠ ${b}`)
}

/** The output shape of numpy matmul. */
export function matmulShape(a: Dim[], b: Dim[]): Dim[] {
  if (a.length === 0 || b.length === 0) bad('MatMul operands must have rank ≥ 1')
  const a2 = a.length === 1 ? [1, a[0]] : a
  const b2 = b.length === 1 ? [b[0], 1] : b
  sameDim(a2[a2.length - 1], b2[b2.length - 2], 'MatMul inner dimensions differ')
  const batch = broadcast([a2.slice(0, -2), b2.slice(0, -2)])
  const out = [...batch]
  if (a.length > 1) out.push(a2[a2.length - 2])
  if (b.length > 1) out.push(b2[b2.length - 1])
  return out
}

const matmul: InferFn = (c) => {
  const q = c.node.op === 'QLinearMatMul'
  const a = shapeOf(c, 0)
  const b = shapeOf(c, q ? 3 : 1)
  const dtype = c.node.op === 'MatMulInteger' ? 'int32' : q ? input(c, 7).dtype : input(c, 0).dtype
  return [{ dtype, shape: matmulShape(a, b) }]
}

const gemm: InferFn = (c) => {
  const a = shapeOf(c, 0)
  const b = shapeOf(c, 1)
  if (a.length !== 2 || b.length !== 2) bad(`Gemm needs 2-D operands, got ranks ${a.length} and ${b.length}`)
  const ta = attrInt(c, 'transA', 0) === 1
  const tb = attrInt(c, 'transB', 0) === 1
  const [m, ka] = ta ? [a[1], a[0]] : [a[0], a[1]]
  const [kb, n] = tb ? [b[1], b[0]] : [b[0], b[1]]
  sameDim(ka, kb, 'Gemm inner dimensions differ')
  return [{ dtype: input(c, 0).dtype, shape: [m, n] }]
}

export interface EinsumParse {
  inputs: string[][]
  output: string[]
  /** size of every letter; '…' stands for the broadcast ellipsis dims (not in this map) */
  sizes: Map<string, Dim>
  ellipsis: Dim[]
}

/** Parses an einsum equation against the operand shapes. Letters are single characters; `...` is '…'. */
export function einsumDims(equation: string, shapes: Dim[][]): EinsumParse {
  const eq = equation.replace(/\s+/g, '').replaceAll('...', '…')
  const [lhs, rhs] = eq.split('->')
  const terms = lhs.split(',')
  if (terms.length !== shapes.length) bad(`equation "${equation}" has ${terms.length} operands, the node ${shapes.length}`)
  const sizes = new Map<string, Dim>()
  const ells: Dim[][] = []
  const inputs = terms.map((t, k) => {
    const letters = [...t]
    const s = shapes[k]
    const nEll = letters.includes('…') ? s.length - (letters.length - 1) : 0
    if (nEll < 0 || (nEll === 0 && !letters.includes('…') && letters.length !== s.length)) bad(`operand ${k} has rank ${s.length}, the equation term "${t}" another`)
    let j = 0
    for (const l of letters) {
      if (l === '…') {
        ells.push(s.slice(j, j + nEll))
        j += nEll
        continue
      }
      const d = s[j++]
      const prev = sizes.get(l)
      if (prev === undefined || prev === 1) sizes.set(l, d)
      else if (d !== 1) sameDim(prev, d, `einsum index ${l}`)
    }
    return letters
  })
  const ellipsis = broadcast(ells)
  let output: string[]
  if (rhs !== undefined) output = [...rhs]
  else {
    const count = new Map<string, number>()
    for (const t of inputs) for (const l of t) if (l !== '…') count.set(l, (count.get(l) ?? 0) + 1)
    output = [...(ells.length > 0 ? ['…'] : []), ...[...count].filter(([, n]) => n === 1).map(([l]) => l).sort()]
  }
  for (const l of output) if (l !== '…' && !sizes.has(l)) bad(`einsum output index ${l} is not in any operand`)
  return { inputs, output, sizes, ellipsis }
}

const einsum: InferFn = (c) => {
  const shapes = allInputs(c).map((_, i) => shapeOf(c, i))
  const p = einsumDims(attrStr(c, 'equation', ''), shapes)
  const shape = p.output.flatMap((l) => (l === '…' ? p.ellipsis : [p.sizes.get(l)!]))
  return [{ dtype: input(c, 0).dtype, shape }]
}

export const LINALG: Record<string, InferFn> = {
  Gemm: gemm,
  MatMul: matmul,
  MatMulInteger: matmul,
  QLinearMatMul: matmul,
  Einsum: einsum,
}
