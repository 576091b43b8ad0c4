/**
 * The command that checks an exported order in ONNX Runtime: `memoria verify` with the order JSON this bar
 * downloads (src/cli/verify.ts runs it, pinned so that ORT follows it, and compares the peaks). The page
 * itself never loads ONNX Runtime: this is text to copy into a terminal.
 */
import type { MemoriaGraph } from '../../core/graph/types.ts'

interface Props {
  graph: MemoriaGraph
  /** the model's file name as opened */
  fileName: string
  /** the stem of the downloads (`resnet50-btsearch-inplace`) */
  stem: string
}

/** Quotes a shell word when it holds anything but safe characters. */
function shellWord(s: string): string {
  return /^[\w./=+-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`
}

export function verifyCommandText(graph: MemoriaGraph, fileName: string, stem: string): string {
  const dims = Object.entries(graph.symbols).map(([k, v]) => ` --dim ${shellWord(`${k}=${v}`)}`).join('')
  return `npx memoria verify ${shellWord(fileName)} --order ${shellWord(`${stem}.json`)}${dims}`
}

/** Verifies the downloaded pinned ONNX as it is: `--order file --plain` runs its node order as written (no second pin), so ORT following it shows the pins hold. */
export function verifyPinnedCommandText(graph: MemoriaGraph, stem: string): string {
  const dims = Object.entries(graph.symbols).map(([k, v]) => ` --dim ${shellWord(`${k}=${v}`)}`).join('')
  return `npx memoria verify ${shellWord(`${stem}-pinned.onnx`)} --order file --plain${dims}`
}

export function VerifyCommand({ graph, fileName, stem }: Props) {
  return (
    <>
      <div className="small muted" data-testid="verify-command">
        Check it in ONNX Runtime (download the order JSON, then run): <code>{verifyCommandText(graph, fileName, stem)}</code>
      </div>
      <div className="small muted" data-testid="verify-pinned-command">
        Or check the downloaded pinned ONNX: <code>{verifyPinnedCommandText(graph, stem)}</code>
      </div>
    </>
  )
}
