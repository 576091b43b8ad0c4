#!/usr/bin/env node
/**
 * The main thread while the long jobs run (issue 11), with the Long Tasks API (PerformanceObserver
 * 'longtask': every task over 50 ms the page's main thread ran), on the generated big graphs of
 * bench/gen/ui-graphs.ts opened as a user does (the file picker):
 *
 * - graph: first view, "Expand all" → every node drawn (folded constants count as drawn inside their
 *   consumer), and its final layout;
 * - GenEFlow on densenet121-like (5 devices) and swin-like (12 layers, ≈ 6.2k nodes; 4 devices);
 * - BTSearch "All" on swin-like (its time limit 10 s).
 * While a worker job runs, the tabs are clicked every 300 ms; a click's time is its input event's timestamp
 * → the first animation frame with the other panel shown. Reported: the longest main-thread task while the
 * job ran, the tasks over 50 ms and their total, the clicks' median and worst.
 *
 *   npm run bench:ui                                    (ui.bench.mjs calls runLongTaskBench at the end)
 *   node bench/ui-longtask.bench.mjs [--dist DIR] [--runs N] [--only graph|geneflow|btsearch]
 *
 * Results: a delimited section of bench/results/ui.md below the `<!-- notes -->` marker.
 */
import { execFileSync } from 'node:child_process'
import { existsSync, mkdirSync, writeFileSync } from 'node:fs'
import { loadavg } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { expandAll, RESULTS, writeSection } from './ui-helpers.mjs'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const TMP = join(root, 'bench', 'tmp')
const BEGIN = '<!-- ui-longtask:begin (bench/ui-longtask.bench.mjs) -->'
const END = '<!-- ui-longtask:end -->'
/** a worker job's window is cut here (then cancelled): the main thread's behaviour is what is measured */
const JOB_WINDOW_MS = 20_000

export const BIG_MODELS = [
  { id: 'densenet121-like', args: ['densenet'], devices: 5 },
  { id: 'swin-like-12l', args: ['swin', '12'], devices: 4 },
]

/** Writes the generated graph as memoria-graph JSON once (bench/tmp), returns its path. */
export function bigModelFile(m) {
  const file = join(TMP, `${m.id}.json`)
  if (!existsSync(file)) {
    mkdirSync(TMP, { recursive: true })
    const json = execFileSync('npx', ['tsx', join(root, 'bench/gen/write-graph.ts'), ...m.args], { cwd: root, maxBuffer: 1 << 28 })
    writeFileSync(file, json)
  }
  return file
}

const INIT = () => {
  const w = /** @type {any} */ (window)
  w.memoriaLong = []
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) w.memoriaLong.push({ start: e.startTime, ms: e.duration })
  }).observe({ type: 'longtask', buffered: true })
  w.memoriaClicks = []
  document.addEventListener('click', (e) => {
    const tab = e.target instanceof Element ? e.target.closest('[data-testid^="tab-"]') : null
    if (!tab) return
    const t0 = e.timeStamp
    const id = tab.getAttribute('data-testid').slice(4)
    requestAnimationFrame(() => {
      const panel = document.querySelector(`[data-panel="${id}"]`)
      w.memoriaClicks.push({ at: t0, ms: performance.now() - t0, shown: panel !== null && !panel.hidden })
    })
  }, true)
}

async function openBig(page, m) {
  await page.addInitScript(INIT)
  await page.goto('/')
  await page.waitForFunction(() => document.querySelector('[data-testid="model-summary"]') && !document.querySelector('[data-testid="progress"]'),
    null, { timeout: 60_000, polling: 50 })
  await page.waitForFunction(() => document.querySelector('[data-testid="graph-view"]')?.getAttribute('data-state') === 'ready', null, { timeout: 120_000 })
  const t0 = await page.evaluate(() => performance.now())
  await page.getByTestId('file-input').setInputFiles(bigModelFile(m))
  await page.waitForFunction((f) => document.querySelector('[data-testid="model-summary"]')?.getAttribute('data-file-name') === f &&
    !document.querySelector('[data-testid="progress"]'), `${m.id}.json`, { timeout: 120_000, polling: 50 })
  return t0
}

