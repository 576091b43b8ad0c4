import { describe, expect, it } from 'vitest'
import { buildGraph, type BuildOptions } from './build.ts'
import { reshapeDims } from './infer/shape-ops.ts'
import { at, tensor, tiny, type Tiny } from './test-model.ts'
import type { MemoriaGraph } from './types.ts'

function build(spec: Tiny, opts: BuildOptions = {}): MemoriaGraph {
  return buildGraph(tiny(spec), opts)
}
function t(g: MemoriaGraph, name: string) {
  const x = g.tensors.find((e) => e.name === name)
  if (!x) throw new Error(`no tensor ${name}`)
  return x
}
const shape = (g: MemoriaGraph, name: string) => t(g, name).shape
const I64 = (name: string, values: number[]) => tensor(name, 'int64', [values.length], values)

describe('Reshape', () => {
  const one = (target: number[], inShape: number[], allowzero?: number) =>
    shape(
      build({
        inputs: { x: ['float32', inShape] },
        inits: [I64('s', target)],
        nodes: [{ op: 'Reshape', inputs: ['x', 's'], outputs: ['y'], attrs: allowzero ? { allowzero: at.i(allowzero) } : {} }],
        outputs: ['y'],
        opset: 14,
      }),
      'y',
    )
  it('0 copies the input dim and −1 takes the rest', () => {
    expect(one([0, -1], [2, 3, 4])).toEqual([2, 12])
    expect(one([0, 0, 2, -1], [1, 128, 768])).toEqual([1, 128, 2, 384])
    expect(one([-1], [2, 3, 4])).toEqual([24])
  })
  it('allowzero keeps a literal 0', () => {
    expect(one([0, 24], [0, 24], 1)).toEqual([0, 24])
  })
  it('an impossible target makes the output unknown with a warning', () => {
    const g = build({
      inputs: { x: ['float32', [2, 3]] },
      inits: [I64('s', [4, -1])],
      nodes: [{ op: 'Reshape', inputs: ['x', 's'], outputs: ['y'] }],
      outputs: ['y'],
    })
    expect(t(g, 'y')).toMatchObject({ shape: null, bytes: null })
    expect(g.warnings!.join('\n')).toMatch(/Reshape.*do not divide/)
  })
  it('resolves a Shape → Gather → Unsqueeze → Concat chain to the bound symbol, or keeps it symbolic', () => {
    const spec: Tiny = {
      inputs: { x: ['float32', [1, 'seq', 768]] },
      inits: [tensor('i1', 'int64', [], [1]), I64('heads', [12]), I64('hd', [64]), I64('zero', [0])],
      nodes: [
        { op: 'Shape', inputs: ['x'], outputs: ['sh'] },
        { op: 'Gather', inputs: ['sh', 'i1'], outputs: ['len'], attrs: { axis: at.i(0) } },
        { op: 'Unsqueeze', inputs: ['len', 'zero'], outputs: ['len1'] },
        { op: 'Concat', inputs: ['len1', 'heads', 'hd'], outputs: ['target'], attrs: { axis: at.i(0) } },
        { op: 'Reshape', inputs: ['x', 'target'], outputs: ['y'] },
        { op: 'Transpose', inputs: ['y'], outputs: ['z'], attrs: { perm: at.is([1, 0, 2]) } },
      ],
      outputs: ['z'],
    }
    const bound = build(spec, { dims: { seq: 128 } })
    expect(shape(bound, 'y')).toEqual([128, 12, 64])
    expect(t(bound, 'z')).toMatchObject({ shape: [12, 128, 64], bytes: 12 * 128 * 64 * 4 })
    expect(bound.symbols).toEqual({ seq: 128 })
    const unbound = build(spec)
    expect(unbound.symbols).toEqual({ seq: 1 })
    expect(unbound.assumedSymbols).toEqual(['seq'])
    expect(shape(unbound, 'y')).toEqual([1, 12, 64])
    expect(unbound.warnings!.join('\n')).toMatch(/seq not bound: assumed 1/)
  })
  it('−1 cancels matching symbols when a dim stays symbolic', () => {
    expect(reshapeDims([1, 'L', 768], [0, 0, 12, -1], false)).toEqual([1, 'L', 12, 64])
    expect(reshapeDims([2, 'L', 6], [-1, 'L'], false)).toEqual([12, 'L'])
    expect(reshapeDims([2, 'L', 6], [4, -1], false)).toEqual([4, '3*L'])
  })
  it('an unnamed input dim is a symbol of its own, bound to 1 unless the user binds it', () => {
    const g = build({
      inputs: { x: ['float32', [1, null, 768]] },
      inits: [I64('s', [0, 0, 12, -1])],
      nodes: [{ op: 'Reshape', inputs: ['x', 's'], outputs: ['y'] }],
      outputs: ['y'],
    })
    // an unnamed input dim is a symbol of its own, bound to 1 unless the user binds it
    expect(g.symbols).toEqual({ x_dim1: 1 })
    expect(shape(g, 'y')).toEqual([1, 1, 12, 64])
  })
})

