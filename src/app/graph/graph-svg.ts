/**
 * The drawn graph as an SVG document (issue 11: "SVG beside PNG"): every drawn node as a rounded box with
 * its label and colours as Cytoscape drew them, every edge as a line between the boxes' borders with an
 * arrow. Built from the model positions (not a screenshot), so it stays sharp at any zoom and is small
 * for big views. O(elements).
 */
import type { Core } from 'cytoscape'

const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')

/** where the segment from the centre `c` towards `p` leaves a w × h box around `c` */
function border(cx: number, cy: number, w: number, h: number, px: number, py: number): [number, number] {
  const dx = px - cx
  const dy = py - cy
  if (dx === 0 && dy === 0) return [cx, cy]
  const t = Math.min(dx === 0 ? Infinity : w / 2 / Math.abs(dx), dy === 0 ? Infinity : h / 2 / Math.abs(dy))
  return [cx + dx * Math.min(1, t), cy + dy * Math.min(1, t)]
}

export function graphSvg(cy: Core, background: string): string {
  const bb = cy.elements().boundingBox()
  const pad = 20
  const x0 = bb.x1 - pad
  const y0 = bb.y1 - pad
  const w = Math.max(1, bb.w + 2 * pad)
  const h = Math.max(1, bb.h + 2 * pad)
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="${x0.toFixed(1)} ${y0.toFixed(1)} ${w.toFixed(1)} ${h.toFixed(1)}" width="${Math.round(w)}" height="${Math.round(h)}" font-family="system-ui, sans-serif">`,
    '<defs><marker id="a" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="6" markerHeight="6" orient="auto-start-reverse"><path d="M0,0L10,5L0,10z" fill="#9aa7b8"/></marker></defs>',
    `<rect x="${x0.toFixed(1)}" y="${y0.toFixed(1)}" width="${w.toFixed(1)}" height="${h.toFixed(1)}" fill="${esc(background)}"/>`,
  ]
  cy.edges().forEach((e) => {
    const s = e.source()
    const t = e.target()
    const sp = s.position()
    const tp = t.position()
    const [ax, ay] = border(sp.x, sp.y, s.width(), s.height(), tp.x, tp.y)
    const [bx, by] = border(tp.x, tp.y, t.width(), t.height(), sp.x, sp.y)
    const width = Number(e.data('w')) || 1
    out.push(`<line x1="${ax.toFixed(1)}" y1="${ay.toFixed(1)}" x2="${bx.toFixed(1)}" y2="${by.toFixed(1)}" stroke="${esc(e.style('line-color'))}" stroke-width="${width.toFixed(2)}" marker-end="url(#a)"/>`)
  })
  cy.nodes().forEach((n) => {
    const p = n.position()
    const nw = n.width()
    const nh = n.height()
    const fill = esc(n.style('background-color'))
    const stroke = esc(n.style('border-color'))
    const dash = n.style('border-style') === 'dashed' ? ' stroke-dasharray="5 3"' : ''
    out.push(`<g><title>${esc(String(n.data('full') ?? n.data('name') ?? ''))}</title>` +
      `<rect x="${(p.x - nw / 2).toFixed(1)}" y="${(p.y - nh / 2).toFixed(1)}" width="${nw.toFixed(1)}" height="${nh.toFixed(1)}" rx="5" fill="${fill}" stroke="${stroke}" stroke-width="${parseFloat(n.style('border-width')) || 1}"${dash}/>`)
    const lines = String(n.data('label') ?? '').split('\n')
    const size = parseFloat(n.style('font-size')) || 11
    const colour = esc(n.style('color'))
    lines.forEach((line, i) => {
      const y = p.y + (i - (lines.length - 1) / 2) * size * 1.2 + size * 0.35
      out.push(`<text x="${p.x.toFixed(1)}" y="${y.toFixed(1)}" font-size="${size}" text-anchor="middle" fill="${colour}">${esc(line)}</text>`)
    })
    out.push('</g>')
  })
  out.push('</svg>')
  return out.join('\n')
}
