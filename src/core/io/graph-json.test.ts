import { describe, expect, it } from 'vitest'
import { MemoriaError } from '../errors.ts'
import type { MemoriaGraph, NodeInfo, TensorInfo } from '../graph/types.ts'
import { readGraphJson, writeGraphJson } from './graph-json.ts'
import { validateGraph, validateIndexed } from './validate.ts'

function t(name: string, kind: TensorInfo['kind'], shape: TensorInfo['shape'] = [1, 4], dtype: TensorInfo['dtype'] = 'float32'): TensorInfo {
  const bytes = shape !== null && shape.every((d) => typeof d === 'number') && dtype === 'float32' ? (shape as number[]).reduce((a, b) => a * b, 4) : null
  return { name, kind, dtype, shape, bytes }
}
function n(name: string, op: string, inputs: string[], outputs: string[], attributes: NodeInfo['attributes'] = {}): NodeInfo {
  return { name, op, domain: '', inputs, outputs, attributes, flops: 8 }
}

/** x → A(relu) → a; x, w → B(matmul) → b; a, b → C(add) → y */
function diamond(): MemoriaGraph {
  return {
    format: 'memoria-graph', version: 1, name: 'diamond', producer: 'test', opset: { '': 13 }, symbols: {},
    inputs: ['x'], outputs: ['y'],
    tensors: [t('x', 'input'), t('w', 'weight', [4, 4]), t('a', 'activation'), t('b', 'activation'), t('y', 'output')],
    nodes: [
      n('A', 'Relu', ['x'], ['a']),
      n('B', 'MatMul', ['x', 'w'], ['b']),
      n('C', 'Add', ['a', 'b'], ['y'], { big: '9223372036854775807', list: [1, 2], f: 0.5, s: 'x', tv: { dtype: 'int64', shape: [2], values: [3, 4] }, g: { graph: { nodes: 3 } } }),
    ],
  }
}

function code(f: () => unknown): string {
  try {
    f()
  } catch (e) {
    if (e instanceof MemoriaError) return `${e.code}: ${e.message}`
    throw e
  }
  return 'no error'
}

