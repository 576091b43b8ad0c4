/**
 * What e2e files import: `test()` to register a test, and helpers that drive the app the way a user does.
 * run.mjs serves the built app, gives every test a fresh Chromium profile and page, and runs the tests.
 *
 *   import { test, assert, openApp, loadSample } from './harness.mjs'
 *   test('loads resnet50', async ({ page }) => {
 *     await openApp(page)
 *     await loadSample(page, 'resnet50')
 *     assert.match(await page.getByTestId('model-summary').innerText(), /resnet50/)
 *   })
 *
 * The context a test gets: `{ page, context, baseURL, consoleErrors }`. A test fails by throwing; a page
 * error (uncaught exception) or a Content-Security-Policy violation fails it too.
 */
import assert from 'node:assert/strict'
import { fileURLToPath } from 'node:url'

export { assert }

/** The reference models served by the app (public/models). */
export const MODELS_DIR = fileURLToPath(new URL('../../public/models/', import.meta.url))

/** @type {{ name: string, file: string, fn: (ctx: any) => Promise<void>, timeoutMs: number }[]} */
export const registry = []
let currentFile = ''
export function setCurrentFile(file) {
  currentFile = file
}

/** Registers a test. `opts.timeoutMs` defaults to 60 s (two shared cores: be generous, not slow). */
export function test(name, fn, opts = {}) {
  registry.push({ name, file: currentFile, fn, timeoutMs: opts.timeoutMs ?? 60_000 })
}

/** Loads the app and waits until the first model (restored or the default sample) is shown. */
export async function openApp(page, { wait = true } = {}) {
  await page.goto('/')
  if (wait) await waitForModel(page)
}

/** Waits until `fileName` (or any model when omitted) is the open model and no load is in progress. */
export async function waitForModel(page, fileName, timeout = 30_000) {
  await page.waitForFunction(
    (name) => {
      const s = document.querySelector('[data-testid="model-summary"]')
      if (!s || document.querySelector('[data-testid="progress"]')) return false
      return name === undefined || s.getAttribute('data-file-name') === name
    },
    fileName,
    { timeout, polling: 50 },
  )
}

/** Chooses a sample in the menu and waits until it is open. `name` without `.onnx`, e.g. `resnet50`. */
export async function loadSample(page, name) {
  await page.getByTestId('sample-select').selectOption(name)
  await waitForModel(page, `${name}.onnx`)
}

/** Opens a file through the file picker: a path, or `{ name, mimeType, buffer }`. Does not wait. */
export async function uploadFile(page, file) {
  await page.getByTestId('file-input').setInputFiles(file)
}

/** Drops a file on the window as a user's drag-and-drop would. Does not wait. */
export async function dropFile(page, name, bytes) {
  await page.evaluate(
    ({ fileName, data }) => {
      const dt = new DataTransfer()
      dt.items.add(new File([new Uint8Array(data)], fileName))
      for (const type of ['dragenter', 'dragover', 'drop']) {
        window.dispatchEvent(new DragEvent(type, { dataTransfer: dt, bubbles: true, cancelable: true }))
      }
    },
    { fileName: name, data: [...bytes] },
  )
}

/** Waits until the session is saved to IndexedDB at least once after `since` (Date.now() in the page). */
export async function waitForSessionSaved(page, since = 0, timeout = 10_000) {
  await page.waitForFunction(
    (t) => Number(document.documentElement.getAttribute('data-session-saved') ?? 0) > t,
    since,
    { timeout, polling: 50 },
  )
}

/** The number in `data-bytes` of the element with this test id. */
export async function bytesOf(page, testId) {
  return Number(await page.getByTestId(testId).getAttribute('data-bytes'))
}

/** Presses Run and waits until that run (not an earlier one) has started and ended. */
export async function runAndWait(page, timeoutMs = 60_000) {
  const controls = page.getByTestId('run-controls')
  const before = await controls.getAttribute('data-run-started')
  await page.getByTestId('run-schedule').click()
  await page.waitForFunction((prev) => {
    const c = document.querySelector('[data-testid="run-controls"]')
    return c && c.getAttribute('data-run-started') !== prev && c.getAttribute('data-running') === 'false'
  }, before, { timeout: timeoutMs, polling: 50 })
}