describe('Slice', () => {
  const run = (starts: number[], ends: number[], axes: number[], steps: number[]) =>
    build({
      inits: [tensor('x', 'int64', [10], [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]), I64('st', starts), I64('en', ends), I64('ax', axes), I64('sp', steps)],
      nodes: [
        { op: 'Slice', inputs: ['x', 'st', 'en', 'ax', 'sp'], outputs: ['y'] },
        { op: 'ConstantOfShape', inputs: ['y'], outputs: ['probe'] },
      ],
      outputs: ['y', 'probe'],
    })
  it('negative steps walk backwards with ONNX clamping', () => {
    expect(shape(run([8], [2], [0], [-2]), 'y')).toEqual([3])
    // the folded values feed ConstantOfShape: [8, 6, 4]
    expect(shape(run([8], [2], [0], [-2]), 'probe')).toEqual([8, 6, 4])
    expect(shape(run([-1], [-9007199254740991], [0], [-1]), 'y')).toEqual([10])
    expect(shape(run([-1], [-11], [0], [-3]), 'probe')).toEqual([9, 6, 3, 0])
  })
  it('clamps out-of-range bounds and gives empty slices', () => {
    expect(shape(run([2], [1000], [0], [1]), 'y')).toEqual([8])
    expect(shape(run([5], [2], [0], [1]), 'y')).toEqual([0])
    expect(shape(run([-3], [9007199254740991], [-1], [1]), 'probe')).toEqual([7, 8, 9])
  })
  it('attribute form before opset 10', () => {
    const g = build({
      inputs: { x: ['float32', [4, 6]] },
      nodes: [{ op: 'Slice', inputs: ['x'], outputs: ['y'], attrs: { starts: at.is([1]), ends: at.is([-1]), axes: at.is([1]) } }],
      outputs: ['y'],
      opset: 9,
    })
    expect(shape(g, 'y')).toEqual([4, 4])
  })
})

