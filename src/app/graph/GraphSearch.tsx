/**
 * Search by node name or operator (case-insensitive substring), over every node of the graph — not only the
 * visible ones: choosing a result expands the groups around it and centres it. Ctrl+F focuses the box while
 * the pointer or focus is in this view, or when it is the only graph view shown; otherwise it stays the
 * browser's find.
 */
import { useEffect, useMemo, useRef, useState, type RefObject } from 'react'
import type { MemoriaGraph } from '../../core/graph/types.ts'

const MAX_RESULTS = 50

interface Props {
  graph: MemoriaGraph
  viewRef: RefObject<HTMLDivElement | null>
  onPick(node: number): void
  onResults(nodes: number[]): void
}

export function searchNodes(graph: MemoriaGraph, query: string, limit: number): number[] {
  const q = query.trim().toLowerCase()
  if (q === '') return []
  const exactOp: number[] = []
  const other: number[] = []
  graph.nodes.forEach((n, i) => {
    if (n.op.toLowerCase() === q) exactOp.push(i)
    else if (n.name.toLowerCase().includes(q) || n.op.toLowerCase().includes(q)) other.push(i)
  })
  return [...exactOp, ...other].slice(0, limit)
}

export function GraphSearch({ graph, viewRef, onPick, onResults }: Props) {
  const [query, setQuery] = useState('')
  const [open, setOpen] = useState(false)
  const inputRef = useRef<HTMLInputElement | null>(null)
  const results = useMemo(() => searchNodes(graph, query, MAX_RESULTS), [graph, query])
  // a new graph clears the search (state adjusted during render, not in an effect)
  const [forGraph, setForGraph] = useState(graph)
  if (forGraph !== graph) {
    setForGraph(graph)
    setQuery('')
  }

  useEffect(() => {
    const onKey = (ev: KeyboardEvent): void => {
      if (!(ev.ctrlKey || ev.metaKey) || ev.key.toLowerCase() !== 'f') return
      const view = viewRef.current
      // a view in a hidden tab leaves Ctrl+F to the browser (or to the view that is shown)
      if (view === null || view.offsetParent === null) return
      const shown = [...document.querySelectorAll<HTMLElement>('[data-testid="graph-view"]')].filter((v) => v.offsetParent !== null)
      const inside = view.matches(':hover') || view.contains(document.activeElement)
      if (!inside && shown.length > 1) return
      ev.preventDefault()
      inputRef.current?.focus()
      inputRef.current?.select()
      setOpen(true)
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [viewRef])

  const pick = (i: number): void => {
    setOpen(false)
    onPick(i)
  }

  return (
    <div className="mg-search">
      <input
        ref={inputRef}
        type="search"
        placeholder="Search name or operator (Ctrl+F)"
        aria-label="Search nodes by name or operator"
        data-testid="graph-search"
        value={query}
        onChange={(e) => {
          setQuery(e.target.value)
          setOpen(true)
          onResults(searchNodes(graph, e.target.value, MAX_RESULTS))
        }}
        onFocus={() => setOpen(true)}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && results.length > 0) pick(results[0])
          if (e.key === 'Escape') setOpen(false)
        }}
      />
      {open && query.trim() !== '' && (
        <ul className="mg-results" data-testid="graph-search-results" role="listbox">
          {results.length === 0 && <li className="mg-muted">no match</li>}
          {results.map((i) => (
            <li key={i} role="option" aria-selected={false}>
              <button type="button" onClick={() => pick(i)} data-testid="graph-search-result" title={graph.nodes[i].name}>
                <b>{graph.nodes[i].op}</b> <span className="mg-name">{graph.nodes[i].name}</span>
              </button>
            </li>
          ))}
          {results.length === MAX_RESULTS && <li className="mg-muted">first {MAX_RESULTS} shown; refine the search</li>}
        </ul>
      )}
    </div>
  )
}
