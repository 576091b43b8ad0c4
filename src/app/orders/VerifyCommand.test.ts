import { describe, expect, it } from 'vitest'
import type { MemoriaGraph } from '../../core/graph/types.ts'
import { verifyCommandText } from './VerifyCommand.tsx'

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
