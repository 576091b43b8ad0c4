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

function TensorRows({ names, tensors }: { names: string[]; tensors: Map<string, TensorInfo> }) {
  const shown = names.filter((n) => n !== '')
  if (shown.length === 0) return <p className="mg-muted">none</p>
  return (
    <table className="mg-tensors">
      <tbody>
        {shown.map((n) => {
          const t = tensors.get(n)
          return (
            <tr key={n} data-testid="graph-tensor" data-kind={t?.kind}>
              <td className="mg-name" title={`${n} (${t?.kind ?? 'unknown'})`}>
                <div className="mg-tname">
                  {t?.kind === 'weight' && <span className="mg-tag">W</span>}
                  {/* cut at the start: names share long scope prefixes, their ends tell them apart */}
                  <span className="mg-tail"><bdi>{n}</bdi></span>
                </div>
              </td>
              <td className="mg-shape" title={t?.dtype ?? 'unknown type'}>
                {formatShape(t?.shape ?? null)} <span className="mg-muted">{t?.dtype ?? '?'}</span>
              </td>
              <td className="mg-num">{formatBytes(t?.bytes ?? null)}</td>
            </tr>
          )
        })}
      </tbody>
    </table>
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

export function GraphPanel({ graph, tree, tensors, selection, expanded, onToggleGroup, onSelectGroup, badge }: Props) {
  if (selection === null) {
    const root = tree.groups[0]
    return (
      <aside className="mg-panel" data-testid="graph-panel">
        <h3>{graph.name || 'graph'}</h3>
        <p>{formatInt(root.nodeCount)} nodes in {formatInt(tree.groups.length - 1)} groups · {formatFlops(root.flops)}</p>
        <p className="mg-muted">Click a node for its properties, a group to expand it. Ctrl+F searches.</p>
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
      <TensorRows names={node.inputs} tensors={tensors} />
      <h4>Outputs</h4>
      <TensorRows names={node.outputs} tensors={tensors} />
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
