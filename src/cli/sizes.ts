/**
 * The check before any memory figure: a schedule or a plan of a graph with tensors of unknown size would
 * count them as zero, so the command stops with SHAPE_UNKNOWN naming them (SPEC.md section 3) and saying
 * how to supply them. `string` tensors have no fixed size at all; the message says that apart.
 */
import { fail, fmtInt } from '../core/errors.ts'
import type { MemoriaGraph } from '../core/graph/types.ts'

const SHOWN = 5

export function requireKnownSizes(graph: MemoriaGraph, command: string): void {
  const unknown = graph.tensors.filter((t) => t.bytes === null)
  if (unknown.length === 0) return
  const strings = unknown.filter((t) => t.dtype === 'string')
  const shapeless = unknown.filter((t) => t.dtype !== 'string')
  const list = (ts: typeof unknown): string => {
    const names = ts.slice(0, SHOWN).map((t) => JSON.stringify(t.name)).join(', ')
    return ts.length > SHOWN ? `${names} and ${fmtInt(ts.length - SHOWN)} more` : names
  }
  if (shapeless.length > 0) {
    const example = shapeless[0]
    const dtype = example.dtype === null ? ' (its dtype is unknown too: a memoria-graph JSON can set it)' : ''
    fail('SHAPE_UNKNOWN', `${command} needs every tensor's size, but ${fmtInt(shapeless.length)} ${shapeless.length === 1 ? 'is' : 'are'} unknown: ${list(shapeless)}${dtype}; give ${shapeless.length === 1 ? 'it' : 'them'} with --shape NAME=1x3x224x224 (\`inspect\` lists them)`)
  }
  fail('SHAPE_UNKNOWN', `${command} needs every tensor's size, but ${list(strings)} ${strings.length === 1 ? 'has' : 'have'} dtype string, which has no fixed size; this model cannot be planned`)
}
