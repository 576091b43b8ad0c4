/**
 * Issue 11's conventions in the app: the view in the URL (restored from a shared link), dark mode (the
 * system's, and the header's choice), the keyboard (tabs by arrow keys, `?` and Esc, Tab reaching the Run
 * buttons), figures for an older request marked while a re-plan runs, and Constant folding with its toggle.
 */
import { assert, loadSample, openApp, test, waitForModel } from './harness.mjs'

const view = (page) => page.locator('[data-panel="graph"] [data-testid="graph-view"]')

async function graphReady(page) {
  await page.waitForFunction(() => document.querySelector('[data-panel="graph"] [data-testid="graph-view"]')?.getAttribute('data-state') === 'ready',
    null, { timeout: 60_000, polling: 50 })
}

test('a shared URL restores the sample, the tab, the algorithm, the devices and the selected node; the URL follows the view', async ({ page }) => {
  const node = '/layer1/layer1.0/conv1/Conv'
  await page.goto(`/?model=resnet50&tab=graph&algo=btsearch&node=${encodeURIComponent(node)}&devices=edge-a:12.5:512:300:1,edge-b:40:1024:940:0.5&source=edge-b`)
  await waitForModel(page, 'resnet50.onnx', 60_000)
  await graphReady(page)
  // the node from the URL is selected and shown in the panel
  await page.waitForFunction((n) => document.querySelector('[data-panel="graph"] .mg-panel .mg-name')?.textContent === n, node, { timeout: 30_000 })
  assert.equal(await page.locator('[data-panel="graph"] [data-testid="graph-panel-title"]').innerText(), 'Conv')
  await page.getByTestId('tab-orders').click()
  assert.equal(await page.getByTestId('algo-select').inputValue(), 'btsearch')
  await page.getByTestId('tab-devices').click()
  const names = await page.getByTestId('device-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-device')))
  assert.deepEqual(names, ['edge-a', 'edge-b'])
  assert.equal(await page.getByTestId('memory-limit').first().inputValue(), '512')
  // the URL now says what is on screen: the devices tab, and a changed algorithm
  await page.waitForFunction(() => new URLSearchParams(location.search).get('tab') === 'devices', null, { timeout: 5_000 })
  await page.getByTestId('tab-orders').click()
  await page.getByTestId('algo-select').selectOption('greedy')
  await page.waitForFunction(() => new URLSearchParams(location.search).get('algo') === 'greedy', null, { timeout: 5_000 })
  const q = new URLSearchParams(await page.evaluate(() => location.search))
  assert.equal(q.get('model'), 'resnet50')
  assert.equal(q.get('node'), node)
  assert.equal(q.get('source'), 'edge-b')
  assert.match(q.get('devices') ?? '', /^edge-a:12\.5:512:300:1,edge-b:40:1024:940:0\.5$/)
}, { timeoutMs: 120_000 })

test('dark mode follows the system setting, and the header’s choice overrides it', async ({ page }) => {
  await page.emulateMedia({ colorScheme: 'dark' })
  await openApp(page)
  assert.equal(await page.evaluate(() => document.documentElement.dataset.theme), 'dark')
  const bg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor)
  assert.equal(bg, 'rgb(15, 20, 27)', 'the dark page background')
  const canvas = await page.evaluate(() => getComputedStyle(document.querySelector('.mg-graph')).backgroundColor)
  assert.equal(canvas, 'rgb(18, 24, 33)', 'the graph view is dark too')
  await page.getByTestId('theme-select').selectOption('light')
  assert.equal(await page.evaluate(() => document.documentElement.dataset.theme), 'light')
  assert.equal(await page.evaluate(() => getComputedStyle(document.body).backgroundColor), 'rgb(245, 247, 250)')
  // kept across a reload (a display preference)
  await page.reload()
  await page.waitForFunction(() => document.documentElement.dataset.theme === 'light', null, { timeout: 10_000 })
})

