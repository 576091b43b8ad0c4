#!/usr/bin/env node
/**
 * Browser tests: serves the built app (from `vite build`) with `vite preview`, then runs every
 * test/e2e/*.e2e.mjs in Debian's Chromium through playwright-core, one fresh profile per test.
 *
 *   node test/e2e/run.mjs               every test
 *   node test/e2e/run.mjs summary cors  only files or test names containing one of these words
 *   E2E_OUT_DIR=/tmp/my-dist …          serve another build (`vite build --outDir /tmp/my-dist`), so
 *                                       engineers sharing a working tree do not race on dist/
 *
 * A failing test leaves a screenshot in test-results/. The last line is `N passed, N failed`; the exit
 * status is 1 when any test failed.
 */
import { existsSync, mkdirSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { registry, setCurrentFile } from './harness.mjs'
import { launch, outDir, root, startPreview } from './serve.mjs'

const here = join(root, 'test', 'e2e')
const resultsDir = join(root, 'test-results')
const filters = process.argv.slice(2)

function withTimeout(promise, ms, what) {
  let timer
  return Promise.race([
    promise,
    new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${what} timed out after ${ms} ms`)), ms)
    }),
  ]).finally(() => clearTimeout(timer))
}

const safe = (s) => s.replace(/[^a-z0-9]+/gi, '-').replace(/^-|-$/g, '').slice(0, 80)

async function runTest(t, baseURL) {
  const { context, page, close } = await launch(baseURL)
  const consoleErrors = []
  const problems = []
  page.on('console', (m) => {
    if (m.type() !== 'error') return
    consoleErrors.push(m.text())
    if (/Content Security Policy/i.test(m.text())) problems.push(`CSP violation: ${m.text()}`)
  })
  page.on('pageerror', (e) => problems.push(`uncaught in page: ${e.message}`))
  const t0 = Date.now()
  let error = null
  try {
    await withTimeout(t.fn({ page, context, baseURL, consoleErrors }), t.timeoutMs, `"${t.name}"`)
    if (problems.length) throw new Error(problems.join('\n'))
  } catch (e) {
    error = e instanceof Error ? e : new Error(String(e))
    try {
      mkdirSync(resultsDir, { recursive: true })
      const shot = join(resultsDir, `${safe(t.file)}--${safe(t.name)}.png`)
      await page.screenshot({ path: shot, fullPage: true, timeout: 5000 })
      error.screenshot = shot
    } catch {
      // the page may be gone; the error matters more than the picture
    }
    if (consoleErrors.length) error.console = consoleErrors.slice(-10)
  } finally {
    await close()
  }
  return { error, ms: Date.now() - t0 }
}

async function main() {
  if (!existsSync(join(outDir, 'index.html'))) {
    console.error(`${outDir}/index.html is missing: run \`npx vite build\` first`)
    console.log('0 passed, 1 failed')
    process.exit(1)
  }
  for (const f of readdirSync(here).filter((n) => n.endsWith('.e2e.mjs')).sort()) {
    setCurrentFile(f)
    await import(pathToFileURL(join(here, f)).href)
  }
  const tests = registry.filter(
    (t) => filters.length === 0 || filters.some((w) => t.file.includes(w) || t.name.includes(w)),
  )
  for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => process.exit(130))

  let passed = 0
  let failed = 0
  let server = null
  try {
    server = await startPreview()
    for (const t of tests) {
      const { error, ms } = await runTest(t, server.baseURL)
      if (!error) {
        passed++
        console.log(`ok    ${t.file} › ${t.name} (${ms} ms)`)
        continue
      }
      failed++
      console.log(`FAIL  ${t.file} › ${t.name} (${ms} ms)`)
      console.log(`      ${String(error.stack ?? error).split('\n').join('\n      ')}`)
      if (error.screenshot) console.log(`      screenshot: ${error.screenshot}`)
      if (error.console) console.log(`      console errors:\n        ${error.console.join('\n        ')}`)
    }
  } catch (e) {
    failed++
    console.log(`FAIL  harness: ${e instanceof Error ? e.message : String(e)}`)
  } finally {
    server?.stop()
  }
  console.log(`${passed} passed, ${failed} failed`)
  process.exit(failed > 0 ? 1 : 0)
}

await main()
