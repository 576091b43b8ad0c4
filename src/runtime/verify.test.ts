import { execFileSync } from 'node:child_process'
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fromBinary } from '@bufbuild/protobuf'
import { ModelProtoSchema } from 'onnx-buf'
import { describe, expect, it } from 'vitest'
import { buildGraph } from '../core/graph/build.ts'
import { schedule } from '../core/memory/schedule.ts'
import { bytesSource } from '../core/onnx/byte-source.ts'
import { isOrtConstant, ortOrderOfFile } from '../core/onnx/ort-order.ts'
import { pinnedPieces } from '../core/onnx/pin-export.ts'
import { PIN_PREFIX } from '../core/onnx/pin.ts'
import { readOnnx } from '../core/onnx/read.ts'
import { materializeModel, randomInputs } from './materialize.ts'
import { runModel } from './run.ts'
import { branchyCnn, computedShapeBlock, nasCell, transformerBlock } from './samples.ts'
import { verifyOrder } from './verify.ts'
import { planOrtDefault } from '../core/onnx/ort-default.ts'
import { planOrtPinned } from '../core/onnx/ort-refine.ts'

async function open(bytes: Uint8Array) {
  const raw = await readOnnx(bytesSource(bytes))
  const graph = buildGraph(raw, { dims: { seq: 12 } })
  return { raw, graph }
}

function btsearchOrder(graph: ReturnType<typeof buildGraph>): number[] {
  const index = new Map(graph.nodes.map((n, i) => [n.name, i]))
  return schedule(graph, { algo: 'btsearch', memoryModel: 'inplace', timeLimitMs: 5000, now: () => performance.now() })
    .order.map((n) => index.get(n) as number)
}

