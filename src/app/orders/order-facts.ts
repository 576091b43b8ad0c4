/**
 * What the result list says about each order: the reduction against random's mean, and — where the lower
 * bound shows no order can do better — which node forces the peak, in plain words. Pure functions of the
 * entries, so the list, the compare table and the tests share one wording.
 */
import type { MemoriaGraph } from '../../core/graph/types.ts'
import { formatBytes, formatInt } from '../format.ts'
import { ALGO_LABELS, type OrderEntry } from './orders-types.ts'

/** random's mean peak over its samples (docs/spec.md section 3: `stats.mean`; `peakBytes` is it rounded down). */
export function randomMeanBytes(entries: readonly OrderEntry[]): number | null {
  const r = entries.find((e) => e.algo === 'random')
  if (!r) return null
  return r.stats?.mean ?? r.peakBytes
}

/** The reduction of `peakBytes` against random's mean, as a fraction (0.12 = 12 % less); null without random. */
export function reductionOf(peakBytes: number, mean: number | null): number | null {
  if (mean === null || mean <= 0) return null
  return (mean - peakBytes) / mean
}

export function formatReduction(r: number | null): string {
  if (r === null) return '—'
  const pct = r * 100
  if (Math.abs(pct) < 0.05) return '±0 %'
  return `${pct > 0 ? '−' : '+'}${Math.abs(pct).toFixed(1)} %`
}

function nodeLabel(graph: MemoriaGraph | null, name: string): string {
  const node = graph?.nodes.find((n) => n.name === name)
  return node ? `${node.op} node “${name}”` : `node “${name}”`
}

export function plural(n: number, word: string): string {
  return `${formatInt(n)} ${word}${n === 1 ? '' : 's'}`
}

/** BTSearch proves optimality by its per-segment lower bounds alone, or by searching states. */
function howProven(states: number | null): string {
  return states ? `${plural(states, 'state')} searched` : 'its per-segment lower bounds, without searching'
}

/** The static bound of an entry (entries saved before it was recorded: a baseline's bound is static). */
export function staticBoundOf(e: OrderEntry): number {
  return e.staticBoundBytes ?? (e.algo === 'btsearch' ? 0 : e.lowerBoundBytes)
}

function forcer(e: OrderEntry, graph: MemoriaGraph | null): string {
  if (e.boundAt === 'outputs') return "the graph outputs and the last node's inputs take"
  return e.boundNode === null
    ? 'the graph inputs alone take'
    : `the ${nodeLabel(graph, e.boundNode)} needs`
}

/** When the bound is reached, after `forcer`'s "… N at once". */
function forcedWhen(e: OrderEntry): string {
  if (e.boundAt === 'outputs') return ' at the last step, whichever node runs last (every output is kept to the end).'
  return e.boundNode === null ? ' before any node runs.' : ' while it runs (its inputs and outputs, plus what must stay live across it).'
}

/** Why no order beats this entry's peak, when the bound or the search proves it (else null). */
export function boundReason(entry: OrderEntry, graph: MemoriaGraph | null): string | null {
  const bound = staticBoundOf(entry)
  if (bound > 0 && entry.peakBytes <= bound) {
    return `No order can do better: ${forcer(entry, graph)} ${formatBytes(bound)} at once${forcedWhen(entry)}`
  }
  if (entry.optimal && entry.algo === 'btsearch') {
    return `Proven optimal by BTSearch (${howProven(entry.states)}): no order peaks lower. ` +
      `No single node forces this peak — the static bound, ${formatBytes(bound)}, is lower.`
  }
  return null
}

export interface TieNote {
  peakBytes: number
  text: string
}

/**
 * When every order reaches the same peak and that peak is proven optimal, the order cannot matter: say so
 * (instead of a list of silent 0 % reductions), and say whether one node forces it or the search proved it.
 */
