import { describe, expect, it } from 'vitest'
import { MemoriaError } from '../errors.ts'
import { buildGraph, modelName } from './build.ts'
import { nodeWeightBytes, weightNames } from './node-weights.ts'
import { at, tensor, tiny } from './test-model.ts'

describe('names, kinds, order', () => {
  const raw = tiny({
    inputs: { x: ['float32', [1, 4]], w: ['float32', [4, 4]] },
    inits: [tensor('w', 'float32', [4, 4])],
    nodes: [
      { op: 'MatMul', inputs: ['x', 'w'], outputs: ['a'], name: '' },
      { op: 'Constant', inputs: [], outputs: ['c'], name: 'dup', attrs: { value: at.t('float32', [1], [2]) } },
      { op: 'Mul', inputs: ['a', 'c'], outputs: ['b'], name: 'dup' },
      { op: 'Relu', inputs: ['b'], outputs: ['y'], name: 'dup' },
      { op: 'Relu', inputs: ['a'], outputs: ['unused'], name: 'dup__2' },
    ],
    outputs: ['y'],
  })
  const g = buildGraph(raw)
  it('unnamed nodes get <op>_<index>, repeats __2, __3 with a warning, file order kept', () => {
    expect(g.nodes.map((n) => n.name)).toEqual(['MatMul_0', 'dup', 'dup__2', 'dup__3', 'dup__2__2'])
    expect(g.warnings!.join('\n')).toMatch(/3 repeated node names made unique/)
  })
  it('kinds: inputs exclude initializers; Constant outputs are weights; every tensor once', () => {
    expect(g.inputs).toEqual(['x'])
    expect(g.tensors.map((t) => [t.name, t.kind])).toEqual([
      ['x', 'input'], ['w', 'weight'], ['a', 'activation'], ['c', 'weight'], ['b', 'activation'], ['y', 'output'], ['unused', 'activation'],
    ])
    expect(g.tensors.find((t) => t.name === 'y')).toMatchObject({ dtype: 'float32', shape: [1, 4], bytes: 16 })
  })
  it('nodeWeightBytes counts distinct weights a node reads', () => {
    expect(nodeWeightBytes(g, g.nodes[0])).toBe(64)
    expect(nodeWeightBytes(g, g.nodes[2])).toBe(4)
    expect(weightNames(g, g.nodes[2])).toEqual(['c'])
    expect(nodeWeightBytes(g, g.nodes[3])).toBe(0)
  })
  it('infers in topological order even when the file is not', () => {
    const r = tiny({
      inputs: { x: ['float32', [2, 3]] },
      nodes: [
        { op: 'Relu', inputs: ['h'], outputs: ['y'] },
        { op: 'Transpose', inputs: ['x'], outputs: ['h'] },
      ],
      outputs: ['y'],
    })
    const h = buildGraph(r)
    expect(h.nodes.map((n) => n.name)).toEqual(['n0', 'n1'])
    expect(h.tensors.find((t) => t.name === 'y')!.shape).toEqual([3, 2])
  })
})

