#!/usr/bin/env node
/**
 * `npm run bench:huge`: peak memory when a model past 2 GB with inline weights is opened (issue 12) — in the
 * command line (`memoria inspect FILE --json`, peak RSS of the process from /usr/bin/time) and in the page
 * through the file input (peak RSS of the page's renderer process, which hosts the parse worker, from
 * /proc/PID/status VmHWM, and the parse worker's own JS heap, Runtime.getHeapUsage over a CDP session attached to
 * the worker, sampled every 100 ms during the read: performance.memory does not exist in a worker).
 * Uses the built app (dist/, or E2E_OUT_DIR). Writes bench/results/huge.md.
 */
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { launch, root, startPreview } from '../test/e2e/serve.mjs'

const MB = 1e6
const dir = mkdtempSync(join(tmpdir(), 'memoria-huge-bench-'))
const load0 = loadavg()
try {
  const gen = spawnSync(process.execPath, ['--import', 'tsx', join(root, 'bench/gen/huge.ts'), dir], { cwd: root, encoding: 'utf8' })
  if (gen.status !== 0) throw new Error(gen.stderr)
  const { qwen } = JSON.parse(gen.stdout.trim().split('\n').pop())

  // the command line: the whole process, start-up included
  const t0 = performance.now()
  const cli = spawnSync('/usr/bin/time', ['-f', '%M', process.execPath, join(root, 'bin/memoria.mjs'), 'inspect', qwen.path, '--json'], { cwd: root, encoding: 'utf8', maxBuffer: 1 << 28 })
  const cliMs = performance.now() - t0
  if (cli.status !== 0) throw new Error(cli.stderr)
  const cliPeak = Number(cli.stderr.trim().split('\n').pop()) * 1024
  const cliNodes = JSON.parse(cli.stdout).nodes.length

  // the page: the renderer of our own profile (its --user-data-dir), sampled while the file is read
  const server = await startPreview()
  const before = new Set(readdirSync('/proc').filter((p) => /^\d+$/.test(p)))
  const { context, page, close } = await launch(server.baseURL)
  const renderers = () => readdirSync('/proc').filter((p) => /^\d+$/.test(p) && !before.has(p)).filter((p) => {
    try { return readFileSync(`/proc/${p}/cmdline`, 'utf8').includes('--type=renderer') } catch { return false }
  })
  const status = (pid, key) => {
    try { return Number(new RegExp(`${key}:\\s+(\\d+) kB`).exec(readFileSync(`/proc/${pid}/status`, 'utf8'))[1]) * 1024 } catch { return 0 }
  }
  try {
    await page.goto('/')
    await page.waitForSelector('[data-testid="model-summary"]', { timeout: 60_000 })
    const workerHeap = []
    // the parse worker is started with the page (it opened the start sample): auto-attach reaches the workers
    // already running and any started later, each with its own session, talked to through the page's session
    const cdp = await context.newCDPSession(page)
    let worker = null
    let found = () => {}
    const attached = new Promise((resolve) => { found = resolve })
    cdp.on('Target.attachedToTarget', (e) => {
      if (e.targetInfo.type === 'worker' && /parse/.test(e.targetInfo.url)) { worker = e.sessionId; found() }
    })
    let id = 0
    const pending = new Map()
    cdp.on('Target.receivedMessageFromTarget', (e) => {
      const m = JSON.parse(e.message)
      pending.get(m.id)?.(m)
      pending.delete(m.id)
    })
    const heapOf = (sessionId) => new Promise((resolve) => {
      const i = ++id
      pending.set(i, (m) => resolve(m.result?.usedSize ?? 0))
      cdp.send('Target.sendMessageToTarget', { sessionId, message: JSON.stringify({ id: i, method: 'Runtime.getHeapUsage' }) }).catch(() => resolve(0))
    })
    await cdp.send('Target.setAutoAttach', { autoAttach: true, waitForDebuggerOnStart: false, flatten: false })
    await Promise.race([attached, new Promise((r) => setTimeout(r, 5000))])
    if (worker === null) throw new Error('the parse worker was not found among the page\'s workers')
    const heapBefore = await heapOf(worker)
    const pids = renderers()
    const rssBefore = Math.max(...pids.map((p) => status(p, 'VmRSS')))
    const p0 = performance.now()
    await page.getByTestId('file-input').setInputFiles(qwen.path)
    const done = page.waitForFunction(() => document.querySelector('[data-testid="model-summary"]')?.getAttribute('data-file-name') === 'qwen2-inline.onnx' && !document.querySelector('[data-testid="progress"]'), null, { timeout: 300_000, polling: 50 })
    const state = { finished: false }
    void done.then(() => { state.finished = true })
    while (!state.finished) {
      if (worker !== null) workerHeap.push(await heapOf(worker))
      await new Promise((r) => setTimeout(r, 100))
    }
    const pageMs = performance.now() - p0
    const hwm = Math.max(...pids.map((p) => status(p, 'VmHWM')))
    const nodes = await page.getByTestId('model-summary').getAttribute('data-node-count')
    const heapPeak = Math.max(0, ...workerHeap)
    const load1 = loadavg()
    const lines = [
      '# Huge files (`npm run bench:huge`)',
      '',
      `Qwen2-0.5B's graph with its weights inline: ${qwen.bytes.toLocaleString('en-US')} bytes (${(qwen.bytes / 2 ** 30).toFixed(2)} GiB, past the 2 GiB`,
      "that Node's readFile refuses), written sparse by bench/gen/huge.ts. One run of each (this is a memory figure, not a",
      `speed one); load average ${load0.map((x) => x.toFixed(1)).join(' / ')} before, ${load1.map((x) => x.toFixed(1)).join(' / ')} after (the machine is shared).`,
      '',
      '| where | what is measured | peak | wall clock |',
      '| --- | --- | ---: | ---: |',
      `| command line, \`inspect --json\` | peak RSS of the whole process (Node + tsx + the CLI), /usr/bin/time | ${(cliPeak / MB).toFixed(1)} MB | ${(cliMs / 1000).toFixed(1)} s |`,
      `| page, file input → parse worker | peak RSS of the page's renderer process (page + worker), VmHWM; ${(rssBefore / MB).toFixed(1)} MB before the file was chosen | ${(hwm / MB).toFixed(1)} MB | ${(pageMs / 1000).toFixed(1)} s |`,
      `| page, parse worker | the worker's own JS heap in use (CDP Runtime.getHeapUsage), largest of ${workerHeap.filter((x) => x > 0).length} samples every 100 ms during the read; ${(heapBefore / MB).toFixed(1)} MB before | ${(heapPeak / MB).toFixed(1)} MB | |`,
      '',
      `Both read the structure only: ${cliNodes} nodes from the command line, ${nodes} in the page. Neither peak grows with the`,
      'weights: the file is read in windows (src/cli/node-source.ts, src/workers/blob-source.ts) and payloads are skipped.',
      '',
    ]
    writeFileSync(join(root, 'bench/results/huge.md'), lines.join('\n'))
    console.log(lines.join('\n'))
  } finally {
    await close()
    server.stop()
  }
} finally {
  rmSync(dir, { recursive: true, force: true })
}