describe('verify in ONNX Runtime', () => {
  for (const [name, make] of [['a branchy CNN', branchyCnn], ['a transformer block', transformerBlock], ['a NAS cell', nasCell],
    ['a block with computed shapes', computedShapeBlock]] as const) {
    it(`runs BTSearch's order of ${name} exactly, at the predicted peak (1%)`, async () => {
      const bytes = make()
      const { raw, graph } = await open(bytes)
      const order = btsearchOrder(graph)
      const r = await verifyOrder(bytes, raw, graph, { order, memoryModel: 'ort' })
      expect(r.firstDivergence).toBeNull()
      expect(r.orderMatch).toBe(true)
      expect(r.executedOrder).toEqual(order.map((v) => graph.nodes[v].name))
      expect(r.observedPeakBytes).toBeGreaterThan(0)
      expect(Math.abs(r.ratio - 1)).toBeLessThanOrEqual(0.01)
      expect(r.ok).toBe(true)
      // not only the peak: ORT's reading at every step is the allocator model's, and so is the
      // memory-pattern block of the second run
      expect(r.curveMaxDeviationBytes).toBe(0)
      expect(r.patternObservedBytes).toBe(r.patternPredictedBytes)
    })
  }

  it('ort-default: ORT runs the planned walk from the plain file order, at the predicted peak', async () => {
    const bytes = nasCell()
    const { raw, graph } = await open(bytes)
    const plan = planOrtDefault(graph, { starts: [btsearchOrder(graph)] })
    const r = await verifyOrder(bytes, raw, graph, { order: plan.walk, fileOrder: plan.fileOrder, memoryModel: 'ort' })
    expect(r.pinned).toBe(false)
    expect(r.ties).toBe(0)
    expect(r.orderMatch).toBe(true)
    expect(r.predictedPeakBytes).toBe(plan.peakBytes)
    expect(r.observedPeakBytes).toBe(plan.peakBytes)
  })

  it('ort-pinned: ORT runs the order refined for its allocator, pinned, at the predicted peak — below BTSearch\'s order in ORT', async () => {
    const bytes = branchyCnn()
    const { raw, graph } = await open(bytes)
    const bt = btsearchOrder(graph)
    const plan = planOrtPinned(graph, { starts: [graph.nodes.map((_, i) => i), bt], maxEvaluations: 20_000 })
    const refined = await verifyOrder(bytes, raw, graph, { order: plan.order, memoryModel: 'ort' })
    const btRun = await verifyOrder(bytes, raw, graph, { order: bt, memoryModel: 'ort' })
    expect(refined.orderMatch).toBe(true)
    expect(refined.curveMaxDeviationBytes).toBe(0)
    expect(refined.observedPeakBytes).toBe(plan.peakBytes)
    expect(refined.observedPeakBytes).toBeLessThan(btRun.observedPeakBytes)
  })

  it('the pinned export declares each tie ORT\'s own shape of its input: symbols kept, so it runs at any seq', async () => {
    const bytes = transformerBlock()
    const { raw, graph } = await open(bytes) // planned at seq = 12
    let pinned: Uint8Array | undefined
    const r = await verifyOrder(bytes, raw, graph, { order: btsearchOrder(graph), memoryModel: 'ort', onExported: (b) => { pinned = b } })
    expect(r.ties).toBeGreaterThan(0)
    const declared = fromBinary(ModelProtoSchema, pinned as Uint8Array).graph!.valueInfo.filter((v) => v.name.startsWith(PIN_PREFIX))
    expect(declared.length).toBeGreaterThan(0)
    const dims = declared.map((v) => (v.type?.value.case === 'tensorType' ? v.type.value.value.shape?.dim ?? [] : [])
      .map((d) => (d.value.case === 'dimParam' ? d.value.value : d.value.case === 'dimValue' ? Number(d.value.value) : null)))
    // every tie carries [1, 'seq', …]: the planning value 12 appears nowhere
    for (const d of dims) expect(d[1]).toBe('seq')
    expect(dims.flat()).not.toContain(12)
    // and the pinned file computes what the original does at another sequence length
    const a = materializeModel(bytes, { seed: 2 })
    const b = materializeModel(pinned as Uint8Array, { seed: 2 })
    const inputs = randomInputs(a, 2, { seq: 5 })
    const ya = (await runModel(a, inputs)).outputs.output
    const yb = (await runModel(b, inputs)).outputs.output
    expect(yb.dims).toEqual([1, 5, 32])
    expect(Buffer.from((yb.data as Float32Array).buffer).equals(Buffer.from((ya.data as Float32Array).buffer))).toBe(true)
  })

  it('a swapped-branch order: plain file order is not followed, the pinned export is, outputs unchanged', async () => {
    // file order runs branch b1 before b2; the plan swaps them: b2's two nodes first, then b1's
    const bytes = branchyCnn()
    const { raw, graph } = await open(bytes)
    const idx = (n: string): number => graph.nodes.findIndex((x) => x.name === n)
    const file = graph.nodes.map((_, i) => i)
    // block 1: conv_2/relu_3 (b1), conv_4..relu_7 (b2): put b2 first
    const b1 = [idx('conv_2'), idx('relu_3')]
    const b2 = [idx('conv_4'), idx('relu_5'), idx('conv_6'), idx('relu_7')]
    const order = [...file.slice(0, b1[0]), ...b2, ...b1, ...file.slice(b2[3] + 1)]
    // ORT's walk of the plain file in that order is not the plan (it runs the join's latest branch first)
    const plain = ortOrderOfFile(order.map((v) => raw.nodes[v])).map((i) => order[i])
    expect(plain).not.toEqual(order.filter((v) => !isOrtConstant(graph.nodes[v])))
    const unpinned = await verifyOrder(bytes, raw, graph, { order, memoryModel: 'ort', pin: false })
    expect(unpinned.orderMatch).toBe(false)
    expect(unpinned.ok).toBe(false)
    const pinned = await verifyOrder(bytes, raw, graph, { order, memoryModel: 'ort' })
    expect(pinned.ties).toBeGreaterThan(0)
    expect(pinned.orderMatch).toBe(true)
    expect(pinned.ok).toBe(true)
    // the pinned file computes the same outputs (≤ 1e-5) and passes onnx.checker
    const { pieces } = await pinnedPieces(bytesSource(bytes), raw, order, {
      shapeOf: (t) => graph.tensors.find((x) => x.name === t),
    })
    const out = Buffer.concat(pieces.map((p) => (p instanceof Uint8Array ? p : bytes.subarray(p.offset, p.offset + p.length))))
    const a = materializeModel(bytes, { seed: 3 })
    const b = materializeModel(out, { seed: 3 })
    const inputs = randomInputs(a, 3)
    const ya = (await runModel(a, inputs)).outputs.output.data as Float32Array
    const yb = (await runModel(b, inputs)).outputs.output.data as Float32Array
    expect(yb.length).toBe(ya.length)
    let diff = 0
    for (let i = 0; i < ya.length; i++) diff = Math.max(diff, Math.abs(ya[i] - yb[i]))
    expect(diff).toBeLessThanOrEqual(1e-5)
    // `npm test` sets MEMORIA_REQUIRE_DEBIAN_PACKAGES (it installs python3-onnx): there the check never skips
    if (existsSync('/usr/bin/python3') || process.env.MEMORIA_REQUIRE_DEBIAN_PACKAGES === '1') {
      const dir = mkdtempSync(join(tmpdir(), 'memoria-pin-'))
      writeFileSync(join(dir, 'pinned.onnx'), b)
      const check = 'import onnx,sys; onnx.checker.check_model(onnx.load(sys.argv[1]), full_check=True); print("ok")'
      expect(execFileSync('/usr/bin/python3', ['-c', check, join(dir, 'pinned.onnx')], { encoding: 'utf8' }).trim()).toBe('ok')
    }
  })
})
