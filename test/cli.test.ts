/**
 * The command line as a user runs it: `node bin/memoria.mjs …` in a subprocess (the package's `bin`, which
 * runs src/cli/main.ts through tsx), on the reference models in public/models. Each start costs ~0.3 s, so
 * the cases are few and independent ones run concurrently.
 */
import { execFile, spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { randWireNetwork } from '../bench/gen/nas.ts'
import { readGraphJson } from '../src/core/io/graph-json.ts'
import { prototypeNamesCluster, prototypeNamesModel } from '../src/core/io/test-prototype-names.ts'

const ROOT = join(import.meta.dirname, '..')
const MODELS = join(ROOT, 'public/models')
const BIN = join(ROOT, 'bin/memoria.mjs')

interface Run { code: number; stdout: string; stderr: string }

function cli(args: string[], env: Record<string, string> = {}): Promise<Run> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { cwd: ROOT, env: { ...process.env, INIT_CWD: ROOT, ...env }, maxBuffer: 64 << 20 },
      (err, stdout, stderr) => resolve({ code: err ? Number(err.code ?? 1) : 0, stdout, stderr }))
  })
}

/** A failure as docs/spec.md section 3 says: the status, nothing on standard output, one `CODE: …` line. */
function expectFailure(r: Run, status: number, code: RegExp): void {
  expect(r.stdout).toBe('')
  expect(r.stderr.endsWith('\n')).toBe(true)
  expect(r.stderr.trimEnd().split('\n')).toHaveLength(1)
  expect(r.stderr).toMatch(new RegExp(`^(${code.source}): \\S`))
  expect(r.code).toBe(status)
}

/**
 * Runs the CLI, sends it SIGINT after `afterMs` and resolves when it exits, with how long it took to answer
 * the signal (the Ctrl-C cases must answer within a few seconds, not at the end of the search).
 */
function interrupted(args: string[], afterMs: number): Promise<Run & { answerMs: number }> {
  const child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT, env: { ...process.env, INIT_CWD: ROOT } })
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (d) => (stdout += d))
  child.stderr.on('data', (d) => (stderr += d))
  return new Promise((resolve) => {
    let signalled = 0
    child.on('exit', (code) => resolve({ code: code ?? -1, stdout, stderr, answerMs: performance.now() - signalled }))
    setTimeout(() => {
      signalled = performance.now()
      child.kill('SIGINT')
    }, afterMs)
  })
}

let dir = ''
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'memoria-cli-'))
  writeFileSync(join(dir, 'empty.onnx'), '')
  // fixed "random" bytes (an xorshift stream), so the case is the same on every run
  const noise = new Uint8Array(4096)
  let x = 0x9e3779b9
  for (let i = 0; i < noise.length; i++) {
    x ^= x << 13; x ^= x >>> 17; x ^= x << 5
    noise[i] = x & 0xff
  }
  noise[0] = 0x93 // not `{`, `[` or blank: the ONNX probe must reject it
  writeFileSync(join(dir, 'noise.bin'), noise)
  writeFileSync(join(dir, 'cluster.json'), JSON.stringify({
    devices: [
      { name: 'pi-a', gflops: 13.5, memoryBytes: 536870912, bandwidthMbps: 300, latencyMs: 2 },
      { name: 'pi-b', gflops: 13.5, memoryBytes: 536870912, bandwidthMbps: 300, latencyMs: 2 },
    ],
    router: { broadcast: true },
    source: 'pi-a',
  }))
  writeFileSync(join(dir, 'cluster3.json'), JSON.stringify({
    devices: ['pi-a', 'pi-b', 'pi-c'].map((name) => ({ name, gflops: 13.5, memoryBytes: 536870912, bandwidthMbps: 300, latencyMs: 2 })),
    router: { broadcast: true },
    source: 'pi-a',
  }))
  writeFileSync(join(dir, 'unknown.json'), JSON.stringify({
    format: 'memoria-graph', version: 1, name: 'u', producer: '', opset: {}, symbols: {}, inputs: ['x'], outputs: ['y'],
    tensors: [
      { name: 'x', kind: 'input', dtype: 'float32', shape: [1, 8], bytes: 32 },
      { name: 'h', kind: 'activation', dtype: 'float32', shape: null, bytes: null },
      { name: 'y', kind: 'output', dtype: 'float32', shape: [1, 8], bytes: 32 },
    ],
    nodes: [
      { name: 'custom', op: 'MyOp', domain: 'my.ops', inputs: ['x'], outputs: ['h'], attributes: {}, flops: 0 },
      { name: 'relu', op: 'Relu', domain: '', inputs: ['h'], outputs: ['y'], attributes: {}, flops: 8 },
    ],
  }))
})

