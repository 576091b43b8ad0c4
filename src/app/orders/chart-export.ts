/**
 * The memory chart as a standalone SVG document and as a PNG.
 *
 * Recharts draws one `<svg class="recharts-surface">`; its look comes partly from attributes and partly
 * from the page's CSS (font, colours of classes), which a downloaded file does not have. The copy inlines
 * the computed values that matter for the look (fill, stroke, font) and paints a background, so the file
 * looks the same opened on its own. The PNG draws that SVG through an `<img>` from a blob URL onto a canvas
 * (the page's policy allows `blob:` images), at twice the size for sharp text.
 */

const STYLE_PROPS = [
  'fill', 'fill-opacity', 'stroke', 'stroke-width', 'stroke-opacity', 'stroke-dasharray', 'opacity',
  'font-family', 'font-size', 'font-weight', 'text-anchor', 'dominant-baseline', 'visibility', 'display',
] as const

/** The chart's main SVG inside `container` (the recharts surface, not a legend icon). */
export function findChartSvg(container: Element): SVGSVGElement | null {
  const all = Array.from(container.querySelectorAll<SVGSVGElement>('svg.recharts-surface'))
  let best: SVGSVGElement | null = null
  let bestArea = 0
  for (const svg of all) {
    const r = svg.getBoundingClientRect()
    if (r.width * r.height > bestArea) {
      best = svg
      bestArea = r.width * r.height
    }
  }
  return best
}

function inlineStyles(source: Element, target: Element): void {
  const cs = getComputedStyle(source)
  const decl: string[] = []
  for (const p of STYLE_PROPS) {
    const v = cs.getPropertyValue(p)
    if (v) decl.push(`${p}:${v}`)
  }
  if (decl.length > 0) target.setAttribute('style', decl.join(';'))
  const sc = source.children
  const tc = target.children
  for (let i = 0; i < sc.length && i < tc.length; i++) inlineStyles(sc[i], tc[i])
}

export interface SvgExport {
  text: string
  width: number
  height: number
}

const SVG_NS = 'http://www.w3.org/2000/svg'
const TITLE_PX = 26

/**
 * A standalone copy of the chart: computed styles inlined, the brush (a control, not data) left out, a white
 * background, and `title` (model, order, peak) in a band above the plot.
 */
export function serializeChartSvg(svg: SVGSVGElement, title = '', background = '#ffffff'): SvgExport {
  const rect = svg.getBoundingClientRect()
  const width = Math.max(1, Math.round(rect.width))
  // the brush sits at the bottom: its band is cut along with it
  const brush = svg.querySelector('.recharts-brush')
  const cut = brush ? Math.round(brush.getBoundingClientRect().height) + 6 : 0
  const plotHeight = Math.max(1, Math.round(rect.height) - cut)
  const top = title ? TITLE_PX : 0
  const height = plotHeight + top
  const copy = svg.cloneNode(true) as SVGSVGElement
  inlineStyles(svg, copy)
  for (const el of Array.from(copy.querySelectorAll('.recharts-brush'))) el.remove()
  const plot = document.createElementNS(SVG_NS, 'g')
  plot.setAttribute('transform', `translate(0, ${top})`)
  while (copy.firstChild) plot.appendChild(copy.firstChild)
  const bg = document.createElementNS(SVG_NS, 'rect')
  for (const [k, v] of [['x', '0'], ['y', '0'], ['width', String(width)], ['height', String(height)], ['fill', background]]) {
    bg.setAttribute(k, v)
  }
  copy.appendChild(bg)
  if (title) {
    const t = document.createElementNS(SVG_NS, 'text')
    for (const [k, v] of [['x', '12'], ['y', '18'], ['font-size', '13'], ['font-weight', '600'], ['fill', '#1c2430'],
      ['font-family', getComputedStyle(svg).fontFamily || 'sans-serif']]) t.setAttribute(k, v)
    t.textContent = title
    copy.appendChild(t)
  }
  copy.appendChild(plot)
  copy.setAttribute('xmlns', SVG_NS)
  copy.setAttribute('xmlns:xlink', 'http://www.w3.org/1999/xlink')
  copy.setAttribute('width', String(width))
  copy.setAttribute('height', String(height))
  copy.setAttribute('viewBox', `0 0 ${width} ${height}`)
  copy.removeAttribute('style')
  const text = '<?xml version="1.0" encoding="UTF-8"?>\n' + new XMLSerializer().serializeToString(copy)
  return { text, width, height }
}

export async function svgToPng(svg: SvgExport, scale = 2): Promise<Blob> {
  const url = URL.createObjectURL(new Blob([svg.text], { type: 'image/svg+xml' }))
  try {
    const img = new Image()
    img.decoding = 'async'
    await new Promise<void>((resolve, reject) => {
      img.onload = () => resolve()
      img.onerror = () => reject(new Error('the chart could not be drawn as an image'))
      img.src = url
    })
    const canvas = document.createElement('canvas')
    canvas.width = Math.round(svg.width * scale)
    canvas.height = Math.round(svg.height * scale)
    const ctx = canvas.getContext('2d')
    if (!ctx) throw new Error('this browser gave no 2D canvas to draw the chart on')
    ctx.scale(scale, scale)
    ctx.drawImage(img, 0, 0, svg.width, svg.height)
    return await new Promise<Blob>((resolve, reject) =>
      canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('the PNG could not be encoded'))), 'image/png'),
    )
  } finally {
    URL.revokeObjectURL(url)
  }
}
