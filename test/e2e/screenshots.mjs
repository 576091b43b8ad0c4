#!/usr/bin/env node
/**
 * Screenshots of the built app for docs/ (serve.mjs: vite preview + Chromium). Each shot is a function of
 * the page; add yours to SHOTS. `node test/e2e/screenshots.mjs [name…]` (after `vite build`).
 * Shots listed in DARK are taken a second time with the system in dark mode, as `<name>-dark.png`.
 */
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { dropFile, loadSample, openApp, runAndWait } from './harness.mjs'
import { BIG_MODELS, bigModelFile } from '../../bench/ui-longtask.bench.mjs'
import { launch, root, startPreview } from './serve.mjs'

const SHOTS = {
  /** the graph: resnet50 with a group open and a node selected (its tensors and neighbours in the panel) */
  graph: async (page) => {
    await openApp(page)
    await loadSample(page, 'resnet50')
    await page.getByTestId('tab-graph').click()
    await page.getByTestId('graph-search').fill('/layer2/layer2.1/conv2/Conv')
    await page.getByTestId('graph-search-result').first().click()
    await page.locator('[data-panel="graph"] [data-testid="graph-view"][data-state="ready"]').waitFor({ timeout: 60_000 })
  },
  /** a 6k-node transformer exported without name scopes: folded constants, layers found by repetition */
  'graph-big': async (page) => {
    await openApp(page)
    await page.getByTestId('file-input').setInputFiles(bigModelFile(BIG_MODELS[1]))
    await page.waitForFunction(() => document.querySelector('[data-testid="model-summary"]')?.getAttribute('data-file-name') === 'swin-like-12l.json', null, { timeout: 120_000 })
    await page.getByTestId('tab-graph').click()
    const layer = page.locator('[data-testid="graph-group-item"]', { hasText: 'layer 0' }).first()
    await layer.getByTestId('graph-group-toggle').click()
    await page.locator('[data-panel="graph"] [data-testid="graph-view"][data-state="ready"]').waitFor({ timeout: 120_000 })
    await page.getByTestId('graph-color-by').selectOption('activation')
  },
  /** the start page: the default sample and its summary */
  summary: async (page) => {
    await openApp(page)
  },
  /** a transformer with seq bound, to show the symbolic dimension fields */
  'summary-gpt2': async (page) => {
    await openApp(page)
    await loadSample(page, 'gpt2')
    await page.getByTestId('symbol-seq').fill('128')
    await page.getByTestId('symbol-seq').press('Enter')
    await page.waitForFunction(() => /\[1, 128\]/.test(document.querySelector('[data-testid="summary-inputs"]')?.textContent ?? ''))
  },
  /** a corrupt file dropped: the banner, and the model that was open still shown */
  'error-banner': async (page) => {
    await openApp(page)
    await dropFile(page, 'holiday-photo.onnx', Array.from({ length: 2048 }, (_, i) => (i * 7919) & 255))
    await page.getByTestId('error-banner').waitFor()
  },
  /** Devices & plan: a Pi 4 camera, a Jetson Orin Nano and a Pi 5, 16 MiB each; every algorithm run on googlenet */
  devices: async (page) => {
    await planShot(page)
    await page.getByTestId('plan-panel').evaluate((el) => el.scrollTo(0, 0))
  },
  /** the plan view: graph coloured by device, memory per device with the limits, the timeline at a step */
  plan: async (page) => {
    await planShot(page)
    await page.getByTestId('plan-view').evaluate((el) => el.scrollIntoView({ block: 'start' }))
  },
  /** regnet_y_400mf under `simple`, every algorithm, the chart hovered at the peak */
  orders: async (page) => {
    await runAll(page)
    await page.getByTestId('device-limit').fill('6')
    const box = await page.locator('[data-testid="memory-chart"] .recharts-surface').first().boundingBox()
    // hover near the start, where regnet's peak is, so the tooltip shows the node and its live tensors
    await page.mouse.move(box.x + 95, box.y + 80)
    await page.waitForTimeout(250)
  },
  /** BTSearch, DFS and random overlaid, the synced panes and the table of differences */
  compare: async (page) => {
    await runAll(page)
    for (const algo of ['btsearch', 'dfs', 'random']) {
      await page.locator(`[data-testid="schedule-result"][data-algo="${algo}"] [data-testid="compare-toggle"]`).check()
    }
    await page.getByTestId('compare').scrollIntoViewIfNeeded()
    await page.getByTestId('compare-pane-right').locator('select').selectOption({ index: 1 })
    await page.getByTestId('compare').evaluate((el) => el.scrollIntoView({ block: 'start' }))
  },
  /** the cursor part-way through the order, a live tensor's lifetime shown */
  'orders-playback': async (page) => {
    await runAll(page)
    for (let i = 0; i < 12; i++) await page.getByTestId('step-forward').click()
    await page.getByTestId('live-tensor').first().hover()
  },
}