describe('memoria inspect', () => {
  it('prints valid memoria-graph JSON whose node count is the shapes.json one, and a readable summary', async () => {
    const [json, text] = await Promise.all([
      cli(['inspect', join(MODELS, 'resnet50.onnx'), '--json']),
      cli(['inspect', join(MODELS, 'resnet50.onnx')]),
    ])
    expect(json.stderr).toBe('')
    expect(json.code).toBe(0)
    const graph = readGraphJson(json.stdout)
    const ref = JSON.parse(readFileSync(join(MODELS, 'resnet50.shapes.json'), 'utf8'))
    expect(graph.nodes.length).toBe(ref.summary.nodes)
    expect(text.code).toBe(0)
    expect(text.stdout).toMatch(/^Nodes\s+122$/m)
    expect(text.stdout).toMatch(/^Weights\s+102\.\d\d MB/m)
    expect(text.stdout).toMatch(/Operators[\s\S]*Conv\s+53/)
  })

  it('--dim seq=64 scales the bytes of gpt2\'s logits, and a relative path resolves against INIT_CWD', async () => {
    const [seq64, unbound] = await Promise.all([
      cli(['inspect', 'gpt2.onnx', '--dim', 'seq=64', '--json'], { INIT_CWD: MODELS }),
      cli(['inspect', 'gpt2.onnx', '--json'], { INIT_CWD: MODELS }),
    ])
    const logits = (r: Run) => readGraphJson(r.stdout).tensors.find((t) => t.name === 'logits')
    expect(logits(seq64)).toMatchObject({ shape: [1, 64, 50257], bytes: 64 * 50257 * 4 })
    expect(logits(unbound)).toMatchObject({ shape: [1, 1, 50257], bytes: 50257 * 4 })
    expect(readGraphJson(unbound.stdout).assumedSymbols).toEqual(['seq'])
  })

  it('exits 2 with one CODE line for an empty file, random bytes, a missing file, a non-memoria JSON, a bad flag', async () => {
    const [empty, noise, missing, pkg, flag] = await Promise.all([
      cli(['inspect', 'empty.onnx'], { INIT_CWD: dir }),
      cli(['inspect', 'noise.bin'], { INIT_CWD: dir }),
      cli(['inspect', 'no-such-model.onnx'], { INIT_CWD: dir }),
      cli(['inspect', 'package.json', '--json']),
      cli(['inspect', join(MODELS, 'vgg13.onnx'), '--frob']),
    ])
    expectFailure(empty, 2, /FILE_EMPTY/)
    expectFailure(noise, 2, /ONNX_NOT_A_MODEL|ONNX_TRUNCATED|ONNX_MALFORMED/)
    expectFailure(missing, 2, /FILE_NOT_FOUND/)
    expect(missing.stderr).toContain(join(dir, 'no-such-model.onnx'))
    expectFailure(pkg, 2, /GRAPH_JSON_INVALID/)
    expect(pkg.stderr).toMatch(/this is a package\.json, not a memoria-graph; the planner reads an \.onnx model or a memoria-graph JSON/)
    expectFailure(flag, 2, /ARG_INVALID/)
    expect(flag.stderr).toMatch(/unknown flag --frob; run `memoria inspect --help`/)
  })
})

