import { formatBytes, formatShape } from '../format.ts'
import type { TensorRow } from '../model/summary.ts'

export function TensorTable({ rows, testId }: { rows: TensorRow[]; testId: string }) {
  if (rows.length === 0) return <p className="muted">none</p>
  return (
    <table className="tensor-table" data-testid={testId}>
      <tbody>
        {rows.map((r) => (
          <tr key={r.name}>
            <td className="tensor-name" title={r.name}>
              {r.name}
            </td>
            <td className="mono">
              {r.dtype} {formatShape(r.shape)}
            </td>
            <td className="num" data-bytes={r.bytes ?? ''}>
              {formatBytes(r.bytes)}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}