const stats = async (page, from, to) => {
  const { long, clicks } = await page.evaluate(() => ({ long: /** @type {any} */ (window).memoriaLong, clicks: /** @type {any} */ (window).memoriaClicks }))
  const inside = long.filter((t) => t.start >= from && t.start <= to)
  const cs = clicks.filter((c) => c.at >= from && c.at <= to && c.shown).map((c) => c.ms).sort((a, b) => a - b)
  return {
    longest: inside.reduce((a, t) => Math.max(a, t.ms), 0),
    over50: inside.length,
    busy: inside.reduce((a, t) => a + t.ms, 0),
    clicks: cs.length,
    clickMedian: cs.length ? cs[cs.length >> 1] : NaN,
    clickWorst: cs.length ? cs[cs.length - 1] : NaN,
  }
}

async function clickWhile(page, running) {
  for (let i = 0; i < 200 && (await running()); i++) {
    await page.getByTestId(i % 2 === 0 ? 'tab-graph' : 'tab-devices').click()
    await page.waitForTimeout(300)
  }
}

async function graphJob(page, m) {
  const t0 = await openBig(page, m)
  const nodes = Number(await page.getByTestId('graph-view').getAttribute('data-node-count'))
  await page.waitForFunction((t) => Number(document.querySelector('[data-testid="graph-view"]')?.getAttribute('data-first-drawn-at') ?? 0) > t, t0, { timeout: 120_000 })
  const first = Number(await page.getByTestId('graph-view').getAttribute('data-first-drawn-at')) - t0
  await page.waitForFunction(() => document.querySelector('[data-testid="graph-view"]')?.getAttribute('data-state') === 'ready', null, { timeout: 300_000 })
  const t1 = await expandAll(page, nodes, 300_000)
  const all = Number(await page.getByTestId('graph-view').getAttribute('data-first-drawn-at')) - t1
  await page.waitForFunction(() => document.querySelector('[data-testid="graph-view"]')?.getAttribute('data-state') === 'ready', null, { timeout: 300_000 })
  const allFinal = Number(await page.getByTestId('graph-view').getAttribute('data-drawn-at')) - t1
  const s = await stats(page, t1, t1 + allFinal)
  return { job: 'graph', nodes, first, all, allFinal, ...s }
}

async function geneflowJob(page, m) {
  await openBig(page, m)
  await page.getByTestId('tab-devices').click()
  const rows = page.getByTestId('device-row')
  while ((await rows.count()) < m.devices) await page.getByTestId('add-device').click()
  while ((await rows.count()) > m.devices) await rows.last().getByRole('button', { name: 'Remove' }).click()
  const t0 = await page.evaluate(() => performance.now())
  await page.getByTestId('run-partition').click()
  const end = Date.now() + JOB_WINDOW_MS
  const running = async () => Date.now() < end && (await page.getByTestId('plan-progress').count()) > 0
  await page.getByTestId('plan-progress').waitFor({ timeout: 60_000 }).catch(() => {})
  await clickWhile(page, running)
  const t1 = await page.evaluate(() => performance.now())
  const generation = (await page.getByTestId('plan-progress').count()) > 0 ? Number(await page.getByTestId('plan-progress').getAttribute('data-generation')) : 'done'
  if ((await page.getByTestId('plan-progress').count()) > 0) {
    await page.getByTestId('tab-devices').click()
    await page.getByTestId('plan-progress').getByRole('button', { name: 'Cancel' }).click({ timeout: 2_000 }).catch(() => {})
  }
  return { job: 'geneflow', devices: m.devices, windowMs: t1 - t0, generation, ...(await stats(page, t0, t1)) }
}

async function btsearchJob(page, m) {
  await openBig(page, m)
  await page.getByTestId('tab-orders').click()
  await page.getByTestId('algo-select').selectOption('all')
  await page.getByTestId('time-limit').fill('10')
  const t0 = await page.evaluate(() => performance.now())
  await page.getByTestId('run-schedule').click()
  await page.waitForFunction(() => document.querySelector('[data-testid="run-controls"]')?.getAttribute('data-running') === 'true', null, { timeout: 60_000 }).catch(() => {})
  const end = Date.now() + JOB_WINDOW_MS
  const running = async () => Date.now() < end && (await page.getByTestId('run-controls').getAttribute('data-running')) === 'true'
  for (let i = 0; i < 200 && (await running()); i++) {
    await page.getByTestId(i % 2 === 0 ? 'tab-devices' : 'tab-orders').click()
    await page.waitForTimeout(300)
  }
  const t1 = await page.evaluate(() => performance.now())
  return { job: 'btsearch', windowMs: t1 - t0, ...(await stats(page, t0, t1)) }
}

