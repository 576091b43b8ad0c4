/**
 * Issue 5's graph view in the app: a sample's graph drawn with nodes, search and select a node (the panel
 * shows its operator and tensor shapes), expand and collapse a group, the playback-free basics (fit, zoom,
 * overview).
 *
 * `GRAPH_E2E_PAGE=harness` runs the same tests on the view's dev harness instead of the app (for a build
 * that includes it, e.g. `E2E_OUT_DIR=bench/tmp/ui-dist` after `npm run bench:ui`).
 */
import { readFileSync } from 'node:fs'
import { assert, loadSample, openApp, test } from './harness.mjs'

const HARNESS = process.env.GRAPH_E2E_PAGE === 'harness'
const view = (page) => page.getByTestId('graph-view')
const attr = async (page, name) => view(page).getAttribute(name)

async function openGraph(page, sample) {
  if (HARNESS) {
    await page.goto(`/src/app/graph/dev/harness.html?model=${sample}&seq=128`)
  } else {
    await openApp(page)
    await loadSample(page, sample)
    await page.getByTestId('tab-graph').click()
  }
  await waitReady(page)
}

/** Waits until the view's final layout for its current state is drawn, optionally with `nodes` drawn and
 * a given expansion (`data-expansion`) or any other than one. */
async function waitReady(page, check = {}) {
  await page.waitForFunction(
    ({ nodes, expansion, expansionNot }) => {
      const v = document.querySelector('[data-testid="graph-view"]')
      if (!v || v.getAttribute('data-state') !== 'ready') return false
      if (nodes !== undefined && Number(v.getAttribute('data-nodes-drawn')) !== nodes) return false
      if (expansion !== undefined && v.getAttribute('data-expansion') !== expansion) return false
      return expansionNot === undefined || v.getAttribute('data-expansion') !== expansionNot
    },
    check,
    { timeout: 60_000, polling: 50 },
  )
}

test('a sample’s graph is drawn, grouped by scope', async ({ page }) => {
  await openGraph(page, 'resnet50')
  assert.equal(await attr(page, 'data-node-count'), '122')
  // resnet50 opens on its stem and head nodes plus the four layer groups
  assert.equal(await attr(page, 'data-items-drawn'), '10')
  assert.equal(await attr(page, 'data-nodes-drawn'), '6')
  assert.equal(await attr(page, 'data-expansion'), '')
  const canvases = await page.locator('[data-testid="graph-canvas"] canvas').count()
  assert.ok(canvases > 0, 'Cytoscape drew into its canvas')
  assert.ok(Number(await attr(page, 'data-render-ms')) > 0)
  const outline = await page.getByTestId('graph-outline').innerText()
  for (const g of ['layer1', 'layer2', 'layer3', 'layer4']) assert.match(outline, new RegExp(g))
  await page.getByTestId('graph-overview').waitFor()
})

test('search (Ctrl+F) selects a node inside a group; the panel shows its operator and shapes', async ({ page }) => {
  await openGraph(page, 'resnet50')
  await page.getByTestId('graph-canvas').hover()
  await page.keyboard.press('Control+f')
  const box = page.getByTestId('graph-search')
  assert.equal(await box.evaluate((el) => el === document.activeElement), true, 'Ctrl+F focuses the search box')
  await box.fill('layer2.0/conv2')
  const results = page.getByTestId('graph-search-result')
  await results.first().waitFor()
  assert.match(await results.first().innerText(), /Conv/)
  await results.first().click()
  // its groups are expanded and the node is drawn
  await waitReady(page, { expansionNot: '' })
  assert.ok(Number(await attr(page, 'data-nodes-drawn')) > 6)
  const panel = page.getByTestId('graph-panel')
  assert.equal(await page.getByTestId('graph-panel-title').innerText(), 'Conv')
  const text = await panel.innerText()
  assert.match(text, /\/layer2\/layer2\.0\/conv2\/Conv/) // full name
  assert.match(text, /\[1, 128, 28, 28\]/) // its output shape
  assert.match(text, /\[128, 128, 3, 3\]/) // its weight's shape
  assert.match(text, /strides/) // an attribute
  assert.match(text, /FLOP/)
  if (!HARNESS) {
    // on another tab Ctrl+F is the browser's again
    await page.getByTestId('tab-orders').click()
    await box.evaluate((el) => el.blur())
    await page.keyboard.press('Control+f')
    assert.equal(await box.evaluate((el) => el === document.activeElement), false)
  }
})

test('a group expands and collapses, and the view keeps working', async ({ page }) => {
  await openGraph(page, 'resnet50')
  const layer1 = page.locator('[data-testid="graph-group-item"][data-scope="/layer1"]')
  await layer1.getByTestId('graph-group-toggle').click()
  await waitReady(page, { expansionNot: '' })
  // layer1 opens onto its three bottleneck blocks (groups of their own): 10 - 1 + 3 items
  assert.equal(await attr(page, 'data-items-drawn'), '12')
  assert.equal(await attr(page, 'data-nodes-drawn'), '6')
  // select the group from the outline and collapse it from the panel
  await layer1.getByRole('button', { name: 'layer1' }).click()
  assert.match(await page.getByTestId('graph-panel').innerText(), /22/) // its node count
  await page.getByTestId('graph-toggle-group').click()
  await waitReady(page, { expansion: '' })
  assert.equal(await attr(page, 'data-nodes-drawn'), '6')
  assert.equal(await attr(page, 'data-items-drawn'), '10')
  // every node
  await page.getByTestId('graph-expand-all').click()
  await waitReady(page, { nodes: 122 })
  await page.getByTestId('graph-zoom-in').click()
  await page.getByTestId('graph-fit').click()
  assert.match(await page.getByTestId('graph-status').innerText(), /122 of 122 nodes/)
})

