/**
 * Issue 12: worker faults. The production build with its parse worker swapped for a test build of it
 * (VITE_MEMORIA_FAULTS=1, built here with vite's API in a few seconds): opening a file named
 * `memoria-fault-throw…` makes the worker throw outside its job (the crash path), `memoria-fault-oom…` fails an
 * allocation mid-job as a worker out of memory does. Each time the page shows a message, keeps the model that
 * was open, and the next job (another file) works. The production worker has no trace of the hook (checked).
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