describe('unknown operators and user shapes', () => {
  const raw = tiny({
    inputs: { x: ['float32', [1, 8]] },
    nodes: [
      { op: 'FancyOp', domain: 'com.example', inputs: ['x'], outputs: ['f1', 'f2'] },
      { op: 'Mystery', inputs: ['f1'], outputs: ['m'] },
      { op: 'Relu', inputs: ['m'], outputs: ['y'] },
    ],
    outputs: ['y', 'f2'],
  })
  it('loads, marks outputs unknown (never zero) and lists them in one warning', () => {
    const g = buildGraph(raw)
    const unknown = g.tensors.filter((t) => t.bytes === null).map((t) => t.name)
    expect(unknown).toEqual(['f1', 'f2', 'm', 'y'])
    const w = g.warnings!.filter((s) => s.includes('unknown operator'))
    expect(w).toHaveLength(1)
    expect(w[0]).toMatch(/com\.example\.FancyOp, Mystery/)
    expect(w[0]).toMatch(/the shapes of 3 tensors \(f1, f2, m\) are unknown/)
    expect(g.nodes.map((n) => n.flops)).toEqual([0, 0, 0])
    // the Relu after them is no failure of its own: it is reported as downstream of unknown shapes
    expect(g.warnings!.some((s) => s.includes('shape inference failed'))).toBe(false)
    expect(g.warnings!.join('\n')).toMatch(/1 tensor downstream of unknown shapes is unknown too \(y\)/)
  })
  it('user shapes count, and inference continues from them', () => {
    const g = buildGraph(raw, { shapes: { f1: [1, 8], m: [2, 4] } })
    expect(g.tensors.find((t) => t.name === 'm')).toMatchObject({ dtype: 'float32', shape: [2, 4], bytes: 32 })
    expect(g.tensors.find((t) => t.name === 'y')).toMatchObject({ dtype: 'float32', shape: [2, 4], bytes: 32 })
    expect(g.tensors.find((t) => t.name === 'f2')!.bytes).toBeNull()
    expect(g.nodes[2].flops).toBe(8)
    expect(g.warnings!.some((w) => w.includes('overrides'))).toBe(false)
    // no file declares f1's or m's dtype: the one taken from the node's input is not assumed silently
    expect(g.warnings!.filter((w) => w.includes('carries no dtype'))).toEqual([
      'a given shape carries no dtype, and nothing declares one for f1 (float32), m (float32): the dtype of the producing node\'s first input is assumed; if it is wrong, set "dtype" in a memoria-graph JSON of the model',
    ])
  })
  it('a user shape that contradicts inference wins, with a warning', () => {
    const g = buildGraph(raw, { shapes: { f1: [1, 8], m: [2, 4], y: [8] } })
    expect(g.tensors.find((t) => t.name === 'y')).toMatchObject({ shape: [8], bytes: 32 })
    expect(g.warnings!.join('\n')).toMatch(/^a given shape overrides the inferred shape of y: \[8\] given, \[2, 4\] inferred/m)
  })
  it('declared value_info fills in for an unknown operator; a disagreement with inference is a warning', () => {
    const r = tiny({
      inputs: { x: ['float32', [1, 'n']] },
      nodes: [
        { op: 'Mystery', inputs: ['x'], outputs: ['m'] },
        { op: 'Relu', inputs: ['m'], outputs: ['y'] },
      ],
      valueInfo: { m: ['float16', [1, 'n', 3]], y: ['float16', [1, 5, 3]] },
      outputs: ['y'],
    })
    const g = buildGraph(r, { dims: { n: 4 } })
    expect(g.tensors.find((t) => t.name === 'm')).toMatchObject({ dtype: 'float16', shape: [1, 4, 3], bytes: 24 })
    expect(g.warnings!.some((s) => s.includes('unknown operator'))).toBe(false)
    expect(g.warnings!.join('\n')).toMatch(/value_info disagrees.*y: shape \[1, 5, 3\] declared, \[1, 4, 3\] inferred/)
  })
  it('subgraph nodes take declared outputs and list outer inputs they read', () => {
    const body = { nodes: 3, ops: { Add: 3 }, weightBytes: 0, outerInputs: ['x'] }
    const r = tiny({
      inputs: { c: ['bool', []], x: ['float32', [2]] },
      nodes: [{ op: 'If', inputs: ['c'], outputs: ['o', 'p'], attrs: { then_branch: { type: 'graph', value: body }, else_branch: { type: 'graph', value: body } } }],
      valueInfo: { o: ['float32', [2]] },
      outputs: ['o', 'p'],
    })
    const g = buildGraph(r)
    expect(g.nodes[0].inputs).toEqual(['c', 'x'])
    expect(g.nodes[0].attributes.then_branch).toEqual({ graph: { nodes: 3 } })
    expect(g.tensors.find((t) => t.name === 'o')!.bytes).toBe(8)
    expect(g.tensors.find((t) => t.name === 'p')!.bytes).toBeNull()
    expect(g.warnings!.join('\n')).toMatch(/subgraphs \(n0\)/)
  })
})

