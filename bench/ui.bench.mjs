#!/usr/bin/env node
/**
 * UI benchmarks in Debian's Chromium (playwright-core) against the production build served by `vite preview`.
 *
 *   npm run bench:ui                                  every measure, every model, 3 runs each
 *   npm run bench:ui -- --runs 5 --models gpt2,qwen2_0_5b --only graph
 *   npm run bench:ui -- --mode harness                time the graph view alone (graph handed to the view)
 *   npm run bench:ui -- --only longtask               only the Long Tasks measure on the big generated graphs
 *
 * The build goes to bench/tmp/ui-dist with a second entry, the graph view's dev harness
 * (src/app/graph/dev/harness.html), so the view can be timed with or without the app shell around it.
 * Results (medians) are written to bench/results/ui.md, one section per measure.
 *
 * Extending: add an entry to MEASURES — `{ id, title, columns, run({ page, baseURL, model, mode }) }`
 * returning one row of numbers (ms) per run; `newPage()` gives a fresh profile, `dropModel()` drops a
 * model file on the app like a user. The report takes the median of every column.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { loadavg } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { build } from 'vite'
import { launch, startPreview } from '../test/e2e/serve.mjs'
import { runClickBench } from './ui-click.bench.mjs'
import { runLongTaskBench } from './ui-longtask.bench.mjs'
import { expandAll } from './ui-helpers.mjs'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const OUT_DIR = join(root, 'bench', 'tmp', 'ui-dist')
const RESULTS = join(root, 'bench', 'results', 'ui.md')
const HARNESS = 'src/app/graph/dev/harness.html'
const SEQ = 128

// ---------------------------------------------------------------- command line
const args = process.argv.slice(2)
const opt = (name, dflt) => {
  const i = args.indexOf(`--${name}`)
  return i >= 0 && i + 1 < args.length ? args[i + 1] : dflt
}
const RUNS = Number(opt('runs', '3'))
const MODELS = opt('models', 'resnet50,bert_base,gpt2,qwen2_0_5b').split(',')
const ONLY = opt('only', '')
const MODE = opt('mode', 'auto') // auto | app | harness

// ---------------------------------------------------------------- browser and server
let chromiumVersion = ''

/** A fresh profile (the e2e harness's launcher) that also collects page errors and notes the version. */
export async function newPage(baseURL) {
  const { page, context, close } = await launch(baseURL)
  const errors = []
  page.on('pageerror', (e) => errors.push(e.message))
  if (!chromiumVersion) chromiumVersion = await page.evaluate(() => navigator.userAgent.match(/Chrome\/([\d.]+)/)?.[1] ?? '?')
  return { page, context, errors, close }
}

const serve = () => startPreview(30_000, OUT_DIR)

// ---------------------------------------------------------------- app helpers
const GV = '[data-testid="graph-view"]'

/** Opens the app, waits for the first model, and reports whether the shell mounts the graph view. */
async function openApp(page) {
  await page.goto('/')
  await page.waitForFunction(() => {
    const s = document.querySelector('[data-testid="model-summary"]')
    return s && !document.querySelector('[data-testid="progress"]')
  }, null, { timeout: 60_000, polling: 50 })
  return (await page.$(GV)) !== null
}

/** Drops a model file on the window as a user would; returns performance.now() in the page at the drop. */
export async function dropModel(page, model) {
  const bytes = [...readFileSync(join(root, 'public', 'models', `${model}.onnx`))]
  return page.evaluate(({ name, data }) => {
    const dt = new DataTransfer()
    dt.items.add(new File([new Uint8Array(data)], name))
    const t0 = performance.now()
    for (const type of ['dragenter', 'dragover', 'drop']) {
      window.dispatchEvent(new DragEvent(type, { dataTransfer: dt, bubbles: true, cancelable: true }))
    }
    return t0
  }, { name: `${model}.onnx`, data: bytes })
}

