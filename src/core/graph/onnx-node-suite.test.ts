/**
 * Operator coverage against ONNX's own node tests (Debian package libonnx-testdata, 1.12): every test
 * model, with its recorded inputs turned into initializers (so shape inputs are constants), must give the
 * recorded outputs' dtypes and shapes. `npm test` installs the package; a bare `npx vitest run` skips this
 * where it is absent.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fromBinary } from '@bufbuild/protobuf'
import { TensorProtoSchema } from 'onnx-buf'
import { describe, expect, it } from 'vitest'
import { buildGraph } from './build.ts'
import { rawFromBytes, rawTensor } from './test-raw.ts'

const DATA = '/usr/share/libonnx-testdata/data'
const ROOTS = ['node', 'pytorch-operator', 'pytorch-converted', 'simple'].map((d) => join(DATA, d))
// `npm test` installs the package and sets MEMORIA_REQUIRE_DEBIAN_PACKAGES: there the suite never skips
const present = existsSync(ROOTS[0]) || process.env.MEMORIA_REQUIRE_DEBIAN_PACKAGES === '1'

function runCase(dir: string): { status: 'ok' | 'mismatch' | 'unknown' | 'error'; detail: string } {
  const raw = rawFromBytes(new Uint8Array(readFileSync(join(dir, 'model.onnx'))))
  const data = join(dir, 'test_data_set_0')
  const files = existsSync(data) ? readdirSync(data) : []
  const realInputs = raw.inputs.filter((v) => !raw.initializers.some((t) => t.name === v.name))
  realInputs.forEach((v, i) => {
    const f = join(data, `input_${i}.pb`)
    if (!files.includes(`input_${i}.pb`)) return
    const t = rawTensor(fromBinary(TensorProtoSchema, new Uint8Array(readFileSync(f))))
    t.name = v.name
    raw.initializers.push(t)
  })
  raw.inputs = raw.inputs.filter((v) => !raw.initializers.some((t) => t.name === v.name))
  // only inference counts: drop what the file declares about outputs and intermediates
  const declared = raw.outputs
  raw.outputs = declared.map((v) => ({ name: v.name, dtype: null, shape: null }))
  raw.valueInfo = []
  let g
  try {
    g = buildGraph(raw)
  } catch (e) {
    return { status: 'error', detail: String(e) }
  }
  const wrong: string[] = []
  declared.forEach((v, i) => {
    const f = join(data, `output_${i}.pb`)
    if (!files.includes(`output_${i}.pb`)) return
    const t = rawTensor(fromBinary(TensorProtoSchema, new Uint8Array(readFileSync(f))))
    const got = g.tensors.find((x) => x.name === v.name)!
    if (got.shape === null) wrong.push(`${v.name}: unknown`)
    else if (got.dtype !== t.dtype || JSON.stringify(got.shape) !== JSON.stringify(t.dims)) wrong.push(`${v.name}: ${got.dtype}[${got.shape}] vs ${t.dtype}[${t.dims}]`)
  })
  if (wrong.length === 0) {
    // with the file's declarations back, inference must not contradict them
    const withDecl = buildGraph({ ...raw, outputs: declared })
    const dis = withDecl.warnings!.find((w) => w.includes('disagrees'))
    return dis ? { status: 'mismatch', detail: dis } : { status: 'ok', detail: '' }
  }
  const unk = g.warnings!.find((w) => w.startsWith('unknown operator'))
  if (unk) return { status: 'unknown', detail: unk.slice(0, 60) }
  return { status: 'mismatch', detail: `${wrong.join('; ')} ${g.warnings!.join(' | ')}`.slice(0, 300) }
}

/**
 * Cases that cannot match, by design: sizes that depend on data (NonMaxSuppression, Unique), sequence and
 * optional types, string and training operators, subgraph operators (whose outputs come only from the
 * file's declarations, removed here), and two quirks of the 1.12 data (bfloat16 stored as uint16, an
 * optional/sequence input recorded as a tensor).
 */
const EXPECTED_TO_DIFFER = /^test_(nonmaxsuppression|unique|sequence_|optional_|identity_opt|identity_sequence|if|loop|scan|range_.*_expanded|adagrad|adam|momentum|nesterov|strnorm|gradient_of|tfidfvectorizer|cast_FLOAT_to_BFLOAT16|castlike_FLOAT_to_BFLOAT16)/

describe.skipIf(!present)('ONNX node tests (libonnx-testdata)', () => {
  it('every supported operator test gives the recorded output dtypes and shapes', () => {
    const bad: string[] = []
    let ok = 0
    const cases = ROOTS.filter(existsSync).flatMap((root) => readdirSync(root).sort().map((d) => join(root, d)))
    for (const dir of cases) {
      if (!existsSync(join(dir, 'model.onnx'))) continue
      const d = dir.split('/').pop()!
      const r = runCase(dir)
      if (r.status === 'ok') ok++
      else if (!EXPECTED_TO_DIFFER.test(d)) bad.push(`${d}: ${r.status} ${r.detail}`)
    }
    expect(bad).toEqual([])
    console.log(`${ok} of ${cases.length} cases agree`)
    expect(ok).toBeGreaterThan(860)
  })
})