test('keyboard: arrow keys move between the tabs, Tab reaches the Run buttons, ? lists the shortcuts and Esc closes them', async ({ page }) => {
  await openApp(page)
  await page.getByTestId('tab-graph').click()
  await page.getByTestId('tab-graph').focus()
  await page.keyboard.press('ArrowRight')
  assert.equal(await page.getByTestId('tab-orders').getAttribute('aria-selected'), 'true')
  assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('data-testid')), 'tab-orders')
  await page.keyboard.press('ArrowRight')
  assert.equal(await page.getByTestId('tab-devices').getAttribute('aria-selected'), 'true')
  await page.keyboard.press('ArrowRight')
  assert.equal(await page.getByTestId('tab-graph').getAttribute('aria-selected'), 'true', 'wraps around')
  await page.keyboard.press('End')
  assert.equal(await page.getByTestId('tab-devices').getAttribute('aria-selected'), 'true')
  // from the tab, Tab walks the panel's controls to Run (the tab list is one Tab stop)
  const reach = async (testId) => {
    for (let i = 0; i < 80; i++) {
      await page.keyboard.press('Tab')
      if ((await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))) === testId) return true
    }
    return false
  }
  assert.ok(await reach('run-partition'), 'Tab reaches the Devices tab’s Run')
  const outline = await page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle)
  assert.notEqual(outline, 'none', 'the focus is visible')
  await page.getByTestId('tab-orders').focus()
  await page.keyboard.press('Home')
  await page.keyboard.press('ArrowRight')
  assert.equal(await page.getByTestId('tab-orders').getAttribute('aria-selected'), 'true')
  assert.ok(await reach('run-schedule'), 'Tab reaches the Orders tab’s Run')
  await page.keyboard.press('?')
  await page.getByTestId('shortcuts').waitFor()
  assert.match(await page.getByTestId('shortcuts').innerText(), /Esc/)
  await page.keyboard.press('Escape')
  await page.getByTestId('shortcuts').waitFor({ state: 'detached' })
})

test('a re-plan after a limit change greys the previous figures and marks them “updating…” until the new plan lands', async ({ page }) => {
  await openApp(page)
  await loadSample(page, 'squeezenet1_1')
  await page.getByTestId('tab-devices').click()
  await page.getByTestId('run-partition').click()
  const final = page.locator('[data-testid="plan-result"][data-algo="geneflow"][data-state="final"]')
  await final.waitFor({ timeout: 60_000 })
  assert.equal(await page.getByTestId('plan-updating').count(), 0)
  const field = page.getByTestId('memory-limit').first()
  await field.fill(String(Number(await field.inputValue()) / 2))
  await field.press('Enter')
  // the cluster changed: every row of the previous plan is now for other devices (the re-plan waits 200 ms)
  await page.getByTestId('plan-updating').waitFor({ timeout: 2_000 })
  assert.equal(await page.locator('[data-testid="plan-result"][data-algo="geneflow"]').getAttribute('data-state'), 'stale')
  assert.match(await page.locator('[data-testid="plan-result"][data-algo="geneflow"]').innerText(), /updating…/)
  assert.equal(await page.getByTestId('device-peak').first().getAttribute('data-stale'), 'true')
  // the new plan lands: nothing is marked any more
  await final.waitFor({ timeout: 60_000 })
  await page.getByTestId('plan-updating').waitFor({ state: 'detached', timeout: 60_000 })
  assert.equal(await page.getByTestId('device-peak').first().getAttribute('data-stale'), 'false')
}, { timeoutMs: 150_000 })

test('Constants are folded into their consumer by default; the toggle draws them as boxes again', async ({ page }) => {
  await openApp(page)
  await loadSample(page, 'inception_v3')
  await page.getByTestId('tab-graph').click()
  await graphReady(page)
  const total = Number(await view(page).getAttribute('data-node-count'))
  assert.equal(await view(page).getAttribute('data-folded'), 'true')
  await page.locator('[data-panel="graph"] [data-testid="graph-expand-all"]').click()
  await page.waitForFunction((n) => {
    const v = document.querySelector('[data-panel="graph"] [data-testid="graph-view"]')
    return v?.getAttribute('data-state') === 'ready' && Number(v.getAttribute('data-nodes-drawn')) + Number(v.getAttribute('data-nodes-folded')) === n
  }, total, { timeout: 60_000, polling: 50 })
  const folded = Number(await view(page).getAttribute('data-nodes-folded'))
  assert.ok(folded >= 1, `inception_v3's Constants folded (${folded})`)
  assert.match(await page.locator('[data-panel="graph"] [data-testid="graph-status"]').innerText(), /constants folded/)
  await page.locator('[data-panel="graph"] [data-testid="graph-fold"]').uncheck()
  await page.waitForFunction((n) => {
    const v = document.querySelector('[data-panel="graph"] [data-testid="graph-view"]')
    return v?.getAttribute('data-state') === 'ready' && Number(v.getAttribute('data-nodes-drawn')) === n
  }, total, { timeout: 60_000, polling: 50 })
  assert.equal(await view(page).getAttribute('data-nodes-folded'), '0')
}, { timeoutMs: 120_000 })