describe('memoria schedule, partition, evaluate', () => {
  it('schedules a model (SPEC fields), and stops with SHAPE_UNKNOWN unless --shape supplies the size', async () => {
    const [ok, unknown, given] = await Promise.all([
      cli(['schedule', join(MODELS, 'squeezenet1_1.onnx'), '--memory-model', 'simple', '--json']),
      cli(['schedule', join(dir, 'unknown.json')]),
      cli(['schedule', join(dir, 'unknown.json'), '--shape', 'h=1x8', '--json']),
    ])
    expect(ok.stderr).toBe('')
    const r = JSON.parse(ok.stdout)
    expect(Object.keys(r)).toEqual(expect.arrayContaining(['algo', 'memoryModel', 'symbols', 'peakBytes', 'weightBytes', 'order', 'optimal', 'lowerBoundBytes', 'states', 'elapsedMs', 'warnings']))
    expect(r).toMatchObject({ algo: 'btsearch', memoryModel: 'simple', optimal: true })
    expect(r.order).toHaveLength(65)
    expectFailure(unknown, 2, /SHAPE_UNKNOWN/)
    expect(unknown.stderr).toMatch(/"h".*--shape NAME=1x3x224x224/)
    expect(given.code).toBe(0)
    expect(JSON.parse(given.stdout).peakBytes).toBe(64)
  })

  it('partitions, evaluate agrees (exit 0), and a tampered plan exits 3 printing the recomputed plan', async () => {
    const model = join(MODELS, 'squeezenet1_1.onnx')
    const cluster = join(dir, 'cluster.json')
    const made = await cli(['partition', model, '--cluster', cluster, '--algo', 'greedy', '--json'])
    expect(made.stderr).toBe('')
    expect(made.code).toBe(0)
    const plan = JSON.parse(made.stdout)
    expect(plan.assignments).toHaveLength(65)
    writeFileSync(join(dir, 'plan.json'), made.stdout)
    writeFileSync(join(dir, 'tampered.json'), JSON.stringify({ ...plan, latencyMs: plan.latencyMs / 2 }))
    const [same, tampered] = await Promise.all([
      cli(['evaluate', model, '--cluster', cluster, '--plan', join(dir, 'plan.json'), '--json']),
      cli(['evaluate', model, '--cluster', cluster, '--plan', join(dir, 'tampered.json'), '--json']),
    ])
    expect(same.stderr).toBe('')
    expect(same.code).toBe(0)
    expect(JSON.parse(same.stdout).latencyMs).toBe(plan.latencyMs)
    expect(tampered.code).toBe(3)
    expect(JSON.parse(tampered.stdout).latencyMs).toBe(plan.latencyMs)
    expect(tampered.stderr.trimEnd().split('\n')).toHaveLength(1)
    expect(tampered.stderr).toMatch(/^PLAN_INVALID: .*latencyMs/)
  })
})

describe('Ctrl-C', () => {
  it('during a long BTSearch: the search stops at once and prints its best order (status 0, a warning says so)', async () => {
    // the bench's RandWire of 1,382 nodes, unproven under inplace after 10 s: the search is running when the signal comes
    const file = join(dir, 'randwire.json')
    writeFileSync(file, JSON.stringify(randWireNetwork({ nodesPerStage: 96, stages: 4, channels: 16, seed: 1 })))
    const { code, stdout, stderr, answerMs } = await interrupted(['schedule', file, '--json'], 4000) // start-up, reading, indexing, then the search
    // it answered the signal, not its 60 s time limit
    expect(answerMs).toBeLessThan(3000)
    expect(code).toBe(0)
    expect(stderr).toBe('')
    const r = JSON.parse(stdout)
    expect(r.optimal).toBe(false)
    expect(r.order).toHaveLength(1382)
    expect(r.warnings).toEqual([expect.stringMatching(/^stopped by the user: this is the best order found so far, not proven optimal; /)])
  }, 30_000)

  it('during GenEFlow (partition): it stops at its next generation and prints the best plan so far (status 0, a warning says so)', async () => {
    // bert_base at seq 128 on three devices: GenEFlow runs about 15 s (232 generations, converged) after about 1 s of
    // reading and ordering, so at 6 s it is searching (with room for a loaded machine's slower start)
    const { code, stdout, stderr, answerMs } = await interrupted(['partition', join(MODELS, 'bert_base.onnx'), '--dim', 'seq=128',
      '--cluster', join(dir, 'cluster3.json'), '--generations', '100000', '--json'], 6000)
    // it answered the signal, not the end of the search
    expect(answerMs).toBeLessThan(3000)
    expect(code).toBe(0)
    expect(stderr).toBe('')
    const plan = JSON.parse(stdout)
    expect(plan.algo).toBe('geneflow')
    expect(plan.generations).toBeGreaterThan(0)
    expect(plan.generations).toBeLessThan(232)
    expect(plan.warnings).toContainEqual(`cancelled after ${plan.generations} generations; this is the best plan found so far`)
    expect(plan.devices).toHaveLength(3)
  }, 30_000)

  it('during random with many samples: the samples drawn so far are reported (status 0, a warning says how many)', async () => {
    const { code, stdout, stderr, answerMs } = await interrupted(['schedule', join(MODELS, 'qwen2_0_5b.onnx'), '--algo', 'random', '--samples', '10000000', '--json'], 4000)
    expect(answerMs).toBeLessThan(3000)
    expect(code).toBe(0)
    expect(stderr).toBe('')
    const r = JSON.parse(stdout)
    expect(r.warnings.at(-1)).toMatch(/^cancelled after [\d,]+ samples; the figures cover those$/)
    expect(r.stats.min).toBeLessThanOrEqual(r.stats.median)
  }, 30_000)
})

