import { readdirSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { DEFAULT_SAMPLE, SAMPLES } from './samples.ts'

describe('sample menu', () => {
  it('lists exactly the models in public/models', () => {
    const files = readdirSync(new URL('../../public/models/', import.meta.url))
      .filter((f) => f.endsWith('.onnx'))
      .map((f) => f.slice(0, -'.onnx'.length))
      .sort()
    expect(SAMPLES.map((s) => s.name).sort()).toEqual(files)
  })
  it('opens a listed sample by default', () => {
    expect(SAMPLES.some((s) => s.name === DEFAULT_SAMPLE)).toBe(true)
  })
})
