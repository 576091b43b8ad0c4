/**
 * The property panel of the graph view: the selected node (operator, attributes, input and output tensors
 * with shapes and bytes, FLOPs, weight bytes) or the selected group (aggregates, top operators), with the
 * chain of enclosing groups so any of them can be collapsed from here. Names are rendered as text only.
 */
import { weightTotal } from '../../core/graph/node-weights.ts'
import type { AttrValue, MemoriaGraph, TensorInfo } from '../../core/graph/types.ts'
import { groupsOfNode, ancestorsOfGroup, topOps, type GroupTree } from '../../core/view/groups.ts'
import { formatBytes, formatFlops, formatInt, formatShape } from '../format.ts'

export type Selection = { kind: 'node' | 'group'; index: number }

interface Props {
  graph: MemoriaGraph
  tree: GroupTree
  tensors: Map<string, TensorInfo>
  selection: Selection | null
  expanded: ReadonlySet<number>
  onToggleGroup(group: number): void
  onSelectGroup(group: number): void
  /** the selected node's badge in the plan view (its split across devices) */
  badge?: string
  /** a neighbour chosen in the panel (producer of an input, consumer of an output) */
  onSelectNode(node: number): void
}

function fmtAttr(v: AttrValue): string {
  if (typeof v === 'number' || typeof v === 'string') return String(v)
  if (Array.isArray(v)) {
    const parts = (v as unknown[]).map((x) => (typeof x === 'object' && x !== null ? 'tensor' : String(x)))
    return `[${parts.length > 16 ? [...parts.slice(0, 16), '…'].join(', ') : parts.join(', ')}]`
  }
  if ('graph' in v) return `subgraph of ${v.graph.nodes} nodes`
  const values = v.values === undefined ? '' : ` = ${v.values.slice(0, 8).join(', ')}${v.values.length > 8 ? ', …' : ''}`
  return `${v.dtype ?? '?'}[${v.shape.join(', ')}]${values}`
}

/**
 * Tensors as a list: the whole name on its own line (wrapped, never cut: names that share long scope
 * prefixes differ at their ends), then shape, type and bytes; the node reading or making it as a button,
 * so Tab walks from node to node through the panel.
 */
function TensorRows({ names, tensors, neighbours, graph, onSelectNode }: {
  names: string[]
  tensors: Map<string, TensorInfo>
  /** per tensor: the nodes on its other end (producer of an input, consumers of an output) */
  neighbours: (tensor: string) => number[]
  graph: MemoriaGraph
  onSelectNode(node: number): void
}) {
  const shown = names.filter((n) => n !== '')
  if (shown.length === 0) return <p className="mg-muted">none</p>
  return (
    <ul className="mg-tensors">
      {shown.map((n) => {
        const t = tensors.get(n)
        const ends = neighbours(n)
        return (
          <li key={n} data-testid="graph-tensor" data-kind={t?.kind}>
            <div className="mg-name" title={`${n} (${t?.kind ?? 'unknown'})`}>
              {t?.kind === 'weight' && <span className="mg-tag">W</span>}
              <bdi>{n}</bdi>
            </div>
            <div className="mg-tensor-facts">
              <span className="mg-shape">{formatShape(t?.shape ?? null)}</span>{' '}
              <span className="mg-muted">{t?.dtype ?? 'unknown type'}</span>{' · '}
              <span className="mg-num">{formatBytes(t?.bytes ?? null)}</span>
            </div>
            {ends.length > 0 && (
              <div className="mg-ends">
                {ends.slice(0, 8).map((v) => (
                  <button key={v} type="button" className="mg-link" data-testid="graph-neighbour" title={graph.nodes[v].name}
                    onClick={() => onSelectNode(v)}>
                    {graph.nodes[v].op} <span className="mg-muted">{graph.nodes[v].name.split('/').pop()}</span>
                  </button>
                ))}
                {ends.length > 8 && <span className="mg-muted">… {ends.length - 8} more</span>}
              </div>
            )}
          </li>
        )
      })}
    </ul>
  )
}

function Scopes({ chain, tree, expanded, onToggleGroup, onSelectGroup }: {
  chain: number[]
  tree: GroupTree
  expanded: ReadonlySet<number>
  onToggleGroup(g: number): void
  onSelectGroup(g: number): void
}) {
  if (chain.length === 0) return null
  return (
    <ol className="mg-scopes" aria-label="enclosing groups">
      {chain.map((g) => (
        <li key={g}>
          <button type="button" className="mg-link" onClick={() => onSelectGroup(g)} title={tree.groups[g].scope}>
            {tree.groups[g].label}
          </button>
          {expanded.has(g) && (
            <button type="button" className="mg-small" onClick={() => onToggleGroup(g)} data-testid="graph-collapse">
              collapse
            </button>
          )}
        </li>
      ))}
    </ol>
  )
}

const OUTLINE_MAX = 80

/** The top-level groups as a list: the keyboard's (and a screen reader's) way into the groups. */
function Outline({ tree, expanded, onToggleGroup, onSelectGroup }: {
  tree: GroupTree
  expanded: ReadonlySet<number>
  onToggleGroup(g: number): void
  onSelectGroup(g: number): void
}) {
  const top = tree.groups[0].childGroups
  if (top.length === 0) return null
  return (
    <>
      <h4>Groups</h4>
      <ul className="mg-outline" data-testid="graph-outline">
        {top.slice(0, OUTLINE_MAX).map((g) => (
          <li key={g} data-testid="graph-group-item" data-scope={tree.groups[g].scope}>
            <button type="button" className="mg-link" onClick={() => onSelectGroup(g)} title={tree.groups[g].scope}>
              {tree.groups[g].label}
            </button>
            <span className="mg-muted"> {formatInt(tree.groups[g].nodeCount)}</span>
            <button type="button" className="mg-small" onClick={() => onToggleGroup(g)} data-testid="graph-group-toggle">
              {expanded.has(g) ? 'collapse' : 'expand'}
            </button>
          </li>
        ))}
        {top.length > OUTLINE_MAX && <li className="mg-muted">… {top.length - OUTLINE_MAX} more</li>}
      </ul>
    </>
  )
}