describe('names that are members of Object.prototype (issue 16)', () => {
  it('--dim toString=3 and --shape __proto__=1x3x8 bind by name through inspect, schedule, partition and evaluate', async () => {
    writeFileSync(join(dir, 'proto.onnx'), prototypeNamesModel())
    writeFileSync(join(dir, 'proto-cluster.json'), JSON.stringify(prototypeNamesCluster()))
    const flags = ['--dim', 'toString=3', '--dim', '__proto__=1', '--shape', '__proto__=1x3x8', '--json']
    const [inspect, sched, part, twice, command] = await Promise.all([
      cli(['inspect', 'proto.onnx', ...flags], { INIT_CWD: dir }),
      cli(['schedule', 'proto.onnx', '--memory-model', 'simple', ...flags], { INIT_CWD: dir }),
      cli(['partition', 'proto.onnx', '--cluster', 'proto-cluster.json', '--algo', 'greedy', ...flags], { INIT_CWD: dir }),
      cli(['inspect', 'proto.onnx', '--dim', 'toString=3', '--dim', 'toString=4'], { INIT_CWD: dir }),
      cli(['constructor', 'proto.onnx']),
    ])
    expect(inspect.stderr).toBe('')
    const g = readGraphJson(inspect.stdout)
    expect(Object.entries(g.symbols)).toEqual([['__proto__', 1], ['toString', 3]])
    expect(g.tensors.every((t) => t.bytes !== null)).toBe(true)
    expect(g.tensors.find((t) => t.name === '__proto__')).toMatchObject({ shape: [1, 3, 8], bytes: 96 })
    const s = JSON.parse(sched.stdout)
    expect(sched.code).toBe(0)
    expect(s).toMatchObject({ peakBytes: 288, optimal: true, symbols: { toString: 3 }, order: ['toString', '__proto__', 'constructor', 'valueOf'] })
    expect(part.code).toBe(0)
    const plan = JSON.parse(part.stdout)
    expect(plan.devices.map((d: { name: string }) => d.name)).toEqual(['__proto__', 'constructor', 'toString'])
    writeFileSync(join(dir, 'proto-plan.json'), part.stdout)
    const ev = await cli(['evaluate', 'proto.onnx', '--cluster', 'proto-cluster.json', '--plan', 'proto-plan.json', ...flags], { INIT_CWD: dir })
    expect(ev.stderr).toBe('')
    expect(ev.code).toBe(0)
    expectFailure(twice, 2, /ARG_INVALID/)
    expect(twice.stderr).toContain('--dim toString is given twice (3 and 4)')
    expectFailure(command, 2, /ARG_INVALID/)
    expect(command.stderr).toContain('unknown command "constructor"')
  })
})