describe('pooling and convolution windows', () => {
  const pool = (inDim: number, attrs: Record<string, ReturnType<typeof at.i>>) =>
    shape(
      build({
        inputs: { x: ['float32', [1, 8, inDim, inDim]] },
        nodes: [{ op: 'MaxPool', inputs: ['x'], outputs: ['y'], attrs }],
        outputs: ['y'],
      }),
      'y',
    )
  it('ceil_mode rounds up, but never starts a window in the end padding', () => {
    expect(pool(112, { kernel_shape: at.is([3, 3]), strides: at.is([2, 2]) })).toEqual([1, 8, 55, 55])
    expect(pool(112, { kernel_shape: at.is([3, 3]), strides: at.is([2, 2]), ceil_mode: at.i(1) })).toEqual([1, 8, 56, 56])
    // 3 + pads 1/1, k 2, s 2: ceil gives 3 windows, the last one starts at padded index 4 = in + pb → dropped
    expect(pool(3, { kernel_shape: at.is([2, 2]), strides: at.is([2, 2]), pads: at.is([1, 1, 1, 1]), ceil_mode: at.i(1) })).toEqual([1, 8, 2, 2])
  })
  it('dilations widen the window; SAME_UPPER is ceil(in / stride)', () => {
    expect(pool(10, { kernel_shape: at.is([3, 3]), dilations: at.is([2, 2]) })).toEqual([1, 8, 6, 6])
    expect(pool(7, { kernel_shape: at.is([3, 3]), strides: at.is([2, 2]), auto_pad: at.s('SAME_UPPER') as never })).toEqual([1, 8, 4, 4])
  })
  it('Conv with SAME_UPPER, explicit pads and groups', () => {
    const g = build({
      inputs: { x: ['float32', [1, 4, 7, 9]] },
      inits: [tensor('w', 'float32', [8, 2, 3, 3]), tensor('w2', 'float32', [6, 8, 1, 1])],
      nodes: [
        { op: 'Conv', inputs: ['x', 'w'], outputs: ['y'], attrs: { group: at.i(2), strides: at.is([2, 2]), auto_pad: at.s('SAME_UPPER') } },
        { op: 'Conv', inputs: ['y', 'w2'], outputs: ['z'], attrs: { pads: at.is([1, 0, 1, 0]) } },
      ],
      outputs: ['z'],
    })
    expect(shape(g, 'y')).toEqual([1, 8, 4, 5])
    expect(shape(g, 'z')).toEqual([1, 6, 6, 5])
  })
  it('ConvTranspose doubles with stride 2 and output_padding', () => {
    const g = build({
      inputs: { x: ['float32', [1, 8, 5, 5]] },
      inits: [tensor('w', 'float32', [8, 4, 3, 3])],
      nodes: [{ op: 'ConvTranspose', inputs: ['x', 'w'], outputs: ['y'], attrs: { strides: at.is([2, 2]), pads: at.is([1, 1, 1, 1]), output_padding: at.is([1, 1]) } }],
      outputs: ['y'],
    })
    expect(shape(g, 'y')).toEqual([1, 4, 10, 10])
  })
})

describe('broadcasting and element-wise', () => {
  it('numpy rules, bool comparisons, Where', () => {
    const g = build({
      inputs: { a: ['float32', [2, 1, 4]], b: ['float32', [3, 1]], c: ['bool', [4]] },
      nodes: [
        { op: 'Add', inputs: ['a', 'b'], outputs: ['s'] },
        { op: 'Less', inputs: ['s', 'a'], outputs: ['l'] },
        { op: 'Where', inputs: ['c', 's', 'b'], outputs: ['w'] },
      ],
      outputs: ['w', 'l'],
    })
    expect(t(g, 's')).toMatchObject({ dtype: 'float32', shape: [2, 3, 4] })
    expect(t(g, 'l')).toMatchObject({ dtype: 'bool', shape: [2, 3, 4], bytes: 24 })
    expect(shape(g, 'w')).toEqual([2, 3, 4])
  })
  it('MatMul broadcasts batch dims and squeezes 1-D operands', () => {
    const g = build({
      inputs: { a: ['float32', [5, 1, 3, 4]], b: ['float32', [6, 4, 2]], v: ['float32', [4]] },
      nodes: [
        { op: 'MatMul', inputs: ['a', 'b'], outputs: ['m'] },
        { op: 'MatMul', inputs: ['a', 'v'], outputs: ['mv'] },
        { op: 'MatMul', inputs: ['v', 'b'], outputs: ['vm'] },
      ],
      outputs: ['m', 'mv', 'vm'],
    })
    expect(shape(g, 'm')).toEqual([5, 6, 3, 2])
    expect(shape(g, 'mv')).toEqual([5, 1, 3])
    expect(shape(g, 'vm')).toEqual([6, 2])
  })
  it('incompatible shapes: one warning, unknown output, the model still loads', () => {
    const g = build({
      inputs: { a: ['float32', [2, 3]], b: ['float32', [4]] },
      nodes: [{ op: 'Mul', inputs: ['a', 'b'], outputs: ['y'] }],
      outputs: ['y'],
    })
    expect(t(g, 'y')).toMatchObject({ dtype: null, shape: null, bytes: null })
    expect(g.warnings!.join('\n')).toMatch(/do not broadcast/)
  })
})