/** Binds seq (if the open model has it) so the next drop reads the model at seq 128. */
async function bindSeq(page) {
  const field = page.getByTestId('symbol-seq')
  if ((await field.count()) === 0) return false
  if ((await field.inputValue()) === String(SEQ)) return false
  await field.fill(String(SEQ))
  await field.press('Enter')
  await page.waitForFunction((v) => {
    const f = document.querySelector('[data-testid="symbol-seq"]')
    return f && f.value === v && !document.querySelector('[data-testid="progress"]')
  }, String(SEQ), { timeout: 60_000 })
  return true
}

const viewAttr = (page, name) => page.$eval(GV, (el, n) => el.getAttribute(n), name)

/** Waits until the view shows its first frame after `since` (draft or final) for a graph of `nodes` nodes. */
async function waitFirstFrame(page, nodes, since, expansion = '') {
  await page.waitForFunction(({ n, t, x }) => {
    const v = document.querySelector('[data-testid="graph-view"]')
    return v && Number(v.getAttribute('data-node-count')) === n && v.getAttribute('data-expansion') === x &&
      Number(v.getAttribute('data-first-drawn-at') ?? 0) > t
  }, { n: nodes, t: since, x: expansion }, { timeout: 300_000, polling: 10 })
  return Number(await viewAttr(page, 'data-first-drawn-at'))
}

async function waitReady(page) {
  await page.waitForFunction(() => document.querySelector('[data-testid="graph-view"]')?.getAttribute('data-state') === 'ready',
    null, { timeout: 600_000, polling: 20 })
  return Number(await viewAttr(page, 'data-drawn-at'))
}

function nodeCountOf(model) {
  return JSON.parse(readFileSync(join(root, 'public', 'models', `${model}.shapes.json`), 'utf8')).summary.nodes
}

// ---------------------------------------------------------------- measures
/** The graph view: first view, final (ELK) layout, and every node drawn. */
async function graphView({ page, model, mode }) {
  const nodes = nodeCountOf(model)
  let t0
  if (mode === 'app') {
    await openApp(page)
    await waitReady(page)
    if (model !== 'resnet50') {
      // bind seq = 128 on another transformer first (bindings are page-wide), so the timed drop reads the
      // model at seq 128 without having seen it before in this page
      const other = model === 'gpt2' ? 'bert_base' : 'gpt2'
      await dropModel(page, other)
      await waitFirstFrame(page, nodeCountOf(other), 0)
      await waitReady(page)
      const before = Number(await viewAttr(page, 'data-first-drawn-at'))
      if (await bindSeq(page)) {
        // the rebound graph is a new graph for the view: wait for it to be drawn, so no late frame of it
        // is taken for the timed drop's
        await waitFirstFrame(page, nodeCountOf(other), before)
        await waitReady(page)
      }
    }
    t0 = await dropModel(page, model)
  } else {
    await page.goto(`/${HARNESS}?model=${model}&seq=${SEQ}`)
    await page.waitForFunction(() => window.memoriaGraphHarness !== undefined, null, { timeout: 60_000 })
    t0 = await page.evaluate(() => window.memoriaGraphHarness.t0)
  }
  const first = (await waitFirstFrame(page, nodes, t0)) - t0
  const final = (await waitReady(page)) - t0
  const engine = await viewAttr(page, 'data-engine')
  const t1 = await expandAll(page, nodes)
  const all = Number(await viewAttr(page, 'data-first-drawn-at')) - t1
  const allFinal = (await waitReady(page)) - t1
  const allEngine = await viewAttr(page, 'data-engine')
  return { nodes, first, final, engine, all, allFinal, allEngine, sum: first + all }
}

export const MEASURES = [
  {
    id: 'graph',
    title: 'Graph view: time to the first view and to every node drawn',
    columns: [
      ['nodes', 'nodes', 'n'],
      ['first', 'first view drawn (draft layout)', 'ms'],
      ['final', 'top-level final layout drawn', 'ms'],
      ['engine', 'final engine', 's'],
      ['all', '"Expand all" → every node drawn', 'ms'],
      ['allFinal', '… its final layout drawn', 'ms'],
      ['allEngine', 'final engine (all)', 's'],
      ['sum', 'open → every node drawn (first + all)', 'ms'],
    ],
    run: graphView,
  },
]

