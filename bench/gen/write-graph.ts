/**
 * Writes one of the bench's generated graphs as memoria-graph JSON on standard output, so it can be opened in
 * the app or given to the command line (and so the browser tests use the very graphs the bench measured):
 *
 *   npx tsx bench/gen/write-graph.ts randwire NODES_PER_STAGE STAGES CHANNELS SEED > g.json
 *   npx tsx bench/gen/write-graph.ts darts CELLS CHANNELS SEED > g.json
 *   npx tsx bench/gen/write-graph.ts layered NODES WIDTH SEED > g.json
 *   npx tsx bench/gen/write-graph.ts densenet > g.json          densenet121's structure (bench/gen/ui-graphs.ts)
 *   npx tsx bench/gen/write-graph.ts swin LAYERS > g.json       a swin-like transformer, flat names
 *
 * The parameters are those of bench/results/schedule.md's graph names (randwire-n96-st4-ch16-s1 is
 * `randwire 96 4 16 1`).
 */
import type { MemoriaGraph } from '../../src/core/graph/types.ts'
import { densenetGraph, swinGraph } from './ui-graphs.ts'
import { layeredDag } from './layered.ts'
import { dartsNetwork, randWireNetwork } from './nas.ts'

const USAGE = 'usage: write-graph.ts randwire NODES_PER_STAGE STAGES CHANNELS SEED | darts CELLS CHANNELS SEED | layered NODES WIDTH SEED | densenet | swin LAYERS'

function generate(kind: string | undefined, args: number[]): MemoriaGraph {
  if (args.some((n) => !Number.isInteger(n) || n < 0)) throw new Error(`whole numbers expected\n${USAGE}`)
  if (kind === 'randwire' && args.length === 4) {
    const [nodesPerStage, stages, channels, seed] = args
    return randWireNetwork({ nodesPerStage, stages, channels, seed })
  }
  if (kind === 'darts' && args.length === 3) {
    const [cells, channels, seed] = args
    return dartsNetwork({ cells, channels, seed })
  }
  if (kind === 'layered' && args.length === 3) {
    const [nodes, width, seed] = args
    return layeredDag({ nodes, width, seed })
  }
  if (kind === 'densenet' && args.length === 0) return densenetGraph()
  if (kind === 'swin' && args.length === 1 && args[0] > 0) return swinGraph(args[0])
  throw new Error(USAGE)
}

try {
  const [kind, ...rest] = process.argv.slice(2)
  process.stdout.write(JSON.stringify(generate(kind, rest.map(Number))) + '\n')
} catch (e) {
  process.stderr.write(`ARG_INVALID: ${e instanceof Error ? e.message : String(e)}\n`)
  process.exitCode = 2
}