async function runAll(page) {
  await openApp(page)
  await page.getByTestId('tab-orders').click()
  await page.getByTestId('algo-select').selectOption('all')
  await page.getByTestId('memory-model-simple').check({ force: true })
  await runAndWait(page)
  await page.getByTestId('memory-chart').waitFor()
}

async function planShot(page) {
  await openApp(page)
  await loadSample(page, 'googlenet')
  await page.getByTestId('tab-devices').click()
  const rows = page.getByTestId('device-row')
  while ((await rows.count()) > 1) await rows.last().getByRole('button', { name: 'Remove' }).click()
  await page.getByTestId('add-preset').selectOption('orin-nano')
  await page.getByTestId('add-preset').selectOption('rpi5')
  for (const [i, mib] of [[0, 16], [1, 16], [2, 16]]) {
    await page.getByTestId('memory-limit').nth(i).fill(String(mib))
    await page.getByTestId('memory-limit').nth(i).press('Enter')
  }
  await page.getByTestId('run-partition').click()
  await page.locator('[data-testid="plan-result"][data-algo="geneflow"][data-state="final"]').waitFor({ timeout: 120_000 })
  await page.locator('[data-testid="plan-minimum"][data-refined="true"]').waitFor({ timeout: 120_000 })
  await page.locator('[data-testid="plan-graph"] [data-testid="graph-view"][data-state="ready"]').waitFor({ timeout: 60_000 })
  // play a few steps, then pause: the running node is lit on the graph and outlined on the timeline
  await page.getByTestId('plan-play').click()
  await page.waitForTimeout(4000)
  await page.getByTestId('plan-play').click()
  await page.mouse.move(0, 0)
}

/** Shots that need another window than the default 1360×860. */
const VIEWPORTS = {
  orders: { width: 1440, height: 900 },
  compare: { width: 1440, height: 1180 },
  'orders-playback': { width: 1440, height: 900 },
}

/** taken in dark mode too (the README shows light and dark) */
const DARK = new Set(['summary', 'graph', 'orders', 'plan'])

const wanted = process.argv.slice(2)
const dir = join(root, 'docs', 'screenshots')
mkdirSync(dir, { recursive: true })
const server = await startPreview()
try {
  for (const [name, shoot] of Object.entries(SHOTS)) {
    for (const scheme of DARK.has(name) ? ['light', 'dark'] : ['light']) {
      const file = scheme === 'dark' ? `${name}-dark` : name
      if (wanted.length && !wanted.includes(name) && !wanted.includes(file)) continue
      const { page, close } = await launch(server.baseURL, VIEWPORTS[name])
      try {
        await page.emulateMedia({ colorScheme: scheme })
        await shoot(page)
        await page.waitForTimeout(300) // let transitions settle
        await page.screenshot({ path: join(dir, `${file}.png`) })
        console.log(`docs/screenshots/${file}.png`)
      } finally {
        await close()
      }
    }
  }
} finally {
  server.stop()
}
