#!/usr/bin/env node
/**
 * Screenshots of the built app for docs/ (serve.mjs: vite preview + Chromium). Each shot is a function of
 * the page; add yours to SHOTS. `node test/e2e/screenshots.mjs [name…]` (after `vite build`).
 */
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { dropFile, loadSample, openApp } from './harness.mjs'
import { launch, root, startPreview } from './serve.mjs'

const SHOTS = {
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
}

const wanted = process.argv.slice(2)
const dir = join(root, 'docs', 'screenshots')
mkdirSync(dir, { recursive: true })
const server = await startPreview()
try {
  for (const [name, shoot] of Object.entries(SHOTS)) {
    if (wanted.length && !wanted.includes(name)) continue
    const { page, close } = await launch(server.baseURL)
    try {
      await shoot(page)
      await page.waitForTimeout(300) // let transitions settle
      await page.screenshot({ path: join(dir, `${name}.png`) })
      console.log(`docs/screenshots/${name}.png`)
    } finally {
      await close()
    }
  }
} finally {
  server.stop()
}