describe('com.microsoft operators', () => {
  it('FusedMatMul, SkipLayerNormalization and FastGelu are inferred and costed; Attention stays unknown', () => {
    const g = buildGraph(
      tiny({
        inputs: { x: ['float32', [1, 16, 64]], skip: ['float32', [1, 16, 64]] },
        inits: [tensor('w', 'float32', [32, 64]), tensor('g', 'float32', [64]), tensor('b', 'float32', [64])],
        nodes: [
          { op: 'FusedMatMul', domain: 'com.microsoft', inputs: ['x', 'w'], outputs: ['m'], attrs: { transB: at.i(1) } },
          { op: 'SkipLayerNormalization', domain: 'com.microsoft', inputs: ['x', 'skip', 'g', 'b'], outputs: ['ln', '', '', 'sum'] },
          { op: 'FastGelu', domain: 'com.microsoft', inputs: ['m'], outputs: ['act'] },
          { op: 'Attention', domain: 'com.microsoft', inputs: ['ln'], outputs: ['att'] },
        ],
        outputs: ['act', 'sum', 'att'],
      }),
    )
    const shapeOf = (n: string) => g.tensors.find((t) => t.name === n)!.shape
    expect([shapeOf('m'), shapeOf('ln'), shapeOf('sum'), shapeOf('act'), shapeOf('att')]).toEqual([[1, 16, 32], [1, 16, 64], [1, 16, 64], [1, 16, 32], null])
    expect(g.nodes.map((n) => n.flops)).toEqual([2 * 16 * 32 * 64, 9 * 16 * 64, 16 * 32, 0])
    expect(g.warnings!.join('\n')).toMatch(/unknown operator com\.microsoft\.Attention/)
  })
})

describe('graph inputs without a shape', () => {
  it('are reported, and --shape makes them count', () => {
    const raw = tiny({ inputs: { x: ['float32', null] }, nodes: [{ op: 'Relu', inputs: ['x'], outputs: ['y'] }], outputs: ['y'] })
    const g = buildGraph(raw)
    expect(g.tensors.map((t) => t.bytes)).toEqual([null, null])
    expect(g.warnings!.join('\n')).toMatch(/graph input x declares no full type/)
    const h = buildGraph(raw, { shapes: { x: [2, 3] } })
    expect(h.tensors.map((t) => t.bytes)).toEqual([24, 24])
    expect(h.warnings).toEqual([])
  })
})

describe('malformed graphs', () => {
  const code = (f: () => unknown): string => {
    try {
      f()
    } catch (e) {
      if (e instanceof MemoriaError) return e.code
      throw e
    }
    return 'none'
  }
  it('cycle, dangling input, duplicate producer', () => {
    expect(code(() => buildGraph(tiny({ nodes: [{ op: 'Relu', inputs: ['b'], outputs: ['a'] }, { op: 'Relu', inputs: ['a'], outputs: ['b'] }], outputs: ['a'] })))).toBe('GRAPH_CYCLE')
    expect(code(() => buildGraph(tiny({ nodes: [{ op: 'Relu', inputs: ['nowhere'], outputs: ['a'] }], outputs: ['a'] })))).toBe('GRAPH_DANGLING_INPUT')
    expect(code(() => buildGraph(tiny({ inputs: { x: ['float32', [1]] }, nodes: [{ op: 'Relu', inputs: ['x'], outputs: ['a'] }], outputs: ['a', 'ghost'] })))).toBe('GRAPH_DANGLING_INPUT')
    expect(
      code(() =>
        buildGraph(tiny({ inputs: { x: ['float32', [1]] }, nodes: [{ op: 'Relu', inputs: ['x'], outputs: ['a'] }, { op: 'Neg', inputs: ['x'], outputs: ['a'] }], outputs: ['a'] })),
      ),
    ).toBe('GRAPH_DUPLICATE_OUTPUT')
  })
})

describe('model name', () => {
  it("uses the file's stem when the graph name is an exporter default, and the graph name otherwise", () => {
    expect(modelName('torch_jit', 'models/resnet50.onnx')).toBe('resnet50')
    expect(modelName('main_graph', 'C:\\m\\gpt2.ONNX')).toBe('gpt2')
    expect(modelName('', 'bert.json')).toBe('bert')
    expect(modelName('my_net', 'resnet50.onnx')).toBe('my_net')
    expect(modelName('torch_jit', undefined)).toBe('torch_jit')
  })
})
