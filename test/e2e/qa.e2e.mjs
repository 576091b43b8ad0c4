/**
 * Regressions found by using the app (QA pass): the graph view in a tab that is hidden when its layout
 * lands, and the plan view's split nodes (badges, colours, the property panel).
 */
import { assert, loadSample, openApp, test } from './harness.mjs'

/** where Cytoscape registers its instance on its container element */
const CY_REG = ['', 'cyreg'].join('_')

/** The Cytoscape instance drawn in the graph view inside `scope` (a page-side handle, for measuring). */
function viewportOf(page, scopeTestId) {
  return page.evaluate(({ scope, reg }) => {
    const root = scope === null ? document : document.querySelector(`[data-testid="${scope}"]`)
    const canvas = root?.querySelector('[data-testid="graph-canvas"]')
    const cy = canvas?.[reg]?.cy
    if (!cy) return null
    const bb = cy.elements().renderedBoundingBox()
    return { width: cy.width(), height: cy.height(), cx: (bb.x1 + bb.x2) / 2, y1: bb.y1, w: bb.w, zoom: cy.zoom() }
  }, { scope: scopeTestId, reg: CY_REG })
}

/** Runs the partition from the Devices tab and waits for GenEFlow's final row. */
async function planToFinal(page) {
  await page.getByTestId('tab-devices').click()
  await page.getByTestId('run-partition').click()
  await page
    .locator('[data-testid="plan-result"][data-algo="geneflow"][data-state="final"]')
    .waitFor({ timeout: 60_000 })
}

/** Waits until the graph view inside `scope` (null: the first on the page) has drawn every node it has
 * (folded Constants are drawn inside their consumer). */
function allNodesDrawn(page, scope, timeout) {
  return page.waitForFunction((sel) => {
    const v = document.querySelector(sel)
    return v?.getAttribute('data-state') === 'ready' &&
      Number(v.getAttribute('data-nodes-drawn')) + Number(v.getAttribute('data-nodes-folded') ?? 0) === Number(v.getAttribute('data-node-count'))
  }, `${scope === null ? '' : `[data-testid="${scope}"] `}[data-testid="graph-view"]`, { timeout, polling: 50 })
}

test('a layout that lands while the Graph tab is hidden is fitted when the tab is shown again', async ({ page }) => {
  await openApp(page)
  // leave the Graph tab before ELK's layout replaces the draft (regnet's takes a few hundred ms)
  await page.getByTestId('tab-orders').click()
  await page.waitForFunction(
    () => document.querySelector('[data-testid="graph-view"]')?.getAttribute('data-state') === 'ready',
    null,
    { timeout: 30_000, polling: 50 },
  )
  await page.getByTestId('tab-graph').click()
  await page.waitForTimeout(300)
  const v = await viewportOf(page, null)
  assert.ok(v !== null, 'the view has a Cytoscape instance')
  assert.ok(v.width > 300, `the canvas has its size again (${v.width})`)
  // it was drawn at the top-left corner of the canvas (fitted into the 0×0 of the hidden tab)
  assert.ok(Math.abs(v.cx - v.width / 2) < 40, `the graph is centred across the canvas (centre ${v.cx}, canvas ${v.width})`)
  assert.ok(v.y1 > 5, `its top is inside the canvas (${v.y1})`)
})

test('the plan view: a split node’s badge fits its node, and the property panel gives it whole', async ({ page }) => {
  await openApp(page)
  await planToFinal(page)
  await page.locator('[data-testid="plan-result"][data-algo="channel"]').click()
  const graph = page.getByTestId('plan-graph')
  await graph.getByTestId('graph-expand-all').click()
  await allNodesDrawn(page, 'plan-graph', 30_000)
  await page.waitForTimeout(300)
  const labels = await page.evaluate((reg) => {
    const cy = document.querySelector('[data-testid="plan-graph"] [data-testid="graph-canvas"]')?.[reg]?.cy
    return cy.nodes('.badged').map((n) => ({ label: n.data('label'), full: n.data('full'), w: n.data('w'), wrap: n.style('text-wrap') }))
  }, CY_REG)
  assert.ok(labels.length > 0, 'split nodes carry a badge')
  for (const l of labels) {
    const [, badge] = l.label.split('\n')
    assert.ok(badge !== undefined, `the badge is on a second line: ${l.label}`)
    assert.equal(l.wrap, 'wrap', 'the label wraps at its newline (else it runs across the neighbours on one line)')
    assert.ok(badge.length <= Math.max(22, Math.floor(l.w / 5.6)), `the badge is cut to its node: ${badge}`)
    assert.match(l.full, /\n.*%/, 'the tooltip gives the whole badge')
  }
  // select a split node: the panel shows its whole split
  await graph.getByTestId('graph-search').fill('GlobalAveragePool')
  await graph.getByTestId('graph-search').press('Enter')
  const split = await graph.getByTestId('graph-panel-badge').innerText()
  assert.match(split, /channel: .*%.*%/, split)
}, { timeoutMs: 90_000 })

test('Expand all on gpt2 opens on the top of the graph at a readable zoom, with nodes in view', async ({ page }) => {
  await openApp(page)
  await loadSample(page, 'gpt2')
  await page.getByTestId('graph-expand-all').click()
  await allNodesDrawn(page, null, 60_000)
  await page.waitForTimeout(300)
  const seen = await page.evaluate((reg) => {
    const cy = document.querySelector('[data-testid="graph-canvas"]')?.[reg]?.cy
    const w = cy.width()
    const h = cy.height()
    const inView = cy.nodes().filter((n) => {
      const p = n.renderedPosition()
      return p.x > 0 && p.x < w && p.y > 0 && p.y < h
    })
    return { zoom: cy.zoom(), inView: inView.length }
  }, CY_REG)
  // the long chain drifts sideways: fitting its whole width made the top unreadably small (zoom ≈ 0.2)
  assert.ok(seen.zoom >= 0.5, `a readable zoom (${seen.zoom})`)
  assert.ok(seen.inView >= 15, `the top's nodes are in view (${seen.inView})`)
})

test('playback: the graph follows the running node when it leaves the view (plan view, every node drawn)', async ({ page }) => {
  await openApp(page)
  await planToFinal(page)
  const graph = page.getByTestId('plan-graph')
  await graph.scrollIntoViewIfNeeded()
  await graph.getByTestId('graph-expand-all').click()
  await allNodesDrawn(page, 'plan-graph', 30_000)
  // a step near the end of regnet's 217 nodes: far below the top, where the expanded view opens
  await page.getByRole('slider', { name: 'playback step' }).fill('200')
  await page.waitForTimeout(300)
  const at = await page.evaluate((reg) => {
    const cy = document.querySelector('[data-testid="plan-graph"] [data-testid="graph-canvas"]')?.[reg]?.cy
    const r = cy.nodes('.running')
    return r.empty() ? null : { ...r.renderedPosition(), w: cy.width(), h: cy.height() }
  }, CY_REG)
  assert.ok(at !== null, 'a node is running')
  assert.ok(at.x > 0 && at.x < at.w && at.y > 0 && at.y < at.h, `the running node is in view: ${JSON.stringify(at)}`)
}, { timeoutMs: 90_000 })
