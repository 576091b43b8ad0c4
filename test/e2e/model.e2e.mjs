/**
 * Issue 2's page: open a model (default sample, sample menu, file picker, drop), the summary, errors that
 * keep the open model, rebinding a symbol, the session restored on reload, and no request leaving the origin.
 */
import { join } from 'node:path'
import {
  assert, bytesOf, dropFile, loadSample, MODELS_DIR, openApp, test, uploadFile, waitForModel, waitForSessionSaved,
} from './harness.mjs'
import { customOpModel } from './fixtures.mjs'

const summary = (page) => page.getByTestId('model-summary')

test('the start page opens the default sample and shows its summary', async ({ page }) => {
  await openApp(page)
  const s = summary(page)
  assert.equal(await s.getAttribute('data-file-name'), 'regnet_y_400mf.onnx')
  assert.ok(Number(await s.getAttribute('data-node-count')) > 100)
  const text = await s.innerText()
  assert.match(text, /pytorch/i) // producer
  assert.match(text, /ai\.onnx 13/) // opset
  assert.match(text, /Conv/) // operator histogram
  assert.match(await page.getByTestId('summary-inputs').innerText(), /input\s+float32 \[1, 3, 224, 224\]/)
  assert.match(await page.getByTestId('summary-outputs').innerText(), /output\s+float32 \[1, 1000\]/)
  // the command line's figure for the same file (`schedule --json` weightBytes), to the byte
  assert.equal(await bytesOf(page, 'summary-weight-bytes'), 17_322_272)
  assert.equal(await page.getByTestId('sample-select').inputValue(), 'regnet_y_400mf')
})

test('a model is read with a progress bar', async ({ page }) => {
  await openApp(page)
  await page.evaluate(() => {
    window.phases = []
    new MutationObserver(() => {
      const p = document.querySelector('[data-testid="progress"]')
      if (p) window.phases.push(p.getAttribute('data-phase'))
    }).observe(document.body, { subtree: true, childList: true, attributes: true })
  })
  await loadSample(page, 'squeezenet1_1.full') // 4.96 MB, weights inline
  const phases = await page.evaluate(() => [...new Set(window.phases)])
  assert.ok(phases.includes('reading'), `phases seen: ${phases}`)
  assert.equal(await page.getByTestId('progress').count(), 0)
})

test('another sample opens from the sample menu', async ({ page }) => {
  await openApp(page)
  await loadSample(page, 'resnet50')
  const s = summary(page)
  assert.equal(await s.getAttribute('data-node-count'), '122') // resnet50 with BatchNormalization folded
  assert.match(await page.getByTestId('op-histogram').innerText(), /Conv\s+53/)
})

test('a file opens from the file picker', async ({ page }) => {
  await openApp(page)
  await uploadFile(page, join(MODELS_DIR, 'squeezenet1_1.onnx'))
  await waitForModel(page, 'squeezenet1_1.onnx')
  assert.match(await summary(page).innerText(), /Concat/)
  assert.equal(await page.getByTestId('sample-select').inputValue(), '') // a user's file, not a sample
})

test('a dropped corrupt file shows the error banner and keeps the open model', async ({ page }) => {
  await openApp(page)
  let x = 12345 // seeded bytes: the same "random" file every run
  const bytes = Array.from({ length: 4096 }, () => ((x = (x * 1103515245 + 12345) >>> 0) >>> 16) & 255)
  await dropFile(page, 'corrupt.onnx', bytes)
  const banner = page.getByTestId('error-banner')
  await banner.waitFor({ timeout: 20_000 })
  assert.match(await banner.getAttribute('data-code'), /^ONNX_/)
  assert.match(await banner.innerText(), /ONNX/)
  await page.getByTestId('progress').waitFor({ state: 'detached' })
  assert.equal(await summary(page).getAttribute('data-file-name'), 'regnet_y_400mf.onnx')
})

