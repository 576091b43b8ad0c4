/**
 * Argument parsing for every command (node:util parseArgs, strict): flags, their values, `--dim` and
 * `--shape` bindings, and paths resolved against the folder the user ran the command in (INIT_CWD, which
 * npm sets, else the working directory). Every mistake is ARG_INVALID with a hint to `--help`.
 */
import { resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { fail } from '../core/errors.ts'
import { nameTable, own } from '../core/names.ts'

export type OptionSpec = Record<string, { type: 'string' | 'boolean'; multiple?: boolean; short?: string }>

export interface Parsed {
  values: Record<string, string | boolean | string[] | undefined>
  positionals: string[]
}

/** Flags every command takes (each opens a model: `--dim` and `--shape` bind its unknown sizes). */
export const COMMON: OptionSpec = {
  dim: { type: 'string', multiple: true },
  shape: { type: 'string', multiple: true },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
}

export function parseCommand(command: string, argv: string[], spec: OptionSpec): Parsed {
  try {
    const { values, positionals } = parseArgs({ args: argv, options: { ...COMMON, ...spec }, strict: true, allowPositionals: true })
    return { values: values as Parsed['values'], positionals }
  } catch (e) {
    const code = (e as { code?: string }).code
    const msg = e instanceof Error ? e.message.replace(/\s+/g, ' ').trim() : String(e)
    const flag = /'(-[^']*)'/.exec(msg)?.[1] ?? ''
    const why = code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' ? `unknown flag ${flag}`
      : code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE'
        ? `${flag.split(' ')[0] || 'a flag'} ${/does not take/.test(msg) ? 'takes no value'
          : /ambiguous/.test(msg) ? `needs a value, and one that starts with "-" is written ${flag.split(' ')[0]}=-…` : 'needs a value'}`
        : msg.replace(/\.$/, '')
    fail('ARG_INVALID', `${command}: ${why}; run \`memoria ${command} --help\` for the flags it takes`)
  }
}

/** The one positional argument a command needs (MODEL). */
export function onePositional(command: string, p: Parsed, what: string): string {
  if (p.positionals.length === 0) fail('ARG_INVALID', `${command}: ${what} is missing; run \`memoria ${command} --help\``)
  if (p.positionals.length > 1) {
    fail('ARG_INVALID', `${command}: one ${what} expected, got ${p.positionals.length} (${p.positionals.slice(1).join(' ')} extra); run \`memoria ${command} --help\``)
  }
  return p.positionals[0]
}

export function userDir(): string {
  return process.env.INIT_CWD ?? process.cwd()
}

export function resolvePath(p: string): string {
  return resolve(userDir(), p)
}

function stringFlag(p: Parsed, name: string): string | undefined {
  const v = p.values[name]
  return typeof v === 'string' ? v : undefined
}

export function requiredFlag(command: string, p: Parsed, name: string, what: string): string {
  const v = stringFlag(p, name)
  if (v === undefined) fail('ARG_INVALID', `${command}: --${name} ${what} is required; run \`memoria ${command} --help\``)
  return v
}

export function choice<T extends string>(p: Parsed, name: string, allowed: readonly T[], fallback: T): T {
  const v = stringFlag(p, name)
  if (v === undefined) return fallback
  if (!allowed.includes(v as T)) fail('ARG_INVALID', `--${name} ${v}: expected one of ${allowed.join(', ')}`)
  return v as T
}

/** An integer flag in [min, max]. */
export function intFlag(p: Parsed, name: string, fallback: number, min: number, max = Number.MAX_SAFE_INTEGER): number {
  const v = stringFlag(p, name)
  if (v === undefined) return fallback
  const n = Number(v)
  if (!/^-?\d+$/.test(v.trim()) || !Number.isSafeInteger(n) || n < min || n > max) {
    fail('ARG_INVALID', `--${name} ${v}: expected a whole number from ${min.toLocaleString('en-US')} to ${max.toLocaleString('en-US')}`)
  }
  return n
}

/** A positive number flag (seconds and the like). */
export function numberFlag(p: Parsed, name: string, fallback: number): number {
  const v = stringFlag(p, name)
  if (v === undefined) return fallback
  const n = Number(v)
  if (v.trim() === '' || !Number.isFinite(n) || n <= 0) fail('ARG_INVALID', `--${name} ${v}: expected a number greater than 0`)
  return n
}

function listFlag(p: Parsed, name: string): string[] {
  const v = p.values[name]
  return Array.isArray(v) ? v : []
}

/** The model-opening options every command passes to `openModel`: its `--dim` and `--shape` bindings. */
export function modelOptions(p: Parsed): { dims: Record<string, number>; shapes: Record<string, number[]> } {
  return { dims: dimsFlag(p), shapes: shapesFlag(p) }
}

/** `--dim NAME=VALUE` (repeatable): VALUE a whole number ≥ 1; the same name twice with two values is an error. */
export function dimsFlag(p: Parsed): Record<string, number> {
  // symbol names are the user's: `--dim toString=3` must be an ordinary entry (no prototype to collide with)
  const dims = nameTable<number>()
  for (const item of listFlag(p, 'dim')) {
    const m = /^([^=]+)=(\d+)$/.exec(item.trim())
    const value = m === null ? NaN : Number(m[2])
    if (m === null || !Number.isSafeInteger(value) || value < 1) {
      fail('ARG_INVALID', `--dim ${item}: expected NAME=VALUE with VALUE a whole number ≥ 1, e.g. --dim seq=128`)
    }
    const name = m[1].trim()
    const before = own(dims, name)
    if (before !== undefined && before !== value) fail('ARG_INVALID', `--dim ${name} is given twice (${before} and ${value}); keep one`)
    dims[name] = value
  }
  return dims
}

/** `--shape NAME=1x3x224x224` (repeatable; the last `=` separates, since tensor names may hold one; `NAME=` is a scalar). */
export function shapesFlag(p: Parsed): Record<string, number[]> {
  const shapes = nameTable<number[]>() // `--shape __proto__=1x2` is a tensor name, not a prototype
  for (const item of listFlag(p, 'shape')) {
    const at = item.lastIndexOf('=')
    const name = at > 0 ? item.slice(0, at) : ''
    const text = item.slice(at + 1).trim()
    const dims = text === '' ? [] : text.split(/[x×,]/).map((d) => (/^\d+$/.test(d.trim()) ? Number(d) : NaN))
    if (name === '' || dims.some((d) => !Number.isSafeInteger(d))) {
      fail('ARG_INVALID', `--shape ${item}: expected NAME=DIMS with whole numbers joined by x, e.g. --shape input=1x3x224x224`)
    }
    shapes[name] = dims
  }
  return shapes
}
