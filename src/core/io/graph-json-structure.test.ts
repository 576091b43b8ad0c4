/**
 * Issue 16, defect 4: a memoria-graph whose structure is wrong is told so by name, not by the tensor kind
 * that the wrong structure makes disagree (an empty node list left every activation "produced by no node";
 * a weight written by a Constant and by a Relu failed on its kind).
 */
import { describe, expect, it } from 'vitest'
import { MemoriaError } from '../errors.ts'
import { readGraphJson } from './graph-json.ts'

const t = (name: string, kind: string) => ({ name, kind, dtype: 'float32', shape: [4], bytes: 16 })
const n = (name: string, op: string, inputs: string[], outputs: string[]) => ({ name, op, domain: '', inputs, outputs, attributes: {}, flops: 4 })
const doc = (tensors: unknown[], nodes: unknown[], outputs = ['y']) =>
  JSON.stringify({ format: 'memoria-graph', version: 1, name: 'g', producer: '', opset: {}, symbols: {}, inputs: ['x'], outputs, tensors, nodes })

function error(text: string): string {
  try {
    readGraphJson(text)
  } catch (e) {
    if (e instanceof MemoriaError) return `${e.code}: ${e.message}`
    throw e
  }
  return 'no error'
}

describe('graph JSON structure errors', () => {
  it('an empty node list is GRAPH_EMPTY, whatever the tensors say', () => {
    expect(error(doc([t('x', 'input'), t('y', 'activation')], [], []))).toBe('GRAPH_EMPTY: graph "g" has no nodes ($.nodes is empty); there is nothing to plan — export the model with its operators')
    expect(error(doc([t('x', 'input'), t('y', 'output')], []))).toMatch(/^GRAPH_EMPTY: /)
  })

  it('a tensor with two producers is GRAPH_DUPLICATE_OUTPUT naming both, before any kind check', () => {
    const tensors = [t('x', 'input'), t('y', 'output'), t('w', 'weight')]
    const nodes = [n('a', 'Relu', ['x'], ['y']), n('b', 'Constant', [], ['w']), n('c', 'Relu', ['x'], ['w'])]
    expect(error(doc(tensors, nodes))).toBe('GRAPH_DUPLICATE_OUTPUT: tensor "w" is produced by node "b" and again by node "c"; each tensor must have one producer — rename one output')
  })
})