// ---------------------------------------------------------------- driver and report
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b)
  const m = s.length >> 1
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2
}

function cell(values, unit) {
  if (unit === 's' || unit === 'n') return String(values[values.length - 1])
  return `${Math.round(median(values)).toLocaleString('en-US')}`
}

async function main() {
  const t = performance.now()
  await build({
    root, logLevel: 'warn',
    build: { outDir: OUT_DIR, emptyOutDir: true, rollupOptions: { input: { main: join(root, 'index.html'), harness: join(root, HARNESS) } } },
  })
  console.log(`built in ${Math.round(performance.now() - t)} ms`)
  const { baseURL, stop } = await serve()
  process.on('exit', stop)
  const sections = []
  try {
    let mode = MODE
    if (mode === 'auto') {
      const probe = await newPage(baseURL)
      mode = (await openApp(probe.page)) ? 'app' : 'harness'
      await probe.close()
    }
    console.log(`mode: ${mode === 'app' ? 'app (file drop → graph view)' : 'harness (graph handed to the view)'}`)
    for (const m of MEASURES.filter((x) => ONLY === '' || x.id === ONLY)) {
      const rows = []
      for (const model of MODELS) {
        const runs = []
        for (let r = 0; r < RUNS; r++) {
          const { page, errors, close } = await newPage(baseURL)
          try {
            const row = await m.run({ page, baseURL, model, mode })
            if (errors.length) throw new Error(errors.join('\n'))
            runs.push(row)
            console.log(`${m.id} ${model} run ${r + 1}: ${JSON.stringify(row, (k, v) => (typeof v === 'number' ? Math.round(v) : v))}`)
          } finally {
            await close()
          }
        }
        rows.push([model, ...m.columns.map(([key, , unit]) => cell(runs.map((x) => x[key]), unit))])
      }
      sections.push({ m, rows, mode })
    }
    if (sections.length > 0) writeReport(sections)
    // issue 6: answering a click while GenEFlow runs (its own section below the notes marker)
    if (ONLY === '' || ONLY === 'click') await runClickBench({ baseURL, newPage, runs: RUNS, chromium: chromiumVersion })
    // issue 11: the main thread during the long jobs on the big generated graphs (one run each: they are long)
    if (ONLY === '' || ONLY === 'longtask') await runLongTaskBench({ baseURL, newPage, runs: 1, chromium: chromiumVersion })
  } finally {
    stop()
  }
}

function writeReport(sections) {
  const lines = [
    '# UI benchmarks (`npm run bench:ui`)',
    '',
    `Medians of ${RUNS} runs, each in a fresh headless Chromium ${chromiumVersion} profile, against \`vite build\` + \`vite preview\`.`,
    `Recorded ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC on ${process.platform} with 2 cores shared by other`,
    `processes (load average at the end: ${loadavg().map((x) => x.toFixed(1)).join(', ')}); times are wall-clock ms.`,
    '',
  ]
  for (const { m, rows, mode } of sections) {
    lines.push(`## ${m.title}`, '')
    lines.push(mode === 'app'
      ? 'Clock starts at the file drop (the app reads, parses and infers shapes, then the view lays out and draws).'
      : 'Clock starts when the graph is handed to the view (the harness parsed the model before, at seq 128); the app shell did not mount the view yet.')
    lines.push('', `| model | ${m.columns.map((c) => c[1]).join(' | ')} |`, `|---|${m.columns.map(() => '---:').join('|')}|`)
    for (const r of rows) lines.push(`| ${r.join(' | ')} |`)
    lines.push('')
  }
  mkdirSync(dirname(RESULTS), { recursive: true })
  const previous = (() => {
    try {
      return readFileSync(RESULTS, 'utf8')
    } catch {
      return ''
    }
  })()
  // keep any hand-written notes below the marker
  const notes = previous.includes('<!-- notes -->') ? previous.slice(previous.indexOf('<!-- notes -->')) : '<!-- notes -->\n'
  writeFileSync(RESULTS, lines.join('\n') + '\n' + notes)
  console.log(`wrote ${RESULTS}`)
}

await main()