export function tieNote(entries: readonly OrderEntry[], graph: MemoriaGraph | null): TieNote | null {
  if (entries.length < 2) return null
  const peak = entries[0].peakBytes
  if (!entries.every((e) => e.peakBytes === peak)) return null
  const withRandom = entries.find((e) => e.algo === 'random')
  if (withRandom?.stats && withRandom.stats.max !== peak) return null
  const n = entries.length
  const forced = entries.find((e) => staticBoundOf(e) === peak)
  if (forced) {
    const who = forced.boundAt === 'outputs'
      ? "the graph outputs, kept to the end, and the last node's inputs take that much at the last step"
      : forced.boundNode === null
        ? 'the graph inputs alone take that much before any node runs'
        : `the ${nodeLabel(graph, forced.boundNode)} needs that much by itself while it runs`
    return {
      peakBytes: peak,
      text: `All ${n} orders tie at ${formatBytes(peak)}: ${who}, so no execution order can lower this peak under ` +
        `the ${forced.memoryModel} memory model. The reductions are 0 % because the order does not matter here.`,
    }
  }
  const searched = entries.find((e) => e.algo === 'btsearch' && e.optimal)
  if (searched) {
    return {
      peakBytes: peak,
      text: `All ${n} orders tie at ${formatBytes(peak)}, and BTSearch proved that no order does better ` +
        `(${howProven(searched.states)}) under the ${searched.memoryModel} memory model. ` +
        'The reductions are 0 % because every order reaches this peak.',
    }
  }
  return { peakBytes: peak, text: `All ${n} orders reach the same peak, ${formatBytes(peak)} (not proven optimal).` }
}

/**
 * Random's two figures, named apart: its result is the mean peak over every order drawn (what
 * `schedule --json` prints, and the reference of every reduction), while the chart, the legend and the
 * compare table show one order, the sample nearest the median, whose own peak is the median.
 */
export function randomPeakText(e: OrderEntry): { mean: string; shown: string } | null {
  if (e.algo !== 'random') return null
  const n = e.samples ?? null
  const mean = `mean peak ${formatBytes(e.peakBytes)}${n !== null ? ` over ${plural(n, 'order')}` : ''}`
  const shown = e.stats ? `the order shown is the median sample, peak ${formatBytes(e.stats.median)}` : ''
  return { mean, shown }
}

/** The name of the peak the chart marks for an entry: random's chart is its median sample's. */
export function chartPeakName(e: OrderEntry): string {
  return e.algo === 'random' && e.stats ? 'median sample’s peak' : 'peak'
}

/**
 * What an entry's `lowerBoundBytes` is. A baseline carries the graph's static bound (the largest footprint
 * any single node forces); BTSearch carries the best bound it proved, which its cut bounds and its search
 * raise above the static one. Both mean "no order peaks below this", from different proofs, so the two are
 * named apart instead of showing one word with two values.
 */
export function boundLabel(e: OrderEntry): { label: string; title: string } {
  if (e.algo === 'btsearch') {
    return {
      label: 'proven bound',
      title: 'The lower bound BTSearch proved: the static bound raised by its per-segment bounds and the states it ' +
        'searched. No order peaks below it.',
    }
  }
  return {
    label: 'static bound',
    title: 'The static lower bound of this graph under this memory model (the most memory any single node needs at ' +
      'once): no order peaks below it. It is the same for every order; BTSearch may prove a higher one.',
  }
}

/** `BTSearch` / `Random (median sample)` */
export function entryTitle(e: OrderEntry): string {
  if (e.algo === 'random' && e.stats) return `${ALGO_LABELS.random} (median sample)`
  return ALGO_LABELS[e.algo]
}

/**
 * A long node or tensor name cut at the front (`…/block1-0/f/a/a.2/Relu`): names of one model share long
 * scope prefixes, so their ends tell them apart. The full name goes in a `title`.
 */
export function shortName(name: string, max = 40): string {
  return name.length <= max ? name : `…${name.slice(name.length - max + 1)}`
}
