#!/usr/bin/env node
/**
 * Screenshots of the orders panel for docs/ (after `vite build`; E2E_OUT_DIR serves another build):
 *   node test/e2e/orders-screenshots.mjs [orders] [compare] [playback]
 * orders.png: regnet_y_400mf under `simple`, every algorithm, the chart hovered at the peak.
 * compare.png: BTSearch, DFS and random overlaid, the synced panes and the table of differences.
 * orders-playback.png: the cursor part-way through the order, a live tensor's lifetime shown.
 */
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { openApp } from './harness.mjs'
import { launch, root, startPreview } from './serve.mjs'

async function runAll(page) {
  await openApp(page)
  await page.getByTestId('tab-orders').click()
  await page.getByTestId('algo-select').selectOption('all')
  await page.getByTestId('memory-model-simple').check({ force: true })
  await page.getByTestId('run-schedule').click()
  await page.getByTestId('run-schedule').waitFor({ timeout: 60_000 })
  await page.getByTestId('memory-chart').waitFor()
}

const SHOTS = {
  orders: async (page) => {
    await runAll(page)
    await page.getByTestId('device-limit').fill('6')
    const box = await page.locator('[data-testid="memory-chart"] .recharts-surface').first().boundingBox()
    // hover near the start, where regnet's peak is, so the tooltip shows the node and its live tensors
    await page.mouse.move(box.x + 95, box.y + 80)
    await page.waitForTimeout(250)
  },
  compare: async (page) => {
    await runAll(page)
    for (const algo of ['btsearch', 'dfs', 'random']) {
      await page.locator(`[data-testid="schedule-result"][data-algo="${algo}"] [data-testid="compare-toggle"]`).check()
    }
    await page.getByTestId('compare').scrollIntoViewIfNeeded()
    await page.getByTestId('compare-pane-right').locator('select').selectOption({ index: 1 })
    await page.getByTestId('compare').evaluate((el) => el.scrollIntoView({ block: 'start' }))
  },
  'orders-playback': async (page) => {
    await runAll(page)
    for (let i = 0; i < 12; i++) await page.getByTestId('step-forward').click()
    await page.getByTestId('live-tensor').first().hover()
  },
}

const wanted = process.argv.slice(2)
const dir = join(root, 'docs', 'screenshots')
mkdirSync(dir, { recursive: true })
const server = await startPreview()
try {
  for (const [name, shoot] of Object.entries(SHOTS)) {
    if (wanted.length && !wanted.includes(name)) continue
    const { page, close } = await launch(server.baseURL, { width: 1440, height: name === 'compare' ? 1180 : 900 })
    try {
      await shoot(page)
      await page.waitForTimeout(300)
      await page.screenshot({ path: join(dir, `${name}.png`) })
      console.log(`docs/screenshots/${name}.png`)
    } finally {
      await close()
    }
  }
} finally {
  server.stop()
}