const JOBS = {
  graph: (page, m) => graphJob(page, m),
  geneflow: (page, m) => geneflowJob(page, m),
  btsearch: (page, m) => (m.id.startsWith('swin') ? btsearchJob(page, m) : null),
}

const med = (xs) => {
  const s = xs.filter((x) => Number.isFinite(x)).sort((a, b) => a - b)
  return s.length === 0 ? NaN : s.length % 2 ? s[s.length >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2
}
const r = (x) => (Number.isFinite(x) ? Math.round(x).toLocaleString('en-US') : '—')

export async function runLongTaskBench({ baseURL, newPage, runs = 1, only = '', chromium = '' }) {
  const rows = { graph: [], worker: [] }
  for (const m of BIG_MODELS) {
    for (const [name, job] of Object.entries(JOBS)) {
      if (only !== '' && only !== name) continue
      const results = []
      for (let i = 0; i < runs; i++) {
        const { page, close } = await newPage(baseURL)
        try {
          const x = await job(page, m)
          if (x === null) break
          results.push(x)
          console.log(`longtask ${m.id} ${name} run ${i + 1}: ${JSON.stringify(x, (k, v) => (typeof v === 'number' ? Math.round(v) : v))}`)
        } finally {
          await close()
        }
      }
      if (results.length === 0) continue
      const c = (k) => r(med(results.map((x) => x[k])))
      if (name === 'graph') {
        rows.graph.push(`| ${m.id} | ${results[0].nodes} | ${c('first')} | ${c('all')} | ${c('allFinal')} | ${c('longest')} | ${c('over50')} |`)
      } else {
        const what = name === 'geneflow' ? `GenEFlow, ${m.devices} devices` : 'BTSearch "All" (10 s limit)'
        rows.worker.push(`| ${m.id} | ${what} | ${c('windowMs')} | ${c('longest')} | ${c('over50')} | ${c('busy')} | ${c('clicks')} | ${c('clickMedian')} | ${c('clickWorst')} |`)
      }
    }
  }
  const section = [
    BEGIN,
    '## The main thread during the long jobs (Long Tasks API; issue 11)',
    '',
    `\`bench/ui-longtask.bench.mjs\`, median of ${runs} run(s) in fresh headless Chromium ${chromium} profiles, recorded`,
    `${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC on 2 shared cores (load average ${loadavg().map((x) => x.toFixed(1)).join(', ')}).`,
    'Graphs from bench/gen/ui-graphs.ts opened with the file picker. Long tasks: main-thread tasks over 50 ms',
    '(PerformanceObserver `longtask`) inside the window. Targets: first view ≤ 0.5 s, "Expand all" ≤ 1 s on',
    'densenet121, full view ≤ 3 s on the 6k-node transformer; no task over 50 ms while a worker job runs and',
    'clicks answered ≤ 100 ms.',
    '',
    '| graph | nodes | first view (ms) | "Expand all" → every node drawn (ms) | … final layout (ms) | longest task during it (ms) | tasks > 50 ms |',
    '|---|---:|---:|---:|---:|---:|---:|',
    ...rows.graph,
    '',
    `While a worker job runs (window: the job, cut at ${JOB_WINDOW_MS / 1000} s; tabs clicked every 300 ms):`,
    '',
    '| graph | job | window (ms) | longest task (ms) | tasks > 50 ms | their total (ms) | clicks | click median (ms) | click worst (ms) |',
    '|---|---|---:|---:|---:|---:|---:|---:|---:|',
    ...rows.worker,
    END,
  ].join('\n')
  writeSection(BEGIN, END, section)
  console.log(`wrote the long-task section of ${RESULTS}`)
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const args = process.argv.slice(2)
  const opt = (name, dflt) => { const i = args.indexOf(`--${name}`); return i >= 0 ? args[i + 1] : dflt }
  process.env.E2E_OUT_DIR = opt('dist', process.env.E2E_OUT_DIR ?? join(root, 'dist'))
  const { launch, startPreview } = await import('../test/e2e/serve.mjs')
  const server = await startPreview()
  try {
    const probe = await launch(server.baseURL)
    const chromium = probe.context.browser()?.version() ?? ''
    await probe.close()
    await runLongTaskBench({ baseURL: server.baseURL, newPage: (u) => launch(u), runs: Number(opt('runs', '1')), only: opt('only', ''), chromium })
  } finally {
    server.stop()
  }
}
