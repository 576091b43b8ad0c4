/**
 * Issue 9's tiling offer: on a sample whose peak one node forces, "Tile to lower the peak" shows the tiled
 * curve, whose peak equals `memoria tile --json`'s `tiledPeakBytes`; a device limit between the two peaks
 * says it fits with tiling; the tiled ONNX downloads.
 */
import { execFile } from 'node:child_process'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { assert, loadSample, MODELS_DIR, openApp, runAndWait, test } from './harness.mjs'

const run = promisify(execFile)
const ROOT = join(MODELS_DIR, '..', '..')

async function cliTile(model) {
  const { stdout } = await run('npm', ['run', '-s', 'cli', '--', 'tile', model, '--json'], { cwd: ROOT, timeout: 180_000, maxBuffer: 64 << 20 })
  return JSON.parse(stdout)
}

test('the tiled curve\'s peak equals the command line\'s tile figure (vgg13)', async ({ page }) => {
  const cli = cliTile(join(MODELS_DIR, 'vgg13.onnx'))
  await openApp(page)
  await loadSample(page, 'vgg13')
  await page.getByTestId('tab-orders').click()
  await page.getByTestId('run-controls').waitFor()
  await page.getByTestId('algo-select').selectOption('btsearch')
  await page.getByTestId('memory-model-inplace').check({ force: true })
  await runAndWait(page)
  await page.getByTestId('tile-offer').click()
  const summary = page.getByTestId('tile-summary')
  await summary.waitFor({ timeout: 120_000 })
  const expected = await cli
  assert.equal(expected.tiled, true)
  assert.equal(Number(await summary.getAttribute('data-tiled-peak')), expected.tiledPeakBytes)
  assert.equal(Number(await summary.getAttribute('data-peak')), expected.peakBytes)
  assert.equal(Number(await summary.getAttribute('data-tiles')), expected.tiles)
  await page.getByTestId('tile-chart').waitFor()
  // the region is shaded on the graph as soon as a tiling is found
  assert.equal(await page.getByTestId('tile-shade').isChecked(), true)
  // a limit between the tiled and the untiled peak: it fits with tiling
  const mid = (expected.peakBytes + expected.tiledPeakBytes) / 2 / 1e6
  await page.getByTestId('device-limit').fill(mid.toFixed(2))
  await page.getByTestId('tile-fits').waitFor()
  assert.match(await page.getByTestId('tile-fits').innerText(), new RegExp(`fits with tiling \\(${expected.tiles} tiles, \\+`))
  const download = page.waitForEvent('download')
  await page.getByTestId('tile-download').click()
  assert.match((await download).suggestedFilename(), /\.tiled\.onnx$/)
}, { timeoutMs: 240_000 })