/** The centre of the Cytoscape canvas, where `showGroup` and search put what they select. */
async function canvasCentre(page) {
  const b = await page.getByTestId('graph-canvas').boundingBox()
  return { x: b.x + b.width / 2, y: b.y + b.height / 2 }
}

test('on the canvas: hovering a node names it, clicking a group expands it', async ({ page }) => {
  await openGraph(page, 'resnet50')
  // the outline selects and centres layer2 (drawn collapsed); a click on it in the canvas expands it
  const layer2 = page.locator('[data-testid="graph-group-item"][data-scope="/layer2"]')
  await layer2.getByRole('button', { name: 'layer2' }).click()
  assert.equal(await page.getByTestId('graph-panel-title').innerText(), 'layer2')
  const c = await canvasCentre(page)
  await page.mouse.move(c.x, c.y)
  await page.getByRole('tooltip').waitFor()
  assert.equal(await page.getByRole('tooltip').innerText(), '/layer2')
  await page.mouse.click(c.x, c.y)
  await waitReady(page, { expansionNot: '' })
  assert.equal(await attr(page, 'data-items-drawn'), '13') // layer2 opens onto its four blocks
  // search centres a node: clicking it on the canvas selects it
  await page.getByTestId('graph-search').fill('/layer2/layer2.1/conv1/Conv')
  await page.getByTestId('graph-search-result').first().click()
  await waitReady(page, { nodes: 6 + 7 }) // layer2.1 opens onto its 7 nodes
  // a click on the empty corner clears the selection; one on the centre selects the node again
  const box = await page.getByTestId('graph-canvas').boundingBox()
  await page.mouse.click(box.x + 4, box.y + 4)
  await page.getByTestId('graph-outline').waitFor()
  await page.mouse.click(c.x, c.y)
  assert.equal(await page.getByTestId('graph-panel-title').innerText(), 'Conv')
  assert.match(await page.getByTestId('graph-panel').innerText(), /layer2\.1\/conv1\/Conv/)
})

test('rapid changes: the newest expansion wins and stale layouts never land', async ({ page }) => {
  await openGraph(page, 'gpt2')
  const top = Number(await attr(page, 'data-nodes-drawn'))
  const h3 = page.locator('[data-testid="graph-group-item"][data-scope="/h.3"]')
  // three requests as fast as a user can click, none waited for: every node, then none, then one layer
  await page.getByTestId('graph-expand-all').click()
  await page.getByTestId('graph-collapse-all').click()
  await h3.getByTestId('graph-group-toggle').click()
  await waitReady(page, { expansionNot: '' })
  assert.equal(await h3.getByTestId('graph-group-toggle').innerText(), 'collapse')
  const nodes = Number(await attr(page, 'data-nodes-drawn'))
  assert.ok(nodes > top && nodes < 1535 - Number(await attr(page, 'data-nodes-folded')), `only h.3 is open (${nodes} nodes drawn, ${top} at the top level)`)
  // and it stays so: nothing stale arrives later
  await page.waitForTimeout(1500)
  assert.equal(Number(await attr(page, 'data-nodes-drawn')), nodes)
  assert.equal(await attr(page, 'data-state'), 'ready')
}, { timeoutMs: 120_000 })

test('without its layout worker the view still draws, from the main thread', async ({ page }) => {
  await page.route(/layout\.worker-[^/]*\.js$/, (route) => route.abort())
  await openGraph(page, 'resnet50')
  assert.equal(await attr(page, 'data-layout-error'), 'INTERNAL')
  assert.equal(await attr(page, 'data-engine'), 'layered')
  assert.equal(await attr(page, 'data-items-drawn'), '10')
  assert.match(await page.getByTestId('graph-status').innerText(), /layout worker failed/)
  await page.getByTestId('graph-expand-all').click()
  await waitReady(page, { nodes: 122 })
})

test('the drawn graph downloads as a PNG of the whole view, named after the model', async ({ page }) => {
  await openGraph(page, 'resnet50')
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('graph-png').click()])
  assert.equal(download.suggestedFilename(), 'resnet50-graph.png')
  const png = readFileSync(await download.path())
  assert.deepEqual([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])
  // IHDR: width and height; the whole top-level view of resnet50 is a tall column, drawn at twice the scale
  const width = png.readUInt32BE(16)
  const height = png.readUInt32BE(20)
  assert.ok(height > width && height > 1000, `a tall image of the whole column, got ${width}×${height}`)
  assert.ok(png.length > 20_000, `an image with content, got ${png.length} bytes`)
})
