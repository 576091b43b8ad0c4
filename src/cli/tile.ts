/**
 * `memoria tile MODEL [--max-overhead P] [--tiles T] [--memory-model M] [--shape NAME=DIMS]… [--json]
 * [--out tiled.onnx]`: patch-based execution on one device (core's `planTiling`): the region from the input
 * and the tile count that give the smallest peak within P% extra FLOPs, the tiled graph ordered by BTSearch.
 * With --out, writes the tiled model as ONNX (core/tiling/tile-export.ts). A model that cannot be tiled
 * prints the untiled figures and one sentence saying why (exit status 0: it is an answer, not an error).
 */
import { createWriteStream } from 'node:fs'
import { fail } from '../core/errors.ts'
import { planTiling, TILE_COUNTS, type TilePlan } from '../core/tiling/plan.ts'
import { writeTiledOnnx } from '../core/tiling/tile-export.ts'
import { choice, intFlag, modelOptions, onePositional, parseCommand, resolvePath, type OptionSpec } from './args.ts'
import { fields, int, mb, table } from './format.ts'
import { openModel, requireKnownSizes } from './open-model.ts'
import { openNodeSource } from './node-source.ts'
import { isCancelled, type CommandResult } from './command.ts'
import { withCliHints } from './hints.ts'

const TILE_FLAGS: OptionSpec = {
  'max-overhead': { type: 'string' },
  tiles: { type: 'string' },
  'memory-model': { type: 'string' },
  out: { type: 'string' },
}

const MODELS = ['inplace', 'simple'] as const
const REGION_SHOWN = 12

function overheadFlag(v: unknown): number {
  if (v === undefined) return 15
  const s = String(v).replace(/%$/, '')
  const n = Number(s)
  if (s.trim() === '' || !Number.isFinite(n) || n < 0) fail('ARG_INVALID', `--max-overhead ${String(v)}: expected a percentage ≥ 0, e.g. --max-overhead 15`)
  return n
}

export async function tileCommand(argv: string[]): Promise<CommandResult> {
  const p = parseCommand('tile', argv, TILE_FLAGS)
  const file = onePositional('tile', p, 'MODEL')
  const memoryModel = choice(p, 'memory-model', MODELS, 'inplace')
  const maxOverhead = overheadFlag(p.values['max-overhead']) / 100
  const tiles = p.values.tiles === undefined ? TILE_COUNTS : [intFlag(p, 'tiles', 2, 2, 256)]
  const out = typeof p.values.out === 'string' ? p.values.out : undefined
  const loaded = await openModel(file, modelOptions(p))
  const graph = loaded.graph
  requireKnownSizes(graph, 'tile')
  const { plan, tiled } = planTiling(graph, { memoryModel, maxOverhead, tiles, now: () => performance.now(), isCancelled })
  let written: string | null = null
  if (out !== undefined) {
    if (tiled === null) fail('ARG_INVALID', `--out ${out}: there is no tiled model to write, since ${plan.reason ?? 'tiling does not lower the peak'}`)
    if (loaded.raw === undefined) fail('ARG_INVALID', `--out ${out}: the tiled model can only be written from an .onnx file, not from a memoria-graph JSON`)
    const source = await openNodeSource(resolvePath(file))
    try {
      written = resolvePath(out)
      const stream = createWriteStream(written)
      for await (const chunk of writeTiledOnnx(source, loaded.raw, graph, tiled, plan.order, { isCancelled })) {
        if (!stream.write(chunk)) await new Promise<void>((resolve) => stream.once('drain', () => resolve()))
      }
      await new Promise<void>((resolve, reject) => stream.end((e?: Error | null) => (e ? reject(e) : resolve())))
    } finally {
      await source.close()
    }
  }
  if (p.values.json === true) {
    return { stdout: `${JSON.stringify({ model: graph.name, ...plan, ...(written === null ? {} : { written }) }, null, 2)}\n` }
  }
  return { stdout: `${tileText(graph.name, plan, written)}\n` }
}

function tileText(name: string, r: TilePlan, written: string | null): string {
  const rows: [string, string][] = [
    ['Model', name],
    ['Memory model', r.memoryModel],
    ['Peak, untiled', `${mb(r.peakBytes)} (${int(r.peakBytes)} bytes), forced by ${r.peakNode ?? 'the graph inputs'}`],
  ]
  if (!r.tiled || r.region === null) {
    rows.push(['Tiled', 'no'])
    // core's sentence (the app shows it too) with the command line's flag added (hints.ts)
    const why = withCliHints(r.reason ?? '')
    return [fields(rows), '', `${why.charAt(0).toUpperCase()}${why.slice(1)}.`].join('\n')
  }
  rows.push(
    ['Peak, tiled', `${mb(r.tiledPeakBytes)} (${int(r.tiledPeakBytes)} bytes), ${(r.peakBytes / r.tiledPeakBytes).toFixed(2)}× lower`],
    ['Tiles', `${r.tiles} bands of rows of ${r.region.end}`],
    ['Region', `${int(r.region.nodes.length)} nodes from ${r.region.input} to ${r.region.end}; exits ${r.region.exits.join(', ')}`],
    ['Extra FLOPs', `${(r.extraFlops * 100).toFixed(2)}% (${int(r.tiledFlops - r.flops)} of ${int(r.flops)})`],
    ['Now forced by', r.remainingBoundNode ?? 'the graph inputs'],
    ['Optimal order', r.optimal ? 'yes (for the tiled graph)' : 'not proven'],
    ['Candidates', `${int(r.candidates.built)} region × T, ${int(r.candidates.withinBudget)} within the budget, ${int(r.candidates.searched)} ordered by BTSearch${r.candidates.unsettled > 0 ? `, ${int(r.candidates.unsettled)} left unsearched` : ''}`],
    ['Elapsed', `${int(r.elapsedMs)} ms`],
  )
  if (written !== null) rows.push(['Written', written])
  const shown = r.region.nodes.slice(0, REGION_SHOWN).map((n, i) => [int(i + 1), n])
  return [fields(rows), '', `Region (${int(r.region.nodes.length)} nodes${r.region.nodes.length > REGION_SHOWN ? `, the first ${REGION_SHOWN}; --json gives all` : ''})`,
    table(['#', 'node'], shown, ['right', 'left'])].join('\n')
}
