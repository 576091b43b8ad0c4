/**
 * `memoria verify MODEL [--order file|btsearch|ort-default|ort-pinned|ORDER.json] [--memory-model M] [--seed N] [--plain]
 * [--out FILE] [--time-limit S] [--dim NAME=VALUE]… [--json]`: runs the model in ONNX Runtime in the planned order
 * (src/runtime/verify.ts) and reports predicted vs observed peak, whether ORT ran exactly the planned
 * order, where it first diverged, and the wall time. Exit 4 when the order differs or the peaks differ by
 * more than 1% (the result is still printed), like `evaluate`'s 3.
 */
import { readFile, writeFile } from 'node:fs/promises'
import { fail, fmtInt } from '../core/errors.ts'
import { orderFromNames, indexGraph } from '../core/memory/indexed.ts'
import { PREDICT_MODELS, verifyOrder, type VerifyResult } from '../runtime/verify.ts'
import { choice, intFlag, modelOptions, numberFlag, onePositional, parseCommand, resolvePath, type OptionSpec } from './args.ts'
import { isCancelled, type CommandResult } from './command.ts'
import { fields, int, mb } from './format.ts'
import { openModel, readJsonFile, requireKnownSizes } from './open-model.ts'
import { pause } from './schedule.ts'
import { scheduleInSlices } from '../core/memory/schedule.ts'
import { planOrtDefault } from '../core/onnx/ort-default.ts'
import { planOrtPinned } from '../core/onnx/ort-refine.ts'
import type { OrtShape } from '../core/memory/ort-alloc.ts'
import { withFilledModel } from '../runtime/materialize.ts'
import { ortStaticShapes } from '../runtime/ort-shapes.ts'

const VERIFY_FLAGS: OptionSpec = {
  order: { type: 'string' },
  'memory-model': { type: 'string' },
  seed: { type: 'string' },
  plain: { type: 'boolean' },
  'time-limit': { type: 'string' },
  out: { type: 'string' },
}

/** The exit status when ORT did not run the planned order or the peaks disagree by more than 1%. */
export const VERIFY_MISMATCH_EXIT = 4

async function orderFile(path: string): Promise<string[]> {
  const doc = await readJsonFile(path, 'ARG_INVALID', 'an order: `schedule --json` output or a JSON array of node names')
  const names = Array.isArray(doc) ? doc : (doc as { order?: unknown }).order
  if (!Array.isArray(names) || !names.every((n) => typeof n === 'string')) {
    fail('ARG_INVALID', `${path} holds no order; give \`schedule --json\` output (its "order") or a JSON array of node names`)
  }
  return names as string[]
}

export async function verifyCommand(argv: string[]): Promise<CommandResult> {
  const p = parseCommand('verify', argv, VERIFY_FLAGS)
  const file = onePositional('verify', p, 'MODEL')
  const memoryModel = choice(p, 'memory-model', PREDICT_MODELS, 'ort')
  const seed = intFlag(p, 'seed', 1, 0, 2 ** 32 - 1)
  const timeLimitS = numberFlag(p, 'time-limit', 60)
  const orderSpec = typeof p.values.order === 'string' ? p.values.order : 'btsearch'
  const loaded = await openModel(file, modelOptions(p))
  const { graph, raw } = loaded
  if (raw === undefined) fail('ARG_INVALID', `${file} is a memoria-graph; verify runs the model in ONNX Runtime and needs the .onnx file`)
  requireKnownSizes(graph, 'verify')
  const ig = indexGraph(graph)
  const bytes = new Uint8Array(await readFile(resolvePath(file)))
  let order: number[]
  let fileOrder: number[] | undefined
  let shapes: Map<string, OrtShape> | undefined
  const btsearch = async (): Promise<string[]> => (await scheduleInSlices(graph, {
    algo: 'btsearch', memoryModel: memoryModel === 'simple' ? 'simple' : 'inplace', timeLimitMs: timeLimitS * 1000,
    now: () => performance.now(), isCancelled, pause,
  })).order
  // orderFromNames checks every node is named once (ARG_INVALID otherwise)
  const ids = (names: string[]): number[] => [...orderFromNames(ig, names)]
  if (orderSpec === 'file') order = graph.nodes.map((_, i) => i)
  else if (orderSpec === 'btsearch') order = ids(await btsearch())
  else if (orderSpec === 'ort-default' || orderSpec === 'ort-pinned') {
    // both search on ORT's own static shapes (read once from the original file; node order does not change them)
    shapes = await withFilledModel(bytes, { seed }, (_, filled, dir) => ortStaticShapes(filled, dir)) ?? undefined
    const starts = [graph.nodes.map((_, i) => i), ids(await btsearch())]
    if (orderSpec === 'ort-default') {
      // a file order whose own ORT walk has the lowest ORT peak found, from the file's and BTSearch's orders
      const plan = planOrtDefault(graph, { starts: starts.slice(1), shapes })
      order = plan.walk
      fileOrder = plan.fileOrder
    } else {
      // the file's and BTSearch's orders refined for ORT's allocator, exported pinned
      order = planOrtPinned(graph, { starts, shapes }).order
    }
  } else order = ids(await orderFile(orderSpec))
  const t0 = performance.now()
  const out = typeof p.values.out === 'string' ? resolvePath(p.values.out) : undefined
  const r = await verifyOrder(bytes, raw, graph, {
    order, memoryModel, seed, pin: p.values.plain !== true, fileOrder, shapes,
    // the exported file as it is (its weights stay where the original keeps them), not the random-weight copy
    onExported: out === undefined ? undefined : (b) => writeFile(out, b),
  })
  const wallMs = performance.now() - t0
  const exitCode = r.ok ? 0 : VERIFY_MISMATCH_EXIT
  const stderr = r.ok ? undefined : `PLAN_INVALID: ${mismatch(r)}; the full result is on standard output`
  if (p.values.json === true) return { stdout: `${JSON.stringify({ order: orderSpec, wallMs, ...r }, null, 2)}\n`, exitCode, stderr }
  return { stdout: `${verifyText(r, graph.name, orderSpec, wallMs)}\n`, exitCode, stderr }
}

