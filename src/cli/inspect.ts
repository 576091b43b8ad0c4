/**
 * `memoria inspect MODEL [--dim NAME=VALUE]… [--json]`: the model as memoria-graph JSON, or a readable
 * summary — name, producer, opset, node count, operator histogram, weight bytes, inputs and outputs with
 * shapes, symbols with their values (and which were assumed), warnings.
 */
import type { MemoriaGraph, TensorInfo } from '../core/graph/types.ts'
import { writeGraphJson } from '../core/io/graph-json.ts'
import { modelOptions, onePositional, parseCommand } from './args.ts'
import { capped, fields, int, mb, shape, table } from './format.ts'
import { openModel } from './open-model.ts'
import type { CommandResult } from './command.ts'

export async function inspectCommand(argv: string[]): Promise<CommandResult> {
  const p = parseCommand('inspect', argv, {})
  const file = onePositional('inspect', p, 'MODEL')
  const { graph } = await openModel(file, modelOptions(p))
  if (p.values.json === true) return { stdout: writeGraphJson(graph) }
  return { stdout: `${inspectText(graph, file)}\n` }
}

/** Weight bytes over distinct weight tensors; `unknown` counts the weights whose size is not known. */
export function weightBytes(g: MemoriaGraph): { bytes: number; unknown: number } {
  let bytes = 0
  let unknown = 0
  for (const t of g.tensors) {
    if (t.kind !== 'weight') continue
    if (t.bytes === null) unknown++
    else bytes += t.bytes
  }
  return { bytes, unknown }
}

function opsetText(opset: Record<string, number>): string {
  const parts = Object.entries(opset).map(([d, v]) => `${d === '' ? 'ai.onnx' : d} ${v}`)
  return parts.length === 0 ? '–' : parts.join(', ')
}

function ioRows(g: MemoriaGraph, names: string[]): string[][] {
  const byName = new Map(g.tensors.map((t) => [t.name, t] as [string, TensorInfo]))
  return names.map((n) => {
    const t = byName.get(n)
    return [n, t?.dtype ?? '?', shape(t?.shape ?? null), mb(t?.bytes ?? null)]
  })
}

export function inspectText(g: MemoriaGraph, file: string): string {
  const w = weightBytes(g)
  const flops = g.nodes.reduce((s, n) => s + n.flops, 0)
  const unknown = g.tensors.filter((t) => t.bytes === null)
  const out: string[] = []
  out.push(fields([
    ['Model', g.name === '' ? '(unnamed)' : g.name],
    ['File', file],
    ['Producer', g.producer === '' ? '–' : g.producer],
    ['Opset', opsetText(g.opset)],
    ['Nodes', int(g.nodes.length)],
    ['Tensors', `${int(g.tensors.length)}${unknown.length > 0 ? ` (${int(unknown.length)} of unknown size)` : ''}`],
    ['Weights', `${mb(w.bytes)} (${int(w.bytes)} bytes)${w.unknown > 0 ? ` + ${int(w.unknown)} of unknown size` : ''}`],
    ['FLOPs', `${int(flops)} (a multiply–add counts 2)`],
  ]))

  out.push('', 'Inputs', table(['name', 'dtype', 'shape', 'size'], ioRows(g, g.inputs), ['left', 'left', 'left', 'right']))
  out.push('', 'Outputs', table(['name', 'dtype', 'shape', 'size'], ioRows(g, g.outputs), ['left', 'left', 'left', 'right']))

  const symbols = Object.entries(g.symbols)
  if (symbols.length > 0) {
    const assumed = new Set(g.assumedSymbols ?? [])
    const rows = symbols.map(([k, v]) => [k, int(v), assumed.has(k) ? `assumed (bind it with --dim ${k}=N)` : 'bound'])
    out.push('', 'Symbols', table(['name', 'value', 'how'], rows, ['left', 'right', 'left']))
  }

  const hist = new Map<string, number>()
  for (const n of g.nodes) {
    const key = n.domain === '' || n.domain === 'ai.onnx' ? n.op : `${n.domain}.${n.op}`
    hist.set(key, (hist.get(key) ?? 0) + 1)
  }
  const ops = [...hist.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
  out.push('', 'Operators', table(['op', 'count'], ops.map(([k, v]) => [k, int(v)]), ['left', 'right']))

  if (unknown.length > 0) {
    const c = capped(unknown, 10, (t) => [t.name, t.dtype ?? '?', shape(t.shape)])
    out.push('', 'Tensors of unknown size (give them with --shape NAME=1x3x224x224)', table(['name', 'dtype', 'shape'], c.rows))
    if (c.more !== '') out.push(c.more)
  }

  const warnings = g.warnings ?? []
  out.push('', warnings.length === 0 ? 'Warnings: none' : 'Warnings')
  for (const wmsg of warnings) out.push(`  - ${wmsg}`)
  return out.join('\n')
}
