/**
 * Issue 12: worker faults. The production build with its parse worker swapped for a test build of it
 * (VITE_MEMORIA_FAULTS=1, built here with vite's API in a few seconds): opening a file named
 * `memoria-fault-throw…` makes the worker throw outside its job (the crash path), `memoria-fault-oom…` fails an
 * allocation mid-job as a worker out of memory does. Each time the page shows a message, keeps the model that
 * was open, and the next job (another file) works. The production worker has no trace of the hook (checked).
 * And a render error (the whole app built with VITE_MEMORIA_FAULTS=1: a model named `memoria-fault-render…`
 * throws while its summary renders) shows the error boundary, whose two buttons bring the page back.
 */
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { build } from 'vite'
import { assert, MODELS_DIR, test, uploadFile, waitForModel } from './harness.mjs'
import { outDir, root, startPreview } from './serve.mjs'

/** dist/ copied, with assets/parse.worker-*.js replaced by the fault-injecting build of the same module. */
async function faultBuild() {
  const dir = mkdtempSync(join(tmpdir(), 'memoria-faults-'))
  cpSync(outDir, dir, { recursive: true })
  const assets = join(dir, 'assets')
  const worker = readdirSync(assets).find((f) => /^parse\.worker-.*\.js$/.test(f))
  assert.ok(worker, 'the build has a parse worker')
  assert.ok(!readFileSync(join(assets, worker), 'utf8').includes('memoria-fault'), 'the production worker has no fault hook')
  const out = await build({
    configFile: false, root, logLevel: 'warn',
    define: { 'import.meta.env.VITE_MEMORIA_FAULTS': JSON.stringify('1') },
    build: {
      write: false, minify: false, emptyOutDir: false,
      lib: { entry: join(root, 'src/workers/parse.worker.ts'), formats: ['es'], fileName: 'parse.worker' },
    },
  })
  const chunk = (Array.isArray(out) ? out[0] : out).output.find((o) => o.type === 'chunk')
  assert.ok(chunk.code.includes('memoria-fault'), 'the test build has the hook')
  writeFileSync(join(assets, worker), chunk.code)
  return dir
}

const banner = (page) => page.getByTestId('error-banner')

test('a worker that throws or runs out of memory mid-job: a message, the page lives on, the next job works', async ({ page }) => {
  const dir = await faultBuild()
  const server = await startPreview(30_000, dir)
  try {
    await page.goto(`${server.baseURL}/`)
    await waitForModel(page, 'regnet_y_400mf.onnx')
    const vgg = readFileSync(join(MODELS_DIR, 'vgg13.onnx'))
    for (const [kind, code, text] of [
      ['throw', 'INTERNAL', /the parse worker stopped unexpectedly \(.*injected fault.*\); try again/i],
      ['oom', 'INTERNAL', /RangeError: .*allocation failed/i],
    ]) {
      await uploadFile(page, { name: `memoria-fault-${kind}.onnx`, mimeType: 'application/octet-stream', buffer: vgg })
      await banner(page).waitFor({ timeout: 20_000 })
      assert.equal(await banner(page).getAttribute('data-code'), code)
      assert.match(await banner(page).innerText(), text)
      // the model that was open stays open
      assert.equal(await page.getByTestId('model-summary').getAttribute('data-file-name'), 'regnet_y_400mf.onnx')
      // the next job works (after a crash, on a fresh worker)
      await uploadFile(page, { name: `vgg13-after-${kind}.onnx`, mimeType: 'application/octet-stream', buffer: vgg })
      await waitForModel(page, `vgg13-after-${kind}.onnx`)
      assert.equal(await banner(page).count(), 0)
      await page.getByTestId('sample-select').selectOption('regnet_y_400mf')
      await waitForModel(page, 'regnet_y_400mf.onnx')
    }
  } finally {
    server.stop()
    rmSync(dir, { recursive: true, force: true })
  }
}, { timeoutMs: 90_000 })

/** The whole app built with the fault hooks (VITE_MEMORIA_FAULTS=1), into a temp folder. */
async function faultAppBuild() {
  const dir = mkdtempSync(join(tmpdir(), 'memoria-faults-app-'))
  await build({ root, logLevel: 'warn', define: { 'import.meta.env.VITE_MEMORIA_FAULTS': JSON.stringify('1') }, build: { outDir: dir, emptyOutDir: true } })
  return dir
}

test('a render error shows the error boundary, not a blank page; Reload, or forgetting the saved session, brings the page back', async ({ page }) => {
  // the production bundle has no trace of the render hook
  const assets = join(outDir, 'assets')
  for (const f of readdirSync(assets).filter((x) => x.endsWith('.js'))) assert.ok(!readFileSync(join(assets, f), 'utf8').includes('memoria-fault-render'), `${f} has no render fault hook`)
  const dir = await faultAppBuild()
  const server = await startPreview(30_000, dir)
  const errors = []
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()) })
  try {
    await page.goto(`${server.baseURL}/`)
    await waitForModel(page, 'regnet_y_400mf.onnx')
    // a model whose summary cannot be drawn (the hook throws while rendering it)
    await uploadFile(page, { name: 'memoria-fault-render.onnx', mimeType: 'application/octet-stream', buffer: readFileSync(join(MODELS_DIR, 'squeezenet1_1.onnx')) })
    const crashed = page.getByTestId('app-crashed')
    await crashed.waitFor({ timeout: 30_000 })
    assert.match(await crashed.innerText(), /The page stopped drawing[\s\S]*INTERNAL: injected render fault for memoria-fault-render\.onnx \(test build\)\. Reload the page; if it happens again, forget the saved session/)
    assert.ok(errors.some((e) => /MemoriaNova Planner stopped drawing/.test(e)), 'the component stack goes to the console')
    // Reload draws the page again, with the model that was open before (nothing the user had is lost)
    await page.getByRole('button', { name: 'Reload', exact: true }).click()
    await waitForModel(page, 'regnet_y_400mf.onnx', 60_000)
    assert.equal(await crashed.count(), 0)
    // the other way out: forget the saved session, then a fresh page
    await uploadFile(page, { name: 'memoria-fault-render-2.onnx', mimeType: 'application/octet-stream', buffer: readFileSync(join(MODELS_DIR, 'squeezenet1_1.onnx')) })
    await crashed.waitFor({ timeout: 30_000 })
    await page.getByTestId('forget-session').click()
    // a fresh page: the default sample again, nothing of the broken session
    await waitForModel(page, 'regnet_y_400mf.onnx', 60_000)
    assert.equal(await crashed.count(), 0)
  } finally {
    server.stop()
    rmSync(dir, { recursive: true, force: true })
  }
}, { timeoutMs: 120_000 })