describe('memoria-graph JSON', () => {
  it('round-trips a graph exactly, keys in SPEC order, one tensor and node per line', () => {
    const g = diamond()
    const text = writeGraphJson(g)
    expect(readGraphJson(text)).toEqual(g)
    expect(Object.keys(JSON.parse(text))).toEqual(['format', 'version', 'name', 'producer', 'opset', 'symbols', 'inputs', 'outputs', 'tensors', 'nodes'])
    expect(text.split('\n').filter((l) => l.startsWith('    {"name":')).length).toBe(g.tensors.length + g.nodes.length)
  })

  it('writes int64 beyond 2^53 as decimal strings and non-finite floats as names', () => {
    const g = diamond()
    g.nodes[0].attributes = { a: 2 ** 60, b: [-(2 ** 62), 7], c: Infinity, d: 3.4028234663852886e38 }
    const attrs = JSON.parse(writeGraphJson(g)).nodes[0].attributes
    expect(attrs).toEqual({ a: '1152921504606846976', b: ['-4611686018427387904', 7], c: 'Infinity', d: 3.4028234663852886e38 })
    const doc = JSON.parse(writeGraphJson(diamond()))
    doc.nodes[2].attributes.list = [1, 2 ** 63]
    expect(code(() => readGraphJson(JSON.stringify(doc)))).toMatch(/^GRAPH_JSON_INVALID: \$\.nodes\[2\]\.attributes\["list"\]\[1\] should be a decimal string for an integer beyond ±2\^53/)
  })

  it('binds symbolic dims with --dim, else symbols, else leaves them open, and recomputes bytes', () => {
    const g = diamond()
    g.tensors[0] = t('x', 'input', [1, 'seq'])
    g.tensors[2] = t('a', 'activation', ['batch', 'seq'])
    g.symbols = { batch: 2 }
    g.assumedSymbols = ['seq']
    const text = writeGraphJson(g)
    const bound = readGraphJson(text, { dims: { seq: 64 } })
    expect(bound.tensors[0]).toMatchObject({ shape: [1, 64], bytes: 256 })
    expect(bound.tensors[2]).toMatchObject({ shape: [2, 64], bytes: 512 })
    expect(bound.symbols).toEqual({ seq: 64, batch: 2 })
    expect(bound.assumedSymbols).toEqual([])
    const open = readGraphJson(text)
    expect(open.tensors[0]).toMatchObject({ shape: [1, 'seq'], bytes: null })
    expect(open.tensors[2]).toMatchObject({ shape: [2, 'seq'], bytes: null })
    expect(open.assumedSymbols).toEqual(['seq'])
  })

  it('refuses a binding that contradicts a symbol already resolved, and warns for an unknown one (no CLI flags: the app shows these)', () => {
    const g = diamond()
    g.symbols = { seq: 1 }
    const text = writeGraphJson(g)
    expect(code(() => readGraphJson(text, { dims: { seq: 64 } }))).toMatch(/^ARG_INVALID: the binding seq = 64: .*written with seq = 1 .*; export it again from the ONNX model with seq = 64$/)
    expect(readGraphJson(text, { dims: { seq: 1 } }).warnings).toBeUndefined()
    expect(readGraphJson(text, { dims: { sq: 3 } }).warnings).toEqual(['the binding sq = 3: the graph has no symbol "sq"; ignored'])
  })

  it('names the JSON path and what it expects', () => {
    const doc = JSON.parse(writeGraphJson(diamond()))
    doc.tensors[2].shape = [1, -4]
    expect(code(() => readGraphJson(JSON.stringify(doc)))).toMatch(/^GRAPH_JSON_INVALID: \$\.tensors\[2\]\.shape\[1\] should be an integer ≥ 0, but is number -4/)
    doc.tensors[2].shape = [1, 4]
    doc.tensors[2].bytes = 17
    expect(code(() => readGraphJson(JSON.stringify(doc)))).toMatch(/^GRAPH_JSON_INVALID: \$\.tensors\[2\]\.bytes is 17 but float32 \[1,4\] gives 16/)
    delete doc.nodes
    expect(code(() => readGraphJson(JSON.stringify(doc)))).toMatch(/^GRAPH_JSON_INVALID: \$\.nodes should be an array, but is missing/)
    expect(code(() => readGraphJson('{"format": "memoria-graph", "version": 2}'))).toMatch(/version is number 2; this planner reads memoria-graph version 1/)
    expect(code(() => readGraphJson('{"format": '))).toMatch(/^GRAPH_JSON_INVALID: the file is not valid JSON/)
  })

  it('says what a JSON that is not memoria-graph is, and what the planner accepts', () => {
    expect(code(() => readGraphJson('{"name": "x", "version": "1.0.0", "dependencies": {}}'))).toMatch(/^GRAPH_JSON_INVALID: this is a package\.json, not a memoria-graph; the planner reads an \.onnx model or a memoria-graph JSON/)
    expect(code(() => readGraphJson('{"model": "a.onnx", "shape_inference": {}, "summary": {}, "tensors": {}}'))).toMatch(/this is a shapes\.json/)
    expect(code(() => readGraphJson('{"devices": []}'))).toMatch(/this is a cluster description \(import it as the cluster, not as the model\)/)
    expect(code(() => readGraphJson('{"assignments": []}'))).toMatch(/this is a plan \(load it as a plan, not as the model\)/)
    // core's wording names no command-line flag or command (the app shows these messages as they are)
    for (const text of ['{"devices": []}', '{"assignments": []}', '{"dependencies": {}}', '{"format": ']) expect(code(() => readGraphJson(text))).not.toMatch(/--|inspect/)
    expect(code(() => readGraphJson('[1, 2]'))).toMatch(/this is a JSON array, not a memoria-graph/)
    expect(code(() => readGraphJson('42'))).toMatch(/this is a JSON number/)
  })

  it('checks that kinds agree with the roles', () => {
    const doc = JSON.parse(writeGraphJson(diamond()))
    doc.tensors[2].kind = 'weight'
    expect(code(() => readGraphJson(JSON.stringify(doc)))).toMatch(/\$\.tensors\[2\]\.kind should be "weight" only for an initializer or a Constant output; "a" is produced by a Relu node/)
  })
})

