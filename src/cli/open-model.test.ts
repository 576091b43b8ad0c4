// SHAPE_UNKNOWN (docs/spec.md section 3): the message says what is missing and the remedy that works for it —
// --shape for a missing shape, the JSON's "dtype" for a missing dtype (no flag gives one), nothing for string.
import { describe, expect, it } from 'vitest'
import { MemoriaError } from '../core/errors.ts'
import type { MemoriaGraph, TensorInfo } from '../core/graph/types.ts'
import { requireKnownSizes } from './open-model.ts'

function graphWith(...extra: TensorInfo[]): MemoriaGraph {
  return {
    format: 'memoria-graph', version: 1, name: 'g', producer: '', opset: {}, symbols: {}, inputs: ['x'], outputs: [],
    tensors: [{ name: 'x', kind: 'input', dtype: 'float32', shape: [2], bytes: 8 }, ...extra], nodes: [],
  }
}

function message(g: MemoriaGraph): string {
  try {
    requireKnownSizes(g, 'schedule')
  } catch (e) {
    if (e instanceof MemoriaError) return `${e.code}: ${e.message}`
    throw e
  }
  return 'no error'
}

describe('requireKnownSizes', () => {
  it('passes when every size is known', () => expect(message(graphWith())).toBe('no error'))

  it('a missing shape: give it with --shape', () => {
    expect(message(graphWith({ name: 'h', kind: 'activation', dtype: 'float32', shape: null, bytes: null }))).toBe(
      'SHAPE_UNKNOWN: schedule needs every tensor\'s size, but 1 is unknown: "h"; give it with --shape NAME=1x3x224x224 (`inspect` lists them)')
    expect(message(graphWith({ name: 'h', kind: 'activation', dtype: null, shape: [1, 'n'], bytes: null }))).toMatch(/"h"; give it with --shape/)
  })

  it('a shape without a dtype: --shape cannot help, the JSON must say the dtype', () => {
    expect(message(graphWith({ name: 'h', kind: 'activation', dtype: null, shape: [4], bytes: null }))).toBe(
      'SHAPE_UNKNOWN: schedule needs every tensor\'s size, but "h" has a shape and no dtype, and no producer\'s input gives one; set "dtype" on it in the memoria-graph JSON (`inspect --json` writes one)')
  })

  it('a string tensor: cannot be planned', () => {
    expect(message(graphWith({ name: 's', kind: 'activation', dtype: 'string', shape: [4], bytes: null }))).toMatch(/"s" has dtype string, which has no fixed size/)
  })
})
