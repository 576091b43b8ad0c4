// Flag parsing of the command line (docs/spec.md section 3): the one ARG_INVALID line for each mistake, --dim,
// --shape, and paths resolved against the folder the user ran the command in (INIT_CWD).
import { afterEach, describe, expect, it } from 'vitest'
import { MemoriaError } from '../core/errors.ts'
import { dimsFlag, parseCommand, resolvePath, shapesFlag } from './args.ts'

const SPEC = { 'time-limit': { type: 'string' as const }, shape: { type: 'string' as const, multiple: true } }

function message(f: () => unknown): string {
  try {
    f()
  } catch (e) {
    if (e instanceof MemoriaError) return `${e.code}: ${e.message}`
    throw e
  }
  throw new Error('no error')
}

describe('parseCommand', () => {
  it('names the flag and what is wrong', () => {
    expect(message(() => parseCommand('schedule', ['m.onnx', '--frob'], SPEC))).toBe(
      'ARG_INVALID: schedule: unknown flag --frob; run `memoria schedule --help` for the flags it takes')
    expect(message(() => parseCommand('schedule', ['m.onnx', '--time-limit'], SPEC))).toMatch(/^ARG_INVALID: schedule: --time-limit needs a value; /)
    expect(message(() => parseCommand('schedule', ['m.onnx', '--json=1'], SPEC))).toMatch(/^ARG_INVALID: schedule: --json takes no value; /)
  })

  it('a value that starts with "-" after a space: says how to write it, rather than only "needs a value"', () => {
    expect(message(() => parseCommand('schedule', ['m.onnx', '--time-limit', '-1'], SPEC))).toMatch(
      /^ARG_INVALID: schedule: --time-limit needs a value, and one that starts with "-" is written --time-limit=-…; /)
    expect(parseCommand('schedule', ['m.onnx', '--time-limit=-1'], SPEC).values['time-limit']).toBe('-1')
  })
})

describe('--dim and --shape', () => {
  const parsed = (args: string[]) => parseCommand('schedule', ['m.onnx', ...args], SPEC)
  it('--dim NAME=VALUE, repeatable; a name given two values, or a value < 1, is refused', () => {
    expect(dimsFlag(parsed(['--dim', 'seq=128', '--dim', 'batch=2', '--dim', 'seq=128']))).toEqual({ seq: 128, batch: 2 })
    expect(message(() => dimsFlag(parsed(['--dim', 'seq=1', '--dim', 'seq=2'])))).toMatch(/--dim seq is given twice \(1 and 2\)/)
    for (const bad of ['seq=0', 'seq', 'seq=-3', 'seq=1.5', '=4']) expect(message(() => dimsFlag(parsed(['--dim', bad])))).toMatch(/^ARG_INVALID: --dim /)
  })
  it('--shape NAME=DIMS: the last "=" separates (names may hold one); NAME= is a scalar', () => {
    expect(shapesFlag(parsed(['--shape', 'a=1x3x224x224', '--shape', 'x=y=2x2', '--shape', 's=']))).toEqual({ a: [1, 3, 224, 224], 'x=y': [2, 2], s: [] })
    for (const bad of ['a=1xx2', '=1x2', 'a=-1', 'a=1.5']) expect(message(() => shapesFlag(parsed(['--shape', bad])))).toMatch(/^ARG_INVALID: --shape /)
  })
})

describe('paths', () => {
  const before = process.env.INIT_CWD
  afterEach(() => {
    if (before === undefined) delete process.env.INIT_CWD
    else process.env.INIT_CWD = before
  })
  it('relative paths resolve against INIT_CWD (the folder npm was run in), else the working directory', () => {
    process.env.INIT_CWD = '/home/me/models'
    expect(resolvePath('a.onnx')).toBe('/home/me/models/a.onnx')
    expect(resolvePath('../b/c.onnx')).toBe('/home/me/b/c.onnx')
    expect(resolvePath('/abs/d.onnx')).toBe('/abs/d.onnx')
    delete process.env.INIT_CWD
    expect(resolvePath('a.onnx')).toBe(`${process.cwd()}/a.onnx`)
  })
})
