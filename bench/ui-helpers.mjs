/**
 * What the UI benches share: writing one delimited section of bench/results/ui.md (each bench owns the part
 * between its markers, below the hand-written `<!-- notes -->` marker, and leaves the rest as it is), and
 * "Expand all" timed to the frame with every node drawn.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

export const RESULTS = join(dirname(fileURLToPath(import.meta.url)), 'results', 'ui.md')

/** Replaces the text between `begin` and `end` in ui.md with `section` (which holds both markers), or appends it. */
export function writeSection(begin, end, section) {
  const previous = existsSync(RESULTS) ? readFileSync(RESULTS, 'utf8') : '# UI benchmarks (`npm run bench:ui`)\n\n<!-- notes -->\n'
  const withMarker = previous.includes('<!-- notes -->') ? previous : `${previous.trimEnd()}\n\n<!-- notes -->\n`
  const next = withMarker.includes(begin)
    ? withMarker.slice(0, withMarker.indexOf(begin)) + section + withMarker.slice(withMarker.indexOf(end) + end.length)
    : `${withMarker.trimEnd()}\n\n${section}\n`
  writeFileSync(RESULTS, next)
}

/**
 * Clicks "Expand all" and waits for the frame that draws all `nodes` (folded constants count as drawn inside
 * their consumer); returns the click's time on the page's clock.
 */
export async function expandAll(page, nodes, timeoutMs = 600_000) {
  const t1 = await page.evaluate(() => {
    const t = performance.now()
    document.querySelector('[data-testid="graph-expand-all"]').click()
    return t
  })
  await page.waitForFunction((n) => {
    const v = document.querySelector('[data-testid="graph-view"]')
    return Number(v?.getAttribute('data-nodes-drawn')) + Number(v?.getAttribute('data-nodes-folded') ?? 0) === n &&
      Number(v.getAttribute('data-first-drawn-at')) > 0
  }, nodes, { timeout: timeoutMs, polling: 10 })
  return t1
}
