/**
 * Issue 16, defect 4: an error deep inside nested subgraphs names the path to it by its ends, not by every
 * one of its ~200 labels (a 1,000-deep model gave one 3.7 KB line).
 */
import { describe, expect, it } from 'vitest'
import { MemoriaError } from '../errors.ts'
import { bytesSource } from './byte-source.ts'
import { readOnnx } from './read.ts'
import { attr, FLOAT, graph, modelBytes, node, valueInfo } from './testing.ts'

/** `depth` If nodes, each the then-branch of the one above */
function nestedIfs(depth: number): Uint8Array {
  let g = graph({ name: 'leaf', node: [node('Identity', ['x'], ['y'])], output: [valueInfo('y', FLOAT, null)] })
  for (let i = 0; i < depth; i++) {
    g = graph({ name: `g${i}`, node: [node('If', ['c'], [`o${i}`], [attr('then_branch', { type: 5, g })], `if_${i}`)], output: [valueInfo(`o${i}`, FLOAT, null)] })
  }
  return modelBytes(graph({ name: 'top', node: [node('If', ['c'], ['out'], [attr('then_branch', { type: 5, g })], 'top_if')], input: [valueInfo('c', 9, [])], output: [valueInfo('out', FLOAT, null)] }))
}

describe('a deep error path', () => {
  it('keeps the first and last labels and says how many levels are left out', async () => {
    let err: unknown
    try {
      await readOnnx(bytesSource(nestedIfs(100)))
    } catch (e) {
      err = e
    }
    expect(err).toBeInstanceOf(MemoriaError)
    const m = (err as MemoriaError).message
    expect((err as MemoriaError).code).toBe('ONNX_MALFORMED')
    expect(m).toMatch(/^subgraphs are nested more than 64 levels deep, inside graph > node 0 'top_if' > … \d+ levels … > subgraph > node 0 'if_\d+' > attribute 'then_branch'; /)
    expect(m.length).toBeLessThan(400)
  })

  it('a shallow path is given whole', async () => {
    const r = await readOnnx(bytesSource(nestedIfs(3)))
    expect(r.nodes).toHaveLength(1)
  })
})
