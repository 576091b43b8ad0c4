/**
 * `memoria schedule MODEL [--algo A] [--memory-model M] [--time-limit S] [--max-states N] [--seed N]
 * [--samples N] [--shape NAME=DIMS]… [--json]`: an execution order and its peak (core's `schedule`, run
 * in-process with the wall clock and Ctrl-C passed in). With --json, the docs/spec.md section 3 object (plus
 * `boundNode` and `explanation`); without, a summary that says when no order can do better and why.
 */
import { DEFAULT_MEMORY_MODEL, MEMORY_MODELS } from '../core/algorithms.ts'
import type { MemoriaGraph } from '../core/graph/types.ts'
import { scheduleJson } from '../core/io/schedule-json.ts'
import { scheduleInSlices, SCHEDULE_ALGOS, type ScheduleResult } from '../core/memory/schedule.ts'
import { choice, intFlag, modelOptions, numberFlag, onePositional, parseCommand, type OptionSpec } from './args.ts'
import { fields, int, mb, pct, table } from './format.ts'
import { openModel, requireKnownSizes } from './open-model.ts'
import { isCancelled, type CommandResult } from './command.ts'

const SCHEDULE_FLAGS: OptionSpec = {
  algo: { type: 'string' },
  'memory-model': { type: 'string' },
  'time-limit': { type: 'string' },
  'max-states': { type: 'string' },
  seed: { type: 'string' },
  samples: { type: 'string' },
}

const ORDER_SHOWN = 20

const now = (): number => performance.now()
/** a macrotask: lets a signal handler (Ctrl-C) run between two slices of a search */
export const pause = (): Promise<void> => new Promise((resolve) => setImmediate(resolve))

export async function scheduleCommand(argv: string[]): Promise<CommandResult> {
  const p = parseCommand('schedule', argv, SCHEDULE_FLAGS)
  const file = onePositional('schedule', p, 'MODEL')
  const algo = choice(p, 'algo', SCHEDULE_ALGOS, 'btsearch')
  const memoryModel = choice(p, 'memory-model', MEMORY_MODELS, DEFAULT_MEMORY_MODEL)
  const timeLimitS = numberFlag(p, 'time-limit', 60)
  const maxStates = p.values['max-states'] === undefined ? undefined : intFlag(p, 'max-states', 0, 1)
  const seed = intFlag(p, 'seed', 1, 0, 2 ** 32 - 1)
  const samples = intFlag(p, 'samples', 100, 1, 10_000_000)
  const { graph } = await openModel(file, modelOptions(p))
  requireKnownSizes(graph, 'schedule')
  const result = await scheduleInSlices(graph, { algo, memoryModel, timeLimitMs: timeLimitS * 1000, maxStates, seed, samples, now, isCancelled, pause })
  // the page's JSON download is written by the same function (core/io/schedule-json.ts)
  if (p.values.json === true) return { stdout: scheduleJson(result, graph) }
  result.warnings = [...(graph.warnings ?? []), ...result.warnings]
  return { stdout: `${scheduleText(result, graph)}\n` }
}

function scheduleText(r: ScheduleResult, g: MemoriaGraph): string {
  const rows: [string, string][] = [
    ['Model', g.name],
    ['Algorithm', r.algo],
    ['Memory model', r.memoryModel],
    ['Peak memory', `${mb(r.peakBytes)} (${int(r.peakBytes)} bytes${r.algo === 'random' ? ', the mean over the samples' : ''})`],
    ['Lower bound', `${mb(r.lowerBoundBytes)} (${int(r.lowerBoundBytes)} bytes)${r.peakBytes > r.lowerBoundBytes ? `; the peak is ${pct(r.peakBytes - r.lowerBoundBytes, r.lowerBoundBytes)} above it` : ''}`],
    ['Optimal', r.optimal ? 'yes' : 'not proven'],
    ['Weights', `${mb(r.weightBytes)} (not part of the peak)`],
    ['States', r.states === null ? '– (no search)' : int(r.states)],
    ['Elapsed', `${int(r.elapsedMs)} ms`],
  ]
  const symbols = Object.entries(r.symbols)
  if (symbols.length > 0) {
    const assumed = new Set(g.assumedSymbols ?? [])
    rows.push(['Symbols', symbols.map(([k, v]) => `${k} = ${v}${assumed.has(k) ? ' (assumed)' : ''}`).join(', ')])
  }
  const out = [fields(rows), '', r.explanation.charAt(0).toUpperCase() + r.explanation.slice(1) + '.']
  if (r.stats !== undefined) {
    const s = r.stats
    out.push('', 'Random orders', table(['min', 'mean', 'median', 'max'], [[mb(s.min), mb(s.mean), mb(s.median), mb(s.max)]], ['right', 'right', 'right', 'right']))
  }
  const shown = r.order.slice(0, ORDER_SHOWN).map((name, i) => [int(i + 1), name])
  out.push('', `Order (${int(r.order.length)} nodes${r.order.length > ORDER_SHOWN ? `, the first ${ORDER_SHOWN}; --json gives all` : ''})`)
  out.push(table(['step', 'node'], shown, ['right', 'left']))
  out.push('', r.warnings.length === 0 ? 'Warnings: none' : 'Warnings')
  for (const w of r.warnings) out.push(`  - ${w}`)
  return out.join('\n')
}
