import { describe, expect, it } from 'vitest'
import type { MemoriaGraph } from '../../core/graph/types.ts'
import { verifyCommandText, verifyPinnedCommandText } from './VerifyCommand.tsx'

const graph = (symbols: Record<string, number>): MemoriaGraph => ({
  format: 'memoria-graph', version: 1, name: 'g', producer: '', opset: {}, symbols, inputs: [], outputs: [], tensors: [], nodes: [],
})

describe('verifyCommandText', () => {
  it('names the model, the order JSON the bar downloads and the symbol bindings', () => {
    expect(verifyCommandText(graph({ seq: 128 }), 'gpt2.onnx', 'gpt2-btsearch-inplace'))
      .toBe('npx memoria verify gpt2.onnx --order gpt2-btsearch-inplace.json --dim seq=128')
    expect(verifyCommandText(graph({}), "my model's.onnx", 'm-file-simple'))
      .toBe(`npx memoria verify 'my model'\\''s.onnx' --order m-file-simple.json`)
  })
})

describe('verifyPinnedCommandText', () => {
  it('names the pinned download and runs its order as written (no second pin)', () => {
    expect(verifyPinnedCommandText(graph({ seq: 128 }), 'gpt2-btsearch-inplace'))
      .toBe('npx memoria verify gpt2-btsearch-inplace-pinned.onnx --order file --plain --dim seq=128')
    expect(verifyPinnedCommandText(graph({}), "my model's-dfs-ort"))
      .toBe(`npx memoria verify 'my model'\\''s-dfs-ort-pinned.onnx' --order file --plain`)
  })
})
