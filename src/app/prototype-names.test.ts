/**
 * Issue 16, defect 1 on the page's side: the summary, the group tree and the graph's plan decorations keyed by
 * names that are members of Object.prototype. A plain `{}` gave a node named `constructor` the colour
 * `function Object()`, and dropped the colour of a node named `__proto__` (the assignment set a prototype).
 */
import { describe, expect, it } from 'vitest'
import { loadModel } from '../core/io/load.ts'
import { PROTOTYPE_DIMS, PROTOTYPE_SHAPES, prototypeNamesModel } from '../core/io/test-prototype-names.ts'
import { nameTable } from '../core/names.ts'
import { bytesSource } from '../core/onnx/byte-source.ts'
import { buildGroupTree, topOps } from '../core/view/groups.ts'
import { tiny } from '../core/view/tiny-graph.ts'
import { visibleGraph } from '../core/view/visible.ts'
import { decorate } from './graph/elements.ts'
import { summarize } from './model/summary.ts'

describe('prototype-named nodes and symbols in the app', () => {
  it('decorates only the nodes a plan coloured, whatever their names', () => {
    const g = tiny(['constructor:Relu:in>x', '__proto__:Relu:x>y', 'toString:toString:y>z'])
    const tree = buildGroupTree(g)
    const v = visibleGraph(g, tree, new Set())
    const d = decorate(g, v, { nodeColors: nameTable([['__proto__', 'red']]), nodeBadges: nameTable([['toString', 'split']]) })
    expect(d.get('n0')).toMatchObject({ color: undefined })
    expect(d.get('n1')).toMatchObject({ color: 'red' })
    expect(d.get('n2')).toMatchObject({ color: undefined, badge: 'split' })
    // a plain object from a structured clone or JSON: inherited members are no colours either
    const cloned = decorate(g, v, { nodeColors: JSON.parse('{"__proto__":"blue"}') as Record<string, string> })
    expect([0, 1, 2].map((i) => cloned.get(`n${i}`)?.color)).toEqual([undefined, 'blue', undefined])
    expect(topOps(tree.groups[0], 5)).toEqual([['Relu', 2], ['toString', 1]])
  })

  it('summarises the symbols and operators by name', async () => {
    const { graph } = await loadModel(bytesSource(prototypeNamesModel()), 'proto.onnx', { dims: PROTOTYPE_DIMS, shapes: PROTOTYPE_SHAPES })
    const s = summarize(graph)
    expect(s.symbols).toEqual([{ name: '__proto__', value: 1, assumed: false }, { name: 'toString', value: 3, assumed: false }])
    expect(s.ops.map(([op]) => op).sort()).toEqual(['Add', 'Mul', 'Relu', 'valueOf.toString'])
    expect(s.opset).toEqual([['', 17], ['valueOf', 1]])
  })
})
