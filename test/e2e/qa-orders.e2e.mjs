/**
 * QA of the orders panel: no recharts size warning while the panel is hidden during playback; the memory
 * chart's axes read 0 … with round ticks; random's and BTSearch's figures are named the same way in the
 * list, the legend, the chart and the compare table.
 */
import { assert, openApp, test } from './harness.mjs'

const result = (page, algo) => page.locator(`[data-testid="schedule-result"][data-algo="${algo}"]`)

async function runAll(page, model) {
  await page.getByTestId('tab-orders').click()
  await page.getByTestId('run-controls').waitFor()
  await page.getByTestId('algo-select').selectOption('all')
  await page.getByTestId(`memory-model-${model}`).check({ force: true })
  await page.getByTestId('time-limit').fill('20')
  await page.getByTestId('run-schedule').click()
  await result(page, 'random').waitFor({ timeout: 60_000 })
  await result(page, 'btsearch').waitFor({ timeout: 60_000 })
}

const SIZE_WARNING = /width\(0\) and height\(0\) of chart/

test('no chart size warning while the orders panel is hidden during playback; the chart redraws when shown', async ({ page }) => {
  const warnings = []
  page.on('console', (m) => { if (SIZE_WARNING.test(m.text())) warnings.push(m.text()) })
  await openApp(page)
  await runAll(page, 'simple')
  // the main chart and the compare charts all mounted
  await result(page, 'btsearch').getByTestId('compare-toggle').check()
  await result(page, 'dfs').getByTestId('compare-toggle').check()
  await page.getByTestId('compare-chart-left').waitFor()
  await page.getByTestId('play').click()
  const bar = page.getByTestId('playback')
  await page.waitForFunction(() => Number(document.querySelector('[data-testid="playback"]')?.getAttribute('data-step')) > 2,
    null, { timeout: 10_000 })
  await page.getByTestId('tab-graph').click()
  const hiddenAt = Number(await bar.getAttribute('data-step'))
  await page.waitForTimeout(1_500)
  const laterStep = Number(await bar.getAttribute('data-step'))
  assert.ok(laterStep > hiddenAt || (await bar.getAttribute('data-playing')) === 'false',
    `playback should go on while hidden (step ${hiddenAt} → ${laterStep})`)
  await page.getByTestId('tab-orders').click()
  await page.getByTestId('play').click() // pause
  await page.waitForTimeout(300)
  assert.deepEqual(warnings, [], `recharts warned ${warnings.length} times`)
  // shown again, the chart is drawn at its size with the cursor at the current step
  const svg = page.locator('[data-testid="memory-chart"] svg.recharts-surface').first()
  const box = await svg.boundingBox()
  assert.ok(box && box.width > 200 && box.height > 200, `chart drawn at ${JSON.stringify(box)}`)
  assert.ok(await page.locator('[data-testid="memory-chart"] .recharts-reference-line').count() >= 1)
}, { timeoutMs: 120_000 })

test('the memory chart’s axes: steps from 0 in round strides, memory in round MiB', async ({ page }) => {
  await openApp(page)
  await runAll(page, 'simple')
  const chart = page.getByTestId('memory-chart')
  await chart.locator('svg.recharts-surface').waitFor()
  const xs = (await chart.locator('.step-tick text').allTextContents()).map(Number)
  assert.equal(xs[0], 0, `x ticks ${xs}`)
  assert.ok(xs.length >= 3, `x ticks ${xs}`)
  const stride = xs[1] - xs[0]
  assert.ok([1, 2, 5, 10, 20, 25, 50, 100, 200, 500].includes(stride) && [1, 2, 5].includes(stride / 10 ** Math.floor(Math.log10(stride))), `x stride ${stride}`)
  xs.forEach((v, i) => assert.equal(v, i * stride, `x ticks ${xs}`))
  const ys = await chart.locator('.recharts-yAxis-tick-labels text').allTextContents()
  const mb = ys.map((t) => t.trim()).map((t) => (t === '0 B' ? 0 : Number(t.replace(/ MiB$/, ''))))
  assert.equal(mb[0], 0, `y ticks ${ys}`)
  const ystride = mb[1] - mb[0]
  mb.forEach((v, i) => assert.ok(Math.abs(v - i * ystride) < 1e-9, `y ticks ${ys}`))
  const lead = ystride / 10 ** Math.floor(Math.log10(ystride) + 1e-9)
  assert.ok([1, 2, 5].some((m) => Math.abs(lead - m) < 1e-9), `y stride ${ystride} in ${ys}`)
  // regnet's 5.17 MiB peak fits under the top tick
  assert.ok(mb[mb.length - 1] * 2 ** 20 >= Number(await result(page, 'btsearch').getAttribute('data-peak-bytes')))
}, { timeoutMs: 120_000 })

test('random’s mean peak and its median sample are named apart in the list, the chart, the legend and the table; bounds say which', async ({ page }) => {
  await openApp(page)
  await runAll(page, 'simple')
  // regnet_y_400mf under simple, 100 samples (seed 1): mean 5.70 MB = 5.44 MiB, the median sample peaks at 5,419,008 B = 5.17 MiB
  const random = result(page, 'random')
  assert.match(await random.innerText(), /mean peak\s+5\.4[34] MiB over 100 orders/)
  assert.match(await random.getByTestId('random-peaks').innerText(),
    /^mean peak 5\.4[34] MiB over 100 orders; the order shown is the median sample, peak 5\.17 MiB/)
  assert.doesNotMatch(await random.innerText(), /mean of/)
  await random.getByTestId('select-order').click()
  const chart = page.getByTestId('memory-chart')
  await page.waitForFunction(() => /median sample’s peak 5\.17 MiB/.test(document.querySelector('[data-testid="memory-chart"]')?.textContent ?? ''),
    null, { timeout: 5_000 })
  assert.doesNotMatch(await chart.textContent(), /5\.70/)
  await random.getByTestId('compare-toggle').check()
  await result(page, 'btsearch').getByTestId('compare-toggle').check()
  const compare = page.getByTestId('compare')
  await compare.waitFor()
  assert.match(await compare.locator('.legend').innerText(), /Random \(median sample\)\s+median sample’s peak\s+5\.17 MiB/)
  const table = await page.getByTestId('diff-table').innerText()
  assert.doesNotMatch(table, /5\.70/)
  assert.match(table, /Random \(median sample\)|median sample’s peak 5\.17 MiB/)
  // one word, one meaning: BTSearch's bound is the one its search proved, the others the static bound
  const kinds = await page.$$eval('[data-testid="schedule-result"]', (els) => els.map((e) =>
    [e.dataset.algo, e.querySelector('[data-testid="result-bound"]')?.previousElementSibling?.textContent]))
  for (const [algo, label] of kinds) assert.equal(label, algo === 'btsearch' ? 'proven bound' : 'static bound', algo)
}, { timeoutMs: 120_000 })