describe('Split forms', () => {
  const split = (opset: number, attrs: Record<string, ReturnType<typeof at.i>>, outs: number, splitInput?: number[]) => {
    const g = build({
      inputs: { x: ['float32', [10, 2]] },
      inits: splitInput ? [I64('sp', splitInput)] : [],
      nodes: [{ op: 'Split', inputs: splitInput ? ['x', 'sp'] : ['x'], outputs: Array.from({ length: outs }, (_, i) => `y${i}`), attrs }],
      outputs: Array.from({ length: outs }, (_, i) => `y${i}`),
      opset,
    })
    return Array.from({ length: outs }, (_, i) => shape(g, `y${i}`))
  }
  it('attribute form (opset 11), input form (opset 13), equal parts', () => {
    expect(split(11, { split: at.is([3, 7]) }, 2)).toEqual([[3, 2], [7, 2]])
    expect(split(13, {}, 2, [4, 6])).toEqual([[4, 2], [6, 2]])
    expect(split(13, {}, 5)).toEqual(Array(5).fill([2, 2]))
    expect(split(13, { axis: at.i(-1) }, 2)).toEqual([[10, 1], [10, 1]])
  })
  it('opset 18 num_outputs: the last part is smaller', () => {
    expect(split(18, { num_outputs: at.i(3) }, 3)).toEqual([[4, 2], [4, 2], [2, 2]])
  })
})

describe('Squeeze / Unsqueeze / Reduce / others', () => {
  it('axes as attribute (opset 11) and as input (opset 13)', () => {
    const a = build({
      inputs: { x: ['float32', [1, 3, 1, 5]] },
      nodes: [
        { op: 'Squeeze', inputs: ['x'], outputs: ['s'], attrs: { axes: at.is([0, -2]) } },
        { op: 'Unsqueeze', inputs: ['s'], outputs: ['u'], attrs: { axes: at.is([0, 3]) } },
        { op: 'ReduceMean', inputs: ['u'], outputs: ['r'], attrs: { axes: at.is([-1]), keepdims: at.i(0) } },
      ],
      outputs: ['r'],
      opset: 11,
    })
    expect([shape(a, 's'), shape(a, 'u'), shape(a, 'r')]).toEqual([[3, 5], [1, 3, 5, 1], [1, 3, 5]])
    const b = build({
      inputs: { x: ['float32', [1, 3, 1, 5]] },
      inits: [I64('ax', [0, 2]), I64('ax2', [-1]), I64('rs', [1])],
      nodes: [
        { op: 'Squeeze', inputs: ['x', 'ax'], outputs: ['s'] },
        { op: 'Unsqueeze', inputs: ['s', 'ax2'], outputs: ['u'] },
        { op: 'ReduceSum', inputs: ['u', 'rs'], outputs: ['r'] },
        { op: 'Squeeze', inputs: ['x'], outputs: ['all'] },
      ],
      outputs: ['r', 'all'],
    })
    expect([shape(b, 's'), shape(b, 'u'), shape(b, 'r'), shape(b, 'all')]).toEqual([[3, 5], [3, 5, 1], [3, 1, 1], [3, 5]])
  })
  it('Gather, Expand, Tile, Pad, Resize, TopK, Einsum, Range, Cast', () => {
    const g = build({
      inputs: { x: ['float32', [2, 3, 4, 4]], ids: ['int64', [1, 7]] },
      inits: [
        tensor('emb', 'float32', [100, 16]), I64('ex', [3, 1, 1, 1, 1]), I64('reps', [1, 2, 1, 1]), I64('pads', [0, 0, 1, 2, 0, 0, 3, 4]),
        tensor('scales', 'float32', [4], [1, 1, 2, 2]), I64('k', [2]), tensor('lim', 'int64', [], [6]), tensor('z', 'int64', [], [0]), tensor('one', 'int64', [], [1]),
      ],
      nodes: [
        { op: 'Gather', inputs: ['emb', 'ids'], outputs: ['e'] },
        { op: 'Expand', inputs: ['x', 'ex'], outputs: ['xe'] },
        { op: 'Tile', inputs: ['x', 'reps'], outputs: ['xt'] },
        { op: 'Pad', inputs: ['x', 'pads'], outputs: ['xp'] },
        { op: 'Resize', inputs: ['x', '', 'scales'], outputs: ['xr'], attrs: { mode: at.s('nearest') } },
        { op: 'TopK', inputs: ['x', 'k'], outputs: ['tv', 'ti'] },
        { op: 'Einsum', inputs: ['x', 'x'], outputs: ['es'], attrs: { equation: at.s('bhij,bhjk->bhik') } },
        { op: 'Range', inputs: ['z', 'lim', 'one'], outputs: ['rg'] },
        { op: 'Cast', inputs: ['rg'], outputs: ['rf'], attrs: { to: at.i(1) } },
      ],
      outputs: ['e', 'xe', 'xt', 'xp', 'xr', 'tv', 'ti', 'es', 'rf'],
    })
    expect(shape(g, 'e')).toEqual([1, 7, 16])
    expect(shape(g, 'xe')).toEqual([3, 2, 3, 4, 4])
    expect(shape(g, 'xt')).toEqual([2, 6, 4, 4])
    expect(shape(g, 'xp')).toEqual([2, 3, 8, 10])
    expect(shape(g, 'xr')).toEqual([2, 3, 8, 8])
    expect(t(g, 'ti')).toMatchObject({ dtype: 'int64', shape: [2, 3, 4, 2] })
    expect(shape(g, 'es')).toEqual([2, 3, 4, 4])
    expect(t(g, 'rf')).toMatchObject({ dtype: 'float32', shape: [6] })
  })
})

