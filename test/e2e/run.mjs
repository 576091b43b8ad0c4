#!/usr/bin/env node
/**
 * Browser tests: serves the built app (dist/, from `vite build`) with `vite preview`, then runs every
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
import { spawn } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { chromium } from 'playwright-core'
import { registry, setCurrentFile } from './harness.mjs'

const here = dirname(fileURLToPath(import.meta.url))
const root = join(here, '..', '..')
const resultsDir = join(root, 'test-results')
const filters = process.argv.slice(2)
const outDir = process.env.E2E_OUT_DIR || join(root, 'dist')

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer()
    srv.once('error', reject)
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address()
      srv.close(() => resolve(port))
    })
  })
}

async function waitUntilAnswers(url, server, timeoutMs = 30_000) {
  const end = Date.now() + timeoutMs
  while (Date.now() < end) {
    if (server.exitCode !== null) throw new Error(`vite preview exited (${server.exitCode}) before answering`)
    try {
      const res = await fetch(url)
      if (res.ok) return
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100))
  }
  throw new Error(`vite preview did not answer at ${url} within ${timeoutMs} ms`)
}

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
  const profile = mkdtempSync(join(tmpdir(), 'pw-'))
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    baseURL,
    viewport: { width: 1360, height: 860 },
  })
  const page = context.pages()[0] ?? (await context.newPage())
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
    error = e
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
    await context.close().catch(() => {})
    rmSync(profile, { recursive: true, force: true })
  }
  return { error, ms: Date.now() - t0 }
}

async function main() {
  if (!existsSync(join(outDir, 'index.html'))) {
    console.error(`${outDir}/index.html is missing: run \`npx vite build\` first`)
    process.exit(1)
  }
  const files = readdirSync(here).filter((f) => f.endsWith('.e2e.mjs')).sort()
  for (const f of files) {
    setCurrentFile(f)
    await import(pathToFileURL(join(here, f)).href)
  }
  const tests = registry.filter(
    (t) => filters.length === 0 || filters.some((w) => t.file.includes(w) || t.name.includes(w)),
  )

  const port = await freePort()
  const baseURL = `http://127.0.0.1:${port}`
  const server = spawn(
    process.execPath,
    [join(root, 'node_modules', 'vite', 'bin', 'vite.js'), 'preview', '--host', '127.0.0.1', '--strictPort', '--port', String(port), '--outDir', outDir],
    { cwd: root, stdio: ['ignore', 'ignore', 'pipe'] },
  )
  let serverErr = ''
  server.stderr.on('data', (d) => (serverErr += d))
  const stop = () => {
    if (server.exitCode === null) server.kill()
  }
  process.on('exit', stop)
  for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => process.exit(130))

  let passed = 0
  let failed = 0
  try {
    await waitUntilAnswers(baseURL + '/', server)
    for (const t of tests) {
      const { error, ms } = await runTest(t, baseURL)
      if (!error) {
        passed++
        console.log(`ok    ${t.file} › ${t.name} (${ms} ms)`)
      } else {
        failed++
        console.log(`FAIL  ${t.file} › ${t.name} (${ms} ms)`)
        console.log(`      ${String(error.stack ?? error).split('\n').join('\n      ')}`)
        if (error.screenshot) console.log(`      screenshot: ${error.screenshot}`)
        if (error.console) console.log(`      console errors:\n        ${error.console.join('\n        ')}`)
      }
    }
  } catch (e) {
    failed++
    console.log(`FAIL  harness: ${e.message}${serverErr ? `\n${serverErr}` : ''}`)
  } finally {
    stop()
  }
  console.log(`${passed} passed, ${failed} failed`)
  process.exit(failed > 0 ? 1 : 0)
}

await main()
