/**
 * Issue 16, defect 1: names that are members of Object.prototype (`constructor`, `__proto__`, `toString`,
 * `hasOwnProperty`, `valueOf`) as tensors, graph inputs and outputs, symbols, nodes, an operator, a domain,
 * an attribute and devices, through load → memoria-graph JSON → schedule → partition → evaluate. Before the
 * fix the load threw `TypeError: shape.map is not a function` and `toString` showed as a native function.
 */
import { describe, expect, it } from 'vitest'
import { copyTable, hasName, nameTable, own } from '../names.ts'
import { bytesSource } from '../onnx/byte-source.ts'
import { schedule } from '../memory/schedule.ts'
import { evaluate } from '../partition/evaluate.ts'
import { partition } from '../partition/partition.ts'
import { readGraphJson, writeGraphJson } from './graph-json.ts'
import { loadModel } from './load.ts'
import { PROTOTYPE_DIMS, PROTOTYPE_SHAPES, prototypeNamesCluster, prototypeNamesModel } from './test-prototype-names.ts'

const NAMES = ['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf']

describe('name tables (names.ts)', () => {
  it('keeps every prototype member an ordinary key, own-only lookups on any object', () => {
    const t = nameTable(NAMES.map((n, i) => [n, i]))
    expect(Object.getPrototypeOf(t)).toBeNull()
    expect(Object.keys(t)).toEqual(NAMES)
    NAMES.forEach((n, i) => expect(own(t, n)).toBe(i))
    t.__proto__ = 9 // an own value, not a prototype
    expect(own(t, '__proto__')).toBe(9)
    expect(Object.getPrototypeOf(t)).toBeNull()
    const plain: Record<string, number> = { a: 1 }
    for (const n of NAMES) {
      expect(own(plain, n)).toBeUndefined()
      expect(hasName(plain, n)).toBe(false)
    }
    // JSON.parse makes `__proto__` an own key; a copy keeps it, with no prototype behind it
    const parsed = JSON.parse('{"__proto__": 2, "x": 3}') as Record<string, number>
    const copy = copyTable(parsed)
    expect(own(copy, '__proto__')).toBe(2)
    expect(own(copy, 'toString')).toBeUndefined()
    expect(Object.keys(copy)).toEqual(['__proto__', 'x'])
  })
})

describe('prototype-named model', () => {
  it('loads with every size known and the symbols bound by name', async () => {
    const { graph } = await loadModel(bytesSource(prototypeNamesModel()), 'proto.onnx', { dims: PROTOTYPE_DIMS, shapes: PROTOTYPE_SHAPES })
    expect(Object.entries(graph.symbols)).toEqual([['__proto__', 1], ['toString', 3]])
    expect(graph.assumedSymbols).toEqual([])
    // the only warning: the given shape's dtype, taken from the operator's input
    expect(graph.warnings).toEqual([expect.stringContaining('nothing declares one for __proto__ (float32)')])
    const bytes = new Map(graph.tensors.map((t) => [t.name, t.bytes]))
    expect([...bytes]).toEqual([['constructor', 96], ['hasOwnProperty', 32], ['valueOf', 96], ['toString', 96], ['__proto__', 96], ['isPrototypeOf', 96]])
    expect(graph.tensors.find((t) => t.name === 'constructor')?.shape).toEqual([1, 3, 8])
    expect(graph.nodes.map((n) => n.name)).toEqual(['toString', '__proto__', 'constructor', 'valueOf'])
    expect(graph.nodes.map((n) => n.flops)).toEqual([24, 24, 0, 24])
    expect(own(graph.opset, 'valueOf')).toBe(1)
    expect(Object.keys(graph.nodes[1].attributes)).toEqual(['__proto__'])
    expect(own(graph.nodes[1].attributes, '__proto__')).toBe(1)
  })

  it('unbound, the symbols are assumed 1 and the unknown operator is named, not a native function', async () => {
    const { graph } = await loadModel(bytesSource(prototypeNamesModel()), 'proto.onnx')
    expect(Object.entries(graph.symbols)).toEqual([['__proto__', 1], ['toString', 1]])
    expect(graph.assumedSymbols).toEqual(['__proto__', 'toString'])
    expect(graph.warnings?.join('\n')).toContain('unknown operator valueOf.toString')
    expect(graph.warnings?.join('\n')).not.toContain('native code')
    expect(graph.tensors.find((t) => t.name === 'valueOf')?.bytes).toBe(32)
    expect(graph.tensors.find((t) => t.name === '__proto__')?.bytes).toBeNull()
  })

  it('round-trips through memoria-graph JSON, the `__proto__` attribute included, and binds a JSON graph', async () => {
    const { graph } = await loadModel(bytesSource(prototypeNamesModel()), 'proto.onnx', { dims: PROTOTYPE_DIMS, shapes: PROTOTYPE_SHAPES })
    const text = writeGraphJson(graph)
    expect(text).toContain('"attributes":{"__proto__":1}')
    expect(text).toContain('"symbols": {"__proto__":1,"toString":3}')
    expect(readGraphJson(text)).toEqual(graph)
    // symbols left open in the document take --dim values by name
    const open = text.replace('"shape":[1,3,8],"bytes":96}', '"shape":["__proto__","toString",8],"bytes":null}').replace('"symbols": {"__proto__":1,"toString":3}', '"symbols": {}')
    const bound = readGraphJson(open, { dims: nameTable([['toString', 5], ['__proto__', 2]]) })
    expect(bound.tensors[0]).toMatchObject({ name: 'constructor', shape: [2, 5, 8], bytes: 320 })
    expect(Object.entries(bound.symbols)).toEqual([['toString', 5], ['__proto__', 2]])
  })

  it('schedules and partitions across devices named after prototype members, and evaluate agrees', async () => {
    const { graph } = await loadModel(bytesSource(prototypeNamesModel()), 'proto.onnx', { dims: PROTOTYPE_DIMS, shapes: PROTOTYPE_SHAPES })
    const s = schedule(graph, { memoryModel: 'simple' })
    // one topological order; the unknown op and Mul each hold three 96-byte tensors
    expect(s.order).toEqual(['toString', '__proto__', 'constructor', 'valueOf'])
    expect(s.peakBytes).toBe(288)
    expect(s.optimal).toBe(true)
    expect(Object.entries(s.symbols)).toEqual([['__proto__', 1], ['toString', 3]])
    const cluster = prototypeNamesCluster()
    for (const algo of ['geneflow', 'greedy', 'pipeline', 'single'] as const) {
      const plan = partition(graph, cluster, { algo, order: s.order, generations: 3, memoryModel: 'simple' })
      expect(plan.devices.map((d) => d.name)).toEqual(['__proto__', 'constructor', 'toString'])
      expect(plan.assignments.map((a) => a.node).sort()).toEqual(['__proto__', 'constructor', 'toString', 'valueOf'])
      expect(plan.feasible).toBe(true)
      expect(Number.isFinite(plan.latencyMs)).toBe(true)
      const again = evaluate(graph, cluster, plan)
      expect(again.latencyMs).toBeCloseTo(plan.latencyMs, 9)
      expect(again.devices).toEqual(plan.devices)
    }
  })
})