describe('symbolic values through shape arithmetic', () => {
  it('a data-dependent size flows through Shape/Gather/Concat/Where/Expand as a symbol', () => {
    const g = build({
      inputs: { m: ['bool', [6]], x: ['float32', [1, 4]] },
      inits: [tensor('i1', 'int64', [], [1]), I64('zero', [0]), I64('one', [1]), tensor('minus1', 'int64', [], [-1])],
      nodes: [
        { op: 'NonZero', inputs: ['m'], outputs: ['nz'] },
        { op: 'Shape', inputs: ['nz'], outputs: ['sh'] },
        { op: 'Gather', inputs: ['sh', 'i1'], outputs: ['n'], attrs: { axis: at.i(0) } },
        { op: 'Unsqueeze', inputs: ['n', 'zero'], outputs: ['n1'] },
        { op: 'Concat', inputs: ['n1', 'one'], outputs: ['target'], attrs: { axis: at.i(0) } },
        // the exporter's Expand guard: where(target == -1, 1, target)
        { op: 'ConstantOfShape', inputs: ['sh'], outputs: ['ones'], attrs: { value: at.t('int64', [1], [1]) } },
        { op: 'Mul', inputs: ['ones', 'minus1'], outputs: ['neg'] },
        { op: 'Equal', inputs: ['target', 'target'], outputs: ['eq'] },
        { op: 'Where', inputs: ['eq', 'target', 'one'], outputs: ['t2'] },
        { op: 'Expand', inputs: ['x', 't2'], outputs: ['e'] },
        { op: 'Mul', inputs: ['n', 'n'], outputs: ['nn'] },
      ],
      outputs: ['e', 'neg', 'nn'],
    })
    expect(shape(g, 'nz')).toEqual([1, 'nz:nonzero'])
    expect(t(g, 'e')).toMatchObject({ shape: ['nz:nonzero', 4], bytes: null })
    expect(g.warnings!.join('\n')).toMatch(/depend on data or on unresolved dims \(nz, ones, neg, e\)/)
  })
  it('a constant mask gives NonZero a known size', () => {
    const g = build({
      inits: [tensor('m', 'bool', [2, 3], [1, 0, 1, 0, 0, 1])],
      nodes: [{ op: 'NonZero', inputs: ['m'], outputs: ['nz'] }],
      outputs: ['nz'],
    })
    expect(t(g, 'nz')).toMatchObject({ dtype: 'int64', shape: [2, 3], bytes: 48 })
  })
})

