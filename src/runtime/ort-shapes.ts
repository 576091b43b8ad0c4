/**
 * ONNX Runtime's static shapes: what its own shape inference knows of every value when it loads the model
 * (a symbol stays a symbol; a dim it cannot infer — it does not propagate every value, e.g. not into
 * ConstantOfShape — stays unknown). Its allocation planner decides in-place and freed-buffer reuse on
 * these (`SameSize`), so the `ort` allocator model (core/memory/ort-alloc.ts) needs them to predict a
 * transformer: 662 of GPT-2's 1,073 values have dims ORT does not know, and with our resolved shapes in
 * their place the model predicted reuse ORT never does (the curve off from the second Gather on, the
 * memory-pattern block 1.42× ORT's; with ORT's shapes both are exact).
 *
 * How: ORT's Node API reports shapes only for graph inputs and outputs, so a copy of the model lists every
 * node output as a graph output (name only, no type: ORT infers it) and a session of it — same settings
 * as the measured one, no run — gives each value's `outputMetadata`. Cost: one more session load.
 */
import { create, toBinary } from '@bufbuild/protobuf'
import { ModelProtoSchema, ValueInfoProtoSchema, type ModelProto } from 'onnx-buf'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { OrtShape } from '../core/memory/ort-alloc.ts'
import { graphOf } from './materialize.ts'
import { openSession } from './run.ts'

/** `m` with every node output (of the top graph) listed as a graph output, mutated in place. */
function listEveryValue(m: ModelProto): ModelProto {
  const g = graphOf(m)
  const listed = new Set(g.output.map((o) => o.name))
  for (const n of g.node) {
    for (const o of n.output) {
      if (o !== '' && !listed.has(o)) { listed.add(o); g.output.push(create(ValueInfoProtoSchema, { name: o })) }
    }
  }
  return m
}

/**
 * ORT's static shape of every value — graph inputs, initializers, node outputs — of `filled`, a model
 * materialize.ts filled (its output list is extended here). With `dir` (where withFilledModel put the model
 * file and its external data) the listing model is written there, so it finds the same weights. Null when
 * ORT refuses the listing model although it took the model itself (an output it cannot return, say): the
 * caller then predicts on the graph's resolved shapes and says so.
 */
export async function ortStaticShapes(filled: ModelProto, dir: string | null): Promise<Map<string, OrtShape> | null> {
  const bytes = toBinary(ModelProtoSchema, listEveryValue(filled))
  const path = dir === null ? null : join(dir, 'every-value.onnx')
  if (path !== null) writeFileSync(path, bytes)
  let session: Awaited<ReturnType<typeof openSession>>
  try {
    session = await openSession(path ?? bytes, {})
  } catch {
    return null
  }
  try {
    const shapes = new Map<string, OrtShape>()
    // graph inputs as declared, initializers by their dims, every node output as ORT inferred it
    for (const md of [...session.inputMetadata, ...session.outputMetadata]) {
      shapes.set(md.name, md.isTensor ? md.shape.map((d) => (d === '' ? null : d)) : null)
    }
    for (const t of graphOf(filled).initializer) shapes.set(t.name, t.dims.map(Number))
    return shapes
  } finally {
    await session.release()
  }
}
