/**
 * Issue 12, huge inputs through the file input (playwright's setInputFiles with paths: the browser reads the
 * files from disk itself). Made once per run in the temp folder by bench/gen/huge.ts (sparse files: no disk
 * blocks, about a second): Qwen2-0.5B with 2.52 GB of weights inline opens without the page reading the
 * weights; vgg13 selected together with its weights file gives no missing-weights warning, alone it names
 * the file; a 24-layer decoder of 11,648 nodes opens and the graph view draws it.
 */
import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { assert, bytesOf, openApp, test, uploadFile, waitForModel } from './harness.mjs'
import { root } from './serve.mjs'

let made = null
let dir = null
function inputs() {
  if (made) return made
  dir = mkdtempSync(join(tmpdir(), 'memoria-huge-e2e-'))
  process.on('exit', () => rmSync(dir, { recursive: true, force: true }))
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(root, 'bench/gen/huge.ts'), dir], { cwd: root, encoding: 'utf8' })
  if (r.status !== 0) throw new Error(`bench/gen/huge.ts failed: ${r.stderr}`)
  made = JSON.parse(r.stdout.trim().split('\n').pop())
  return made
}

const warnings = async (page) => {
  const w = page.getByTestId('summary-warnings')
  return (await w.count()) === 0 ? '' : w.innerText()
}

test('a 2.5 GB model with inline weights opens through the file input', async ({ page }) => {
  const { qwen } = inputs()
  assert.ok(qwen.bytes > 2 ** 31)
  await openApp(page)
  await uploadFile(page, qwen.path)
  await waitForModel(page, 'qwen2-inline.onnx', 60_000)
  const s = page.getByTestId('model-summary')
  assert.equal(await s.getAttribute('data-node-count'), '2827')
  // the weights, counted from the dims and never read: the command line's figure for the same file, to the byte
  assert.equal(await bytesOf(page, 'summary-weight-bytes'), 2_520_677_024)
  assert.equal(await page.getByTestId('error-banner').count(), 0)
}, { timeoutMs: 120_000 })

test('a model and its weights file selected together read both; alone, the missing weights are named', async ({ page }) => {
  const { vgg } = inputs()
  await openApp(page)
  await uploadFile(page, [vgg.model, vgg.weights])
  await waitForModel(page, 'vgg13.onnx')
  assert.doesNotMatch(await warnings(page), /weights (missing|incomplete)/)
  await uploadFile(page, vgg.model)
  await page.waitForFunction(() => /weights missing/.test(document.querySelector('[data-testid="summary-warnings"]')?.textContent ?? ''), null, { timeout: 30_000 })
  assert.match(await warnings(page), /weights missing: "vgg13\.weights" \(22 tensors: .*\) is not among the files opened \(only vgg13\.onnx was\); .*open it together with the model/)
}, { timeoutMs: 90_000 })

test('a 24-layer decoder of 11,648 nodes opens and the graph view draws it', async ({ page }) => {
  const { decoder } = inputs()
  await openApp(page)
  await uploadFile(page, decoder.path)
  await waitForModel(page, 'decoder-24.json', 60_000)
  assert.equal(await page.getByTestId('model-summary').getAttribute('data-node-count'), String(decoder.nodes))
  const view = page.getByTestId('graph-view')
  // the final layout drawn: the 24 layers collapsed at first view (a readable top level, not thousands of
  // boxes), all 11,648 nodes inside them
  await page.waitForFunction((n) => {
    const v = document.querySelector('[data-testid="graph-view"]')
    return v?.getAttribute('data-node-count') === String(n) && v.getAttribute('data-state') === 'ready' && Number(v.getAttribute('data-items-drawn')) > 0
  }, decoder.nodes, { timeout: 60_000, polling: 100 })
  const items = Number(await view.getAttribute('data-items-drawn'))
  assert.ok(items >= 24 && items <= 50, `a top level of ${items} items`)
  assert.match(await page.getByTestId('graph-status').innerText(), new RegExp(`of 11,648 nodes shown · ${items} items`))
}, { timeoutMs: 120_000 })