test('rebinding seq re-infers the shapes and changes the bytes', async ({ page }) => {
  await openApp(page)
  await loadSample(page, 'gpt2')
  const field = page.getByTestId('symbol-seq')
  assert.equal(await field.inputValue(), '1') // unbound symbols are 1…
  assert.match(await page.getByTestId('symbols').innerText(), /assumed/) // …and the page says so
  const before = await bytesOf(page, 'summary-activation-bytes')
  await field.fill('128')
  await field.press('Enter')
  await page.waitForFunction(
    (b) => Number(document.querySelector('[data-testid="summary-activation-bytes"]')?.getAttribute('data-bytes')) !== b,
    before,
  )
  const after = await bytesOf(page, 'summary-activation-bytes')
  assert.ok(after > before * 50, `activations ${before} → ${after}`)
  assert.match(await page.getByTestId('summary-inputs').innerText(), /input_ids\s+int64 \[1, 128\]/)
  assert.equal(await page.getByTestId('symbol-seq').inputValue(), '128')
  assert.doesNotMatch(await page.getByTestId('symbols').innerText(), /assumed/)
})

test('cancelling a load is not an error and keeps the open model', async ({ page }) => {
  await openApp(page)
  // hold the sample's download so the cancel lands while it is in flight
  let release
  const held = new Promise((r) => (release = r))
  await page.route('**/models/vgg13.onnx', async (route) => {
    await held
    await route.continue().catch(() => {})
  })
  await page.getByTestId('sample-select').selectOption('vgg13')
  await page.getByTestId('progress').waitFor()
  await page.getByTestId('cancel-load').click()
  await page.getByTestId('progress').waitFor({ state: 'detached' })
  release()
  await page.waitForTimeout(300)
  assert.equal(await page.getByTestId('error-banner').count(), 0)
  assert.equal(await summary(page).getAttribute('data-file-name'), 'regnet_y_400mf.onnx')
})

test('no request leaves the origin', async ({ page, baseURL }) => {
  const foreign = []
  page.on('request', (r) => {
    const url = r.url()
    if (!(url.startsWith(baseURL + '/') || url.startsWith('blob:') || url.startsWith('data:'))) foreign.push(url)
  })
  await openApp(page)
  await loadSample(page, 'bert_base')
  await page.getByTestId('symbol-seq').fill('64')
  await page.getByTestId('symbol-seq').press('Enter')
  await page.waitForFunction(() => /\[1, 64\]/.test(document.querySelector('[data-testid="summary-inputs"]')?.textContent ?? ''))
  await uploadFile(page, join(MODELS_DIR, 'vgg13.onnx'))
  await waitForModel(page, 'vgg13.onnx')
  for (const id of ['tab-orders', 'tab-devices', 'tab-graph']) await page.getByTestId(id).click()
  assert.deepEqual(foreign, [])
})

/** docs/spec.md section 5, word for word. */
const SPEC_CSP = "default-src 'self'; script-src 'self'; worker-src 'self' blob:; img-src 'self' blob: data:; " +
  "style-src 'self' 'unsafe-inline'; connect-src 'self'; object-src 'none'; base-uri 'none'"