function mismatch(r: VerifyResult): string {
  const parts: string[] = []
  if (!r.orderMatch && r.firstDivergence !== null) {
    parts.push(`ONNX Runtime left the planned order at step ${fmtInt(r.firstDivergence.step + 1)} (ran ${r.firstDivergence.executed ?? 'nothing'} instead of ${r.firstDivergence.planned ?? 'nothing'})`)
  }
  if (Math.abs(r.ratio - 1) > 0.01) parts.push(`the observed peak is ${r.ratio.toFixed(4)}× the predicted one`)
  return parts.join('; ')
}

function verifyText(r: VerifyResult, model: string, orderSpec: string, wallMs: number): string {
  const rows: [string, string][] = [
    ['Model', model],
    ['Order', `${orderSpec}${r.pinned ? ` (pinned for ONNX Runtime: ${fmtInt(r.ties)} tie${r.ties === 1 ? '' : 's'})` : orderSpec === 'ort-default' ? ' (plain file order whose ORT walk is the plan)' : ' (plain file order)'}`],
    ['Memory model', r.memoryModel],
    ['Predicted peak', `${mb(r.predictedPeakBytes)} (${int(r.predictedPeakBytes)} bytes)`],
    ['Observed peak', `${mb(r.observedPeakBytes)} (${int(r.observedPeakBytes)} bytes, ONNX Runtime's allocator statistics)`],
    ['Ratio', `${r.ratio.toFixed(4)} (observed / predicted)`],
    ['Curve', r.curveMaxDeviationBytes === null ? '– (ORT ran another order)'
      : r.curveMaxDeviationBytes === 0 ? `ORT's reading equals the prediction at each of the ${fmtInt(r.plannedOrder.length)} steps of the first run`
        : `ORT's reading differs from the prediction by up to ${int(r.curveMaxDeviationBytes)} bytes over the ${fmtInt(r.plannedOrder.length)} steps of the first run`],
    ['Memory pattern', `${mb(r.patternObservedBytes)} observed, ${mb(r.patternPredictedBytes)} predicted (the block ORT allocates from the second run on)`],
    ['Static shapes', r.staticShapes === null ? 'ONNX Runtime could not list them: predicted on the graph\'s resolved shapes'
      : `ORT knows the full shape of ${fmtInt(r.staticShapes.values - r.staticShapes.unknown)} of ${fmtInt(r.staticShapes.values)} values when it loads the model; the others never share a buffer`],
    ['Order match', r.orderMatch ? `yes (${fmtInt(r.plannedOrder.length)} nodes)` : `no — first divergence at step ${fmtInt((r.firstDivergence?.step ?? 0) + 1)}: planned ${r.firstDivergence?.planned ?? '–'}, ran ${r.firstDivergence?.executed ?? '–'}`],
    ['Run time', `${int(r.runMs)} ms (first run; load ${int(r.loadMs)} ms, whole check ${int(wallMs)} ms)`],
    ['Verdict', r.ok ? 'ok' : `mismatch (exit ${VERIFY_MISMATCH_EXIT})`],
  ]
  return fields(rows)
}
