/**
 * The Cytoscape stylesheet of the graph view. Colours follow graph.css's palette; group boxes are taller
 * and labelled `scope\nN nodes`. Edge width grows with the log of the bytes they carry; edge labels only
 * appear once zoomed in enough to read them (`min-zoomed-font-size`), which also keeps big views fast.
 */
import type { StylesheetJson } from 'cytoscape'

export const CY_STYLE: StylesheetJson = [
  {
    selector: 'node',
    style: {
      shape: 'round-rectangle',
      width: 'data(w)',
      height: 'data(h)',
      label: 'data(label)',
      'text-valign': 'center',
      'text-halign': 'center',
      'font-size': 11,
      'font-family': 'system-ui, sans-serif',
      color: '#1d2433',
      'background-color': '#e8eef8',
      'border-width': 1,
      'border-color': '#8aa0c0',
      'min-zoomed-font-size': 5,
    },
  },
  {
    selector: 'node[kind = "group"]',
    style: {
      'background-color': '#fff4dc',
      'border-color': '#c99a2e',
      'border-width': 2,
      'font-weight': 'bold',
      'font-size': 12,
      'text-wrap': 'wrap',
    },
  },
  // a device colour is a saturated fill: light text on it (dark text on #2563eb is hard to read)
  // (outlined in the fill's colour, so a label wider than its box stays readable outside it)
  {
    selector: 'node[color]',
    style: { 'background-color': 'data(color)', color: '#fff', 'text-outline-color': 'data(color)', 'text-outline-width': 1.5 },
  },
  // a split node's badge (its shares per device) on a second line, a little smaller
  { selector: 'node.badged', style: { 'text-wrap': 'wrap', 'font-size': 10, 'line-height': 1.15 } },
  { selector: 'node.mixed', style: { 'border-style': 'dashed', 'border-width': 3, 'border-color': '#444' } },
  {
    selector: 'edge',
    style: {
      width: 'data(w)',
      'curve-style': 'straight',
      'line-color': '#9aa7b8',
      'target-arrow-color': '#9aa7b8',
      'target-arrow-shape': 'triangle',
      'arrow-scale': 0.7,
      label: 'data(label)',
      'font-size': 9,
      color: '#4b5566',
      'text-background-color': '#ffffff',
      'text-background-opacity': 0.8,
      'text-background-padding': '1px',
      'min-zoomed-font-size': 9,
    },
  },
  // big views: haystack edges (no arrows, no per-edge geometry) and no edge labels to measure
  {
    selector: 'edge.fast',
    style: { 'curve-style': 'haystack', 'haystack-radius': 0, 'target-arrow-shape': 'none', label: '' },
  },
  { selector: 'node.found', style: { 'border-color': '#7b3fe4', 'border-width': 3 } },
  { selector: 'node:selected', style: { 'border-color': '#1f6feb', 'border-width': 4, 'background-color': '#d6e6ff', color: '#1d2433', 'text-outline-width': 0 } },
  { selector: 'node.running', style: { 'background-color': '#ff9f1c', 'border-color': '#b35c00', 'border-width': 4, color: '#1d2433', 'text-outline-width': 0 } },
  { selector: 'node.live', style: { 'border-color': '#e63946', 'border-width': 3 } },
  { selector: 'edge.live', style: { 'line-color': '#e63946', 'target-arrow-color': '#e63946', 'z-index': 9 } },
]

/** Dark mode's replacements for the light palette above (theme.ts); device colours are kept. */
const DARK: Record<string, string> = {
  '#1d2433': '#e3e8ef',
  '#e8eef8': '#243044',
  '#8aa0c0': '#5a6f8f',
  '#fff4dc': '#3a2f14',
  '#9aa7b8': '#66758a',
  '#4b5566': '#a5b0bf',
  '#ffffff': '#121821',
  '#d6e6ff': '#2a3f66',
  '#444': '#bbb',
}

export function cyStyle(theme: 'light' | 'dark'): StylesheetJson {
  if (theme === 'light') return CY_STYLE
  return JSON.parse(JSON.stringify(CY_STYLE), (_k, v: unknown) => (typeof v === 'string' && v in DARK ? DARK[v] : v)) as StylesheetJson
}