test('the built page carries the Content-Security-Policy of docs/spec.md section 5, as a header and in the page', async ({ page }) => {
  // the harness fails any test on a CSP violation; this checks that the policy is there to be violated
  const response = await page.goto('/')
  assert.equal(response.headers()['content-security-policy'], SPEC_CSP)
  assert.equal(await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content'), SPEC_CSP)
  await openApp(page)
})

test('a reload restores the summary and settings without reading the model again', async ({ page }) => {
  await openApp(page)
  await loadSample(page, 'bert_base')
  await page.getByTestId('symbol-seq').fill('32')
  await page.getByTestId('symbol-seq').press('Enter')
  await page.waitForFunction(() => /\[1, 32\]/.test(document.querySelector('[data-testid="summary-inputs"]')?.textContent ?? ''))
  await page.getByTestId('tab-devices').click()
  // the tab's write is debounced (200 ms): a save marked after this moment is one that includes it, since the
  // page marks a save only when no change is left waiting (an earlier write landing now does not count)
  const t = await page.evaluate(() => Date.now())
  await waitForSessionSaved(page, t)
  const before = await summary(page).innerText()

  const modelFetches = []
  page.on('request', (r) => {
    if (r.url().includes('/models/')) modelFetches.push(r.url())
  })
  await page.reload()
  await waitForModel(page, 'bert_base.onnx')
  assert.equal(await summary(page).innerText(), before)
  assert.equal(await page.getByTestId('symbol-seq').inputValue(), '32')
  assert.equal(await page.getByTestId('tab-devices').getAttribute('aria-selected'), 'true')
  assert.deepEqual(modelFetches, [])

  // rebinding after the reload still works without the file (the worker kept the RawModel in IndexedDB)
  await page.getByTestId('symbol-seq').fill('16')
  await page.getByTestId('symbol-seq').press('Enter')
  await page.waitForFunction(() => /\[1, 16\]/.test(document.querySelector('[data-testid="summary-inputs"]')?.textContent ?? ''))
  assert.deepEqual(modelFetches, [])
})

test('an unknown operator loads with a warning, and a shape given for its output is counted', async ({ page }) => {
  await openApp(page)
  await uploadFile(page, { name: 'mystery.onnx', mimeType: 'application/octet-stream', buffer: Buffer.from(customOpModel()) })
  await waitForModel(page, 'mystery.onnx')
  const unknown = page.getByTestId('unknown-shapes')
  assert.match(await unknown.innerText(), /2 tensors have an unknown size/)
  assert.match(await page.getByTestId('summary-warnings').innerText(), /Mystery/)
  assert.match(await page.getByTestId('summary-outputs').innerText(), /y\s+\S+ \?\s+unknown/)
  await page.locator('[data-testid="shape-input"][data-tensor="b"]').fill('1x8')
  await page.getByTestId('apply-shapes').click()
  await page.waitForFunction(() => /\[1, 8\]/.test(document.querySelector('[data-testid="summary-outputs"]')?.textContent ?? ''))
  assert.match(await page.getByTestId('summary-outputs').innerText(), /y\s+float32 \[1, 8\]\s+32 B/)
  assert.equal(await page.getByTestId('unknown-shapes').count(), 0)
})

test('strings from a file are shown as text, never as markup', async ({ page }) => {
  await openApp(page)
  const markup = '<img src=x onerror="window.pwned=1"><b>bold</b>'
  const model = customOpModel({ graphName: markup, producer: '<script>window.pwned=2</script>' })
  await uploadFile(page, { name: '<i>x</i>.onnx', mimeType: 'application/octet-stream', buffer: Buffer.from(model) })
  await waitForModel(page, '<i>x</i>.onnx')
  const text = await summary(page).innerText()
  assert.ok(text.includes(markup), text)
  assert.ok(text.includes('<script>window.pwned=2</script>'))
  assert.ok(text.includes('<i>x</i>.onnx'))
  assert.equal(await summary(page).locator('img, b, script, i').count(), 0)
  assert.equal(await page.evaluate(() => window.pwned), undefined)
})

test('a parse worker that cannot start is reported, not a hang', async ({ page }) => {
  await page.route(/parse\.worker[^/]*\.js/, (route) => route.abort())
  await openApp(page, { wait: false })
  const banner = page.getByTestId('error-banner')
  await banner.waitFor({ timeout: 20_000 })
  assert.equal(await banner.getAttribute('data-code'), 'INTERNAL')
  assert.match(await banner.innerText(), /parse worker stopped unexpectedly/)
  assert.equal(await page.getByTestId('progress').count(), 0)
})
