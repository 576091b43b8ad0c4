import { describe, expect, it } from 'vitest'
import { ortMemory, type OrtShape } from './ort-alloc.ts'
import { tinyGraph } from './test-graphs.ts'

// x → A (MatMul) a → T (Tanh) t → B (MatMul) b → C (MatMul) c → D (Relu) y; every tensor 100 bytes, shape [100]
const chain = (): ReturnType<typeof tinyGraph> => tinyGraph({
  nodes: ['A:MatMul:x,w1>a', 'T:Tanh:a>t', 'B:MatMul:t,w2>b', 'C:MatMul:b,w3>c', 'D:Relu:c>y'],
})
const order = [0, 1, 2, 3, 4]
const shapes = (entries: [string, OrtShape][]): Map<string, OrtShape> => new Map(entries)

describe('ortMemory: ORT\'s SameSize on its static shapes', () => {
  it('with the resolved shapes: Tanh and Relu work in place, C reuses a\'s freed buffer, held from A to C', () => {
    const m = ortMemory(chain(), order)
    // A: a | T: a (t in place) | B: a+b | C: a's buffer reused for c, b | D: y is a graph output (own buffer)
    expect(m.during).toEqual([100, 100, 200, 200, 200])
  })

  it('a dim ORT does not know equals nothing: no in-place, no reuse of freed buffers', () => {
    const unknown: OrtShape = [null]
    const m = ortMemory(chain(), order, { shapes: shapes([['a', unknown], ['t', unknown], ['b', unknown], ['c', unknown], ['y', [100]]]) })
    // T allocates t beside a; a is freed after T and nothing takes its place: C allocates anew
    expect(m.during).toEqual([100, 200, 200, 200, 200])
    expect(m.peakBytes).toBe(200)
    // the same shapes with a symbol ORT knows: SameSize again, so the in-place Tanh comes back
    const seq: OrtShape = ['seq']
    const k = ortMemory(chain(), order, { shapes: shapes([['a', seq], ['t', seq], ['b', seq], ['c', seq], ['y', seq]]) })
    expect(k.during).toEqual([100, 100, 200, 200, 200])
    // two different symbols are not the same size
    const d = ortMemory(chain(), order, { shapes: shapes([['a', ['s1']], ['t', ['s2']], ['b', ['s1']], ['c', ['s2']], ['y', ['s2']]]) })
    expect(d.during).toEqual([100, 200, 200, 200, 200])
  })

  it('a value ORT reports with no shape ([]) is unknown, not a scalar', () => {
    const m = ortMemory(chain(), order, { shapes: shapes([['a', []], ['t', []], ['b', []], ['c', []], ['y', []]]) })
    expect(m.during).toEqual([100, 200, 200, 200, 200])
  })

  it('rounds each block of the memory pattern up to ORT\'s 256-byte alignment', () => {
    // live at once at most two 100-byte buffers outside the graph output: 2 × 256
    expect(ortMemory(chain(), order).patternBytes).toBe(512)
  })
})