/** producers and consumers by tensor name, once per graph */
const linksCache = new WeakMap<MemoriaGraph, { producer: Map<string, number>; consumers: Map<string, number[]> }>()
function linksOf(graph: MemoriaGraph) {
  let l = linksCache.get(graph)
  if (l === undefined) {
    const producer = new Map<string, number>()
    const consumers = new Map<string, number[]>()
    graph.nodes.forEach((n, i) => {
      for (const o of n.outputs) if (o !== '') producer.set(o, i)
      for (const t of n.inputs) {
        if (t === '') continue
        const c = consumers.get(t)
        if (c === undefined) consumers.set(t, [i])
        else if (c[c.length - 1] !== i) c.push(i)
      }
    })
    l = { producer, consumers }
    linksCache.set(graph, l)
  }
  return l
}

export function GraphPanel({ graph, tree, tensors, selection, expanded, onToggleGroup, onSelectGroup, badge, onSelectNode }: Props) {
  if (selection === null) {
    const root = tree.groups[0]
    return (
      <aside className="mg-panel" data-testid="graph-panel">
        <h3>{graph.name || 'graph'}</h3>
        <p>{formatInt(root.nodeCount)} nodes in {formatInt(tree.groups.length - 1)} groups · {formatFlops(root.flops)}</p>
        <p className="mg-muted">Click a node for its properties, a group to expand it. Ctrl+F searches; Esc clears the selection; ? lists the shortcuts.</p>
        <Outline tree={tree} expanded={expanded} onToggleGroup={onToggleGroup} onSelectGroup={onSelectGroup} />
      </aside>
    )
  }
  if (selection.kind === 'group') {
    const g = tree.groups[selection.index]
    return (
      <aside className="mg-panel" data-testid="graph-panel">
        <Scopes chain={ancestorsOfGroup(tree, selection.index)} {...{ tree, expanded, onToggleGroup, onSelectGroup }} />
        <h3 data-testid="graph-panel-title" title={g.scope}>{g.label}</h3>
        <p className="mg-name">{g.scope}</p>
        <dl className="mg-facts">
          <dt>nodes</dt><dd>{formatInt(g.nodeCount)}</dd>
          <dt>FLOPs</dt><dd>{formatFlops(g.flops)}</dd>
          <dt>output bytes</dt>
          <dd>{formatBytes(g.outputBytes)}{g.unknownOutputs > 0 ? ` + ${g.unknownOutputs} unknown` : ''}</dd>
          <dt>weight bytes</dt>
          <dd>{formatBytes(g.weightBytes)}{g.unknownWeights > 0 ? ` + ${g.unknownWeights} unknown` : ''}</dd>
          <dt>operators</dt><dd>{topOps(g, 6).map(([op, n]) => `${op} ×${n}`).join(', ')}</dd>
        </dl>
        <button type="button" onClick={() => onToggleGroup(selection.index)} data-testid="graph-toggle-group">
          {expanded.has(selection.index) ? 'Collapse' : 'Expand'}
        </button>
      </aside>
    )
  }
  const node = graph.nodes[selection.index]
  const weights = weightTotal(graph, [selection.index])
  const attrs = Object.entries(node.attributes)
  const links = linksOf(graph)
  return (
    <aside className="mg-panel" data-testid="graph-panel">
      <Scopes chain={groupsOfNode(tree, selection.index)} {...{ tree, expanded, onToggleGroup, onSelectGroup }} />
      <h3 data-testid="graph-panel-title">{node.domain ? `${node.domain}.${node.op}` : node.op}</h3>
      <p className="mg-name" title={node.name}>{node.name}</p>
      <dl className="mg-facts">
        <dt>FLOPs</dt><dd>{formatFlops(node.flops)}</dd>
        <dt>weight bytes</dt><dd data-testid="graph-panel-weight-bytes">{formatBytes(weights.bytes)}{weights.unknown > 0 ? ` + ${weights.unknown} unknown` : ''}</dd>
        {badge !== undefined && <><dt>split</dt><dd data-testid="graph-panel-badge">{badge}</dd></>}
      </dl>
      <h4>Inputs</h4>
      <TensorRows names={node.inputs} tensors={tensors} graph={graph} onSelectNode={onSelectNode}
        neighbours={(t) => { const p = links.producer.get(t); return p === undefined ? [] : [p] }} />
      <h4>Outputs</h4>
      <TensorRows names={node.outputs} tensors={tensors} graph={graph} onSelectNode={onSelectNode}
        neighbours={(t) => links.consumers.get(t) ?? []} />
      <h4>Attributes</h4>
      {attrs.length === 0 ? <p className="mg-muted">none</p> : (
        <dl className="mg-attrs">
          {attrs.map(([k, v]) => (
            <div key={k}><dt>{k}</dt><dd>{fmtAttr(v)}</dd></div>
          ))}
        </dl>
      )}
    </aside>
  )
}