describe('more operators', () => {
  it('Pad with axes (opset 18), Resize with sizes and keep_aspect_ratio_policy, DepthToSpace, GatherND', () => {
    const g = build({
      inputs: { x: ['float32', [1, 8, 4, 6]] },
      inits: [I64('pads', [1, 2, 3, 4]), I64('axes', [2, 3]), I64('sizes', [8, 8]), tensor('gi', 'int64', [2, 1], [0, 0])],
      nodes: [
        { op: 'Pad', inputs: ['x', 'pads', '', 'axes'], outputs: ['p'] },
        { op: 'Resize', inputs: ['x', '', '', 'sizes'], outputs: ['r'], attrs: { axes: at.is([2, 3]), keep_aspect_ratio_policy: at.s('not_larger') } },
        { op: 'DepthToSpace', inputs: ['x'], outputs: ['d'], attrs: { blocksize: at.i(2) } },
        { op: 'GatherND', inputs: ['x', 'gi'], outputs: ['gn'] },
      ],
      outputs: ['p', 'r', 'd', 'gn'],
      opset: 18,
    })
    expect(shape(g, 'p')).toEqual([1, 8, 8, 12])
    // not_larger: scale = min(8/4, 8/6) = 4/3 → round(4·4/3) = 5, round(6·4/3) = 8
    expect(shape(g, 'r')).toEqual([1, 8, 5, 8])
    expect(shape(g, 'd')).toEqual([1, 2, 8, 12])
    expect(shape(g, 'gn')).toEqual([2, 8, 4, 6])
  })
  it('LayerNormalization statistics, Einsum implicit output, Flatten, ArgMax, CumSum, Trilu', () => {
    const g = build({
      inputs: { x: ['float16', [2, 5, 8]] },
      inits: [tensor('g', 'float16', [8]), tensor('ax', 'int64', [], [1])],
      nodes: [
        { op: 'LayerNormalization', inputs: ['x', 'g'], outputs: ['y', 'mean', 'inv'], attrs: { axis: at.i(-1) } },
        { op: 'Einsum', inputs: ['x'], outputs: ['tr'], attrs: { equation: at.s('bij') } },
        { op: 'Einsum', inputs: ['x', 'x'], outputs: ['bk'], attrs: { equation: at.s('bij,bkj') } },
        { op: 'Flatten', inputs: ['x'], outputs: ['f'], attrs: { axis: at.i(0) } },
        { op: 'ArgMax', inputs: ['x'], outputs: ['am'], attrs: { axis: at.i(1), keepdims: at.i(0) } },
        { op: 'CumSum', inputs: ['x', 'ax'], outputs: ['cs'] },
        { op: 'Trilu', inputs: ['x'], outputs: ['tl'] },
      ],
      outputs: ['y', 'mean', 'inv', 'tr', 'bk', 'f', 'am', 'cs', 'tl'],
      opset: 17,
    })
    expect(t(g, 'y')).toMatchObject({ dtype: 'float16', shape: [2, 5, 8], bytes: 160 })
    expect(t(g, 'mean')).toMatchObject({ dtype: 'float32', shape: [2, 5, 1] })
    expect(shape(g, 'tr')).toEqual([2, 5, 8])
    expect(shape(g, 'bk')).toEqual([5, 5])
    expect(shape(g, 'f')).toEqual([1, 80])
    expect(t(g, 'am')).toMatchObject({ dtype: 'int64', shape: [2, 8] })
    expect(shape(g, 'cs')).toEqual([2, 5, 8])
    expect(shape(g, 'tl')).toEqual([2, 5, 8])
  })
})

describe('folding details', () => {
  it('Clip folds with constant bounds (input form); integer Div truncates; Cast to int truncates', () => {
    const g = build({
      inits: [I64('v', [-5, 3, 9]), tensor('lo', 'int64', [], [0]), tensor('hi', 'int64', [], [4]), I64('two', [2]), tensor('f', 'float32', [2], [2.7, 3.2])],
      nodes: [
        { op: 'Clip', inputs: ['v', 'lo', 'hi'], outputs: ['c'] },
        { op: 'Div', inputs: ['v', 'two'], outputs: ['d'] },
        { op: 'Cast', inputs: ['f'], outputs: ['fi'], attrs: { to: at.i(7) } },
        { op: 'Concat', inputs: ['c', 'fi'], outputs: ['all'], attrs: { axis: at.i(0) } },
        { op: 'ConstantOfShape', inputs: ['all'], outputs: ['probe'] },
        { op: 'Abs', inputs: ['d'], outputs: ['ad'] },
        { op: 'ConstantOfShape', inputs: ['ad'], outputs: ['probe2'] },
      ],
      outputs: ['probe', 'probe2'],
    })
    expect(shape(g, 'probe')).toEqual([0, 3, 4, 2, 3])
    expect(shape(g, 'probe2')).toEqual([2, 1, 4])
  })
})
