/**
 * Serving the built app and launching Debian's Chromium, shared by run.mjs (the tests), screenshots.mjs and
 * the UI benchmarks (bench/ui.bench.mjs).
 */
import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { chromium } from 'playwright-core'

export const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..')
/** The build to serve: dist/, or E2E_OUT_DIR (a private `vite build --outDir …` in a shared working tree). */
export const outDir = process.env.E2E_OUT_DIR || join(root, 'dist')

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

/** Starts `vite preview` of `dir` on a free port and resolves once it answers: `{ baseURL, stop() }`. */
export async function startPreview(timeoutMs = 30_000, dir = outDir) {
  const port = await freePort()
  const baseURL = `http://127.0.0.1:${port}`
  const server = spawn(
    process.execPath,
    [join(root, 'node_modules', 'vite', 'bin', 'vite.js'), 'preview', '--host', '127.0.0.1', '--strictPort',
      '--port', String(port), '--outDir', dir],
    { cwd: root, stdio: ['ignore', 'ignore', 'pipe'] },
  )
  let stderr = ''
  server.stderr.on('data', (d) => (stderr += d))
  const stop = () => {
    if (server.exitCode === null && server.signalCode === null) server.kill()
  }
  process.on('exit', stop)
  const end = Date.now() + timeoutMs
  while (Date.now() < end) {
    if (server.exitCode !== null) throw new Error(`vite preview exited (${server.exitCode}) before answering\n${stderr}`)
    try {
      if ((await fetch(baseURL + '/')).ok) return { baseURL, stop }
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100))
  }
  stop()
  throw new Error(`vite preview did not answer at ${baseURL} within ${timeoutMs} ms\n${stderr}`)
}

/** A fresh Chromium profile (as TOOLCHAIN.md shows): `{ context, page, close() }`. */
export async function launch(baseURL, viewport = { width: 1360, height: 860 }) {
  const profile = mkdtempSync(join(tmpdir(), 'pw-'))
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    baseURL,
    viewport,
  })
  const page = context.pages()[0] ?? (await context.newPage())
  const close = async () => {
    await context.close().catch(() => {})
    rmSync(profile, { recursive: true, force: true })
  }
  return { context, page, close }
}
