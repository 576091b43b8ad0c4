/**
 * The page and the command line give the same plan (issue 14): the partition worker's module, driven
 * in-thread exactly as the page's worker runs it, and `memoria partition --json`'s command function, on the
 * same model, cluster, memory model, seed and generation budget. The page downloads the plan it shows as
 * `JSON.stringify(plan, null, 2)` (plan-actions.ts `exportPlan`), the command prints the same of its plan:
 * equal objects are equal files.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { Plan } from '../src/core/partition/plan.ts'
import { openModel } from '../src/cli/open-model.ts'
import { partitionCommand } from '../src/cli/partition.ts'
import { createPartitionApi } from '../src/workers/partition-runner.ts'
import type { Algo, PartitionEvent } from '../src/workers/partition-api.ts'
import { validateCluster } from '../src/core/partition/cluster.ts'
import { scheduleCommand } from '../src/cli/schedule.ts'
import { orderJson } from '../src/app/orders/order-export.ts'
import type { OrderEntry } from '../src/app/orders/orders-types.ts'
import { createScheduleApi } from '../src/workers/schedule-runner.ts'
import type { ScheduleOutcome } from '../src/workers/schedule-protocol.ts'

const ROOT = join(import.meta.dirname, '..')
const MODEL = join(ROOT, 'public/models/googlenet.onnx')
const CLUSTER = join(ROOT, 'bench/clusters/pi-homogeneous.json')
const GENERATIONS = 10
const SEED = 7

async function pagePlans(algos: Algo[]): Promise<{ finals: Partial<Record<Algo, Plan>>; modelWarnings: string[] }> {
  const { graph } = await openModel(MODEL, {})
  const cluster = validateCluster(JSON.parse(readFileSync(CLUSTER, 'utf8')))
  const finals: Partial<Record<Algo, Plan>> = {}
  const api = createPartitionApi()
  const r = await api.run(1, { graph, cluster, memoryModel: 'inplace', seed: SEED, generations: GENERATIONS, algos }, (e: PartitionEvent) => {
    if (e.kind === 'result' && !e.interim) finals[e.algo] = e.detail.plan
  })
  expect(r).toEqual({ ok: true, value: algos.length })
  return { finals, modelWarnings: graph.warnings ?? [] }
}

async function cliPlan(algo: Algo): Promise<Plan> {
  const r = await partitionCommand([MODEL, '--cluster', CLUSTER, '--algo', algo, '--seed', String(SEED), '--generations', String(GENERATIONS), '--memory-model', 'inplace', '--json'])
  return JSON.parse(r.stdout) as Plan
}

describe('the page and `memoria partition` plan alike', () => {
  // GenEFlow starts from every baseline's plan, so its plan depends on theirs along the order as well
  it('googlenet on three Pis, seed 7, 10 generations: GenEFlow gives the same plan, order and figures', async () => {
    const { finals: page, modelWarnings } = await pagePlans(['geneflow'])
    for (const algo of ['geneflow'] as const) {
      const cliOut = await cliPlan(algo)
      // the CLI puts the model's own warnings (here: its weights file is not beside it) first in the plan's; the
      // page shows those with the model instead
      expect(cliOut.warnings.slice(0, modelWarnings.length)).toEqual(modelWarnings)
      const cli = { ...cliOut, warnings: cliOut.warnings.slice(modelWarnings.length) }
      const mine = page[algo]
      expect(mine).toBeDefined()
      // the order is BTSearch's (core's partition order), not the file's
      expect(mine?.order).toEqual(cli.order)
      expect(mine?.latencyMs).toBe(cli.latencyMs)
      expect(JSON.stringify(mine, null, 2)).toBe(JSON.stringify(cli, null, 2))
    }
  })
})

describe('the page and `memoria schedule --json` write the same order file', () => {
  it('gpt2 (a graph with its own warnings), greedy and BTSearch: the download equals the command output but for the time', async () => {
    const model = join(ROOT, 'public/models/gpt2.onnx')
    const { graph } = await openModel(model, {})
    expect(graph.warnings?.length).toBeGreaterThan(0) // its assumed `seq`: the file must say so, as the command does
    const outcomes: ScheduleOutcome[] = []
    const r = await createScheduleApi().run(1, graph, (['greedy', 'btsearch'] as const).map((algo) => ({
      algo, memoryModel: 'inplace', timeLimitMs: 60_000, maxStates: null, seed: 1, samples: 100,
    })), (e) => { if (e.kind === 'result') outcomes.push(e.outcome) })
    expect(r.ok).toBe(true)
    const noTime = (text: string) => ({ ...JSON.parse(text), elapsedMs: 0 })
    for (const outcome of outcomes) {
      const entry: OrderEntry = { ...outcome, id: 'x', modelKey: 'k', stopped: false, finishedAt: 0 }
      const page = orderJson(entry, graph)
      const cli = (await scheduleCommand([model, '--algo', outcome.algo, '--memory-model', 'inplace', '--json'])).stdout
      expect(Object.keys(JSON.parse(page))).toEqual(Object.keys(JSON.parse(cli)))
      expect(noTime(page)).toEqual(noTime(cli))
    }
  })
})