describe('validateGraph', () => {
  it('validates a graph once, and again when its arrays change', () => {
    const g = diamond()
    const first = validateIndexed(g)
    expect(validateIndexed(g)).toBe(first)
    // a node pushed whose output has no tensor entry: the new length is noticed
    g.nodes.push(n('D', 'Relu', ['ghost'], ['y2']))
    expect(code(() => validateIndexed(g))).toMatch(/^GRAPH_JSON_INVALID: tensor "y2" \(output of node "D"\)/)
    // a replaced array likewise, and a graph that fails is not remembered
    const h = diamond()
    validateIndexed(h)
    h.outputs = ['nowhere']
    expect(code(() => validateIndexed(h))).toMatch(/^GRAPH_JSON_INVALID: tensor "nowhere"/)
    expect(code(() => validateIndexed(h))).toMatch(/^GRAPH_JSON_INVALID: tensor "nowhere"/)
  })

  it('returns a topological order', () => {
    const g = diamond()
    g.nodes.reverse()
    const order = validateGraph(g).map((i) => g.nodes[i].name)
    expect(order.indexOf('C')).toBe(2)
  })

  it('names the nodes on a cycle', () => {
    const g = diamond()
    g.nodes[0].inputs = ['y'] // A reads C's output: A → C → A
    expect(code(() => validateGraph(g))).toBe('GRAPH_CYCLE: the nodes form a cycle of 2: "A" → "C" → "A"; a model must be acyclic — remove the edge that feeds a node\'s output back to it')
  })

  it('cuts a long cycle (and long names in it) to its ends, so the message stays one short line', () => {
    const count = 40
    const name = (i: number) => `/block${i}/${'x'.repeat(i === 0 ? 200 : 10)}`
    const ring = JSON.stringify({
      format: 'memoria-graph', version: 1, name: 'ring', inputs: [], outputs: [],
      tensors: Array.from({ length: count }, (_, i) => ({ name: `t${i}`, kind: 'activation', dtype: 'float32', shape: [1], bytes: 4 })),
      nodes: Array.from({ length: count }, (_, i) => ({ name: name(i), op: 'Relu', domain: '', inputs: [`t${(i + count - 1) % count}`], outputs: [`t${i}`], attributes: {}, flops: 0 })),
    })
    const m = code(() => validateGraph(readGraphJson(ring)))
    expect(m).toMatch(/^GRAPH_CYCLE: the nodes form a cycle of 40: "\/block0\/x{21}…\(208 characters\)…x{29}" → "\/block1\/x{10}" → .* → … 35 more nodes … → .* → "\/block0\/x{21}…\(208 characters\)…x{29}"; /)
    expect(m.length).toBeLessThan(600)
  })

  it('names a dangling input and its node', () => {
    const g = diamond()
    g.tensors.push(t('ghost', 'activation'))
    g.nodes[2].inputs.push('ghost')
    expect(code(() => validateGraph(g))).toMatch(/^GRAPH_DANGLING_INPUT: node "C" reads tensor "ghost", which no node produces and which is no graph input or weight/)
    // through the reader, the same graph fails on its kind first: an activation nobody produces
    expect(code(() => readGraphJson(writeGraphJson(g)))).toMatch(/^GRAPH_JSON_INVALID: \$\.tensors\[5\]\.kind/)
    g.tensors.pop()
    expect(code(() => validateGraph(g))).toMatch(/^GRAPH_JSON_INVALID: tensor "ghost" \(input of node "C"\) has no entry in "tensors"/)
  })

  it('rejects a tensor produced twice, repeated node names, and an empty graph', () => {
    const g = diamond()
    g.nodes[1].outputs = ['a']
    expect(code(() => validateGraph(g))).toMatch(/^GRAPH_DUPLICATE_OUTPUT: tensor "a" is produced by node "A" and again by node "B"/)
    const h = diamond()
    h.nodes[1].name = 'A'
    expect(code(() => validateGraph(h))).toMatch(/^GRAPH_JSON_INVALID: node name "A" is used by nodes 0 and 1/)
    expect(code(() => validateGraph({ ...diamond(), nodes: [] }))).toMatch(/^GRAPH_EMPTY: /)
  })
})
