import { describe, expect, it } from 'vitest'
import { MemoriaError } from '../core/errors.ts'
import { readGraphJson } from '../core/io/graph-json.ts'
import { validateCluster } from '../core/partition/cluster.ts'
import { buildProblem } from '../core/partition/problem.ts'
import { withCliHints } from './hints.ts'

/** core's message for a call that fails */
function coreMessage(run: () => unknown): string {
  try { run() } catch (e) { if (e instanceof MemoriaError) return e.message; throw e }
  throw new Error('expected a MemoriaError')
}
const GRAPH = JSON.stringify({
  format: 'memoria-graph', version: 1, name: 'g', producer: 'test', opset: { '': 13 }, symbols: { seq: 1 }, inputs: ['x'], outputs: ['y'],
  tensors: [{ name: 'x', kind: 'input', dtype: 'float32', shape: [1, 4], bytes: 16 }, { name: 'y', kind: 'output', dtype: 'float32', shape: [1, 4], bytes: 16 }],
  nodes: [{ name: 'r', op: 'Relu', domain: '', inputs: ['x'], outputs: ['y'], attributes: {}, flops: 4 }],
})

describe('withCliHints', () => {
  it('adds the flags to core\'s neutral wording', () => {
    expect(withCliHints('symbolic dimension seq not bound: assumed 1; bind a value to it'))
      .toBe('symbolic dimension seq not bound: assumed 1; bind a value to it with --dim NAME=VALUE')
    expect(withCliHints('cannot schedule "g": 1 tensor(s) have no known size: "a"; bind a value to seq, or give the shape of each'))
      .toBe('cannot schedule "g": 1 tensor(s) have no known size: "a"; bind a value to seq with --dim NAME=VALUE, or give the shape of each with --shape NAME=1x3x224x224')
    expect(withCliHints('cannot schedule "g": 1 tensor(s) have no known size: "a"; give the shape of each'))
      .toBe('cannot schedule "g": 1 tensor(s) have no known size: "a"; give the shape of each with --shape NAME=1x3x224x224')
    expect(withCliHints('graph input x declares no full type: its size is unknown; give its shape'))
      .toBe('graph input x declares no full type: its size is unknown; give its shape with --shape NAME=DIMS')
  })

  it('gives core\'s neutral graph-JSON, binding, partition, pin and tiling messages their flags back', () => {
    const accepts = coreMessage(() => readGraphJson('{"dependencies": {}}'))
    expect(withCliHints(accepts)).toBe('this is a package.json, not a memoria-graph; the planner reads an .onnx model or a memoria-graph JSON ' +
      '(the planner\'s graph export, `memoria inspect --json`, with "format": "memoria-graph")')
    expect(withCliHints(coreMessage(() => readGraphJson('{"devices": []}')))).toMatch(/^this is a cluster description \(pass it with --cluster\), not/)
    expect(withCliHints(coreMessage(() => readGraphJson('{"assignments": []}')))).toMatch(/^this is a plan \(pass it with --plan\), not/)
    expect(withCliHints(coreMessage(() => readGraphJson('{"format": ')))).toMatch(/one JSON document, as the planner's graph export, `memoria inspect --json`, writes it$/)
    expect(withCliHints(coreMessage(() => readGraphJson(GRAPH, { dims: { seq: 64 } }))))
      .toBe('--dim seq=64: this memoria-graph was written with seq = 1 and its shapes are already computed with it; export it again from the ONNX model with --dim seq=64')
    expect(readGraphJson(GRAPH, { dims: { sq: 3 } }).warnings?.map(withCliHints)).toEqual(['--dim sq=3: the graph has no symbol "sq"; ignored'])
    // sizes known (bytes given) but shapes symbolic: indexing passes, partitioning needs the shapes
    const symbolic = readGraphJson(GRAPH)
    for (const t of symbolic.tensors) t.shape = [1, 'n']
    const one = validateCluster({ devices: [{ name: 'a', gflops: 1, memoryBytes: 1e6, bandwidthMbps: 8, latencyMs: 1 }], source: 'a' })
    expect(withCliHints(coreMessage(() => buildProblem(symbolic, one))))
      .toBe('tensors of unknown shape: x, y; bind a value to each symbol with --dim NAME=VALUE, or give their shapes with --shape NAME=DIMS, before partitioning')
    expect(withCliHints('the planned order; plan for the ort-default target instead')).toBe('the planned order; plan for the ort-default target (--target ort-default) instead')
    expect(withCliHints('costs more than 15.0% extra FLOPs; allow a larger FLOPs overhead')).toBe('costs more than 15.0% extra FLOPs; allow a larger FLOPs overhead with --max-overhead')
  })

  it('leaves other messages as they are', () => {
    expect(withCliHints('the file is empty; open an .onnx model file')).toBe('the file is empty; open an .onnx model file')
  })
})
