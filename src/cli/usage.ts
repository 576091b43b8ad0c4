/** The `--help` texts: the general one, and one per command (docs/cli.md says the same at more length). */
import { own } from '../core/names.ts'

const COMMON = `  --dim NAME=VALUE     bind a symbolic dimension (repeatable); an unbound symbol is 1
  --json               print the result as JSON (warnings inside it, never on standard error)
  -h, --help           this help`

export const HELP: Record<string, string> = {
  inspect: `memoria inspect MODEL [--dim NAME=VALUE]… [--shape NAME=DIMS]… [--json]

Reads MODEL (.onnx, or memoria-graph .json) and prints a summary: name, producer, opset, node count,
operator histogram, weight bytes, inputs and outputs with shapes, symbols and which were assumed, warnings.
With --json, prints the model as memoria-graph JSON (docs/graph-format.md).

  --shape NAME=DIMS    shape of a tensor the model leaves unknown, e.g. --shape x=1x3x224x224 (repeatable)
${COMMON}`,

  schedule: `memoria schedule MODEL [--algo A] [--memory-model M] [--time-limit S] [--max-states N] [--seed N]
                      [--samples N] [--shape NAME=DIMS]… [--dim NAME=VALUE]… [--json]

Finds an execution order of MODEL's nodes and its peak activation memory.

  --algo A             btsearch (default: exact, branch and bound), file, bfs, dfs, greedy, random
  --memory-model M     inplace (default) or simple (docs/spec.md section 2)
  --time-limit S       seconds btsearch may search before returning its best order unproven (default 60)
  --max-states N       states btsearch may explore before returning its best order unproven
  --seed N             seed of the random orders (default 1)
  --samples N          number of random orders drawn by --algo random (default 100)
  --shape NAME=DIMS    shape of a tensor the model leaves unknown, e.g. --shape x=1x3x224x224 (repeatable)
${COMMON}`,

  partition: `memoria partition MODEL --cluster CLUSTER.json [--algo A] [--seed N] [--generations N]
                       [--memory-model M] [--min-memory] [--shape NAME=DIMS]… [--dim NAME=VALUE]… [--json]

Splits MODEL across the devices of CLUSTER.json (docs/spec.md section 4) and prints the plan.

  --cluster FILE       the devices, the router and the source device (required)
  --algo A             geneflow (default), greedy, channel, spatial, pipeline, single
  --seed N             seed of the genetic search (default 1)
  --generations N      generations of the genetic search (default: docs/cli.md)
  --memory-model M     inplace (default) or simple
  --min-memory         also the smallest uniform per-device memory that fits (and the old global-order one)
  --shape NAME=DIMS    shape of a tensor the model leaves unknown (repeatable)
${COMMON}`,

  evaluate: `memoria evaluate MODEL --cluster CLUSTER.json --plan PLAN.json [--dim NAME=VALUE]… [--json]

Recomputes every figure of PLAN.json from scratch and prints the plan with them. Exits 3 (after printing
its own figures) when the plan's figures differ from the recomputed ones.

  --cluster FILE       the devices, the router and the source device (required)
  --plan FILE          a plan written by \`partition --json\` (required)
  --shape NAME=DIMS    shape of a tensor the model leaves unknown (repeatable)
${COMMON}`,

  verify: `memoria verify MODEL [--order file|btsearch|ort-default|ort-pinned|ORDER.json] [--memory-model M] [--seed N] [--plain]
                    [--out FILE] [--time-limit S] [--shape NAME=DIMS]… [--dim NAME=VALUE]… [--json]

Runs MODEL (.onnx) in ONNX Runtime (onnxruntime-node; sequential, optimisations off, one thread), with its
missing weights and its inputs filled with seeded random values, in the planned order, exported pinned so
that ORT follows it. Prints the predicted and the observed peak (ORT's allocator statistics), their ratio,
whether ORT ran exactly the planned order and where it first diverged, and the run time. Exits 4 (after
printing) when the order differs or the peaks differ by more than 1%.

  --order O            btsearch (default), file, ort-default (a plain file order ORT's own walk runs, with the
                       lowest ORT peak found), ort-pinned (the file's and BTSearch's orders refined for ORT's
                       allocator, exported pinned), or a JSON file: \`schedule --json\` output or an array of
                       node names
  --memory-model M     the prediction: ort (default: ORT's allocation plan), inplace or simple
  --seed N             seed of the random weights and inputs (default 1)
  --plain              export the order as plain file order, without the ties that pin it for ORT
  --out FILE           also write the exported model (pinned unless --plain; weights as in MODEL) to FILE
  --time-limit S       seconds btsearch may search (default 60)
  --shape NAME=DIMS    shape of a tensor the model leaves unknown (repeatable)
${COMMON}`,

  tile: `memoria tile MODEL [--max-overhead P] [--tiles T] [--memory-model M] [--out TILED.onnx]
                  [--shape NAME=DIMS]… [--dim NAME=VALUE]… [--json]

Runs the first stages of MODEL tile by tile over output rows (patch-based execution, docs/tiling.md): the
region from the input and the tile count with the smallest peak, ordered by BTSearch.

  --max-overhead P     extra FLOPs allowed, in % of the model's (default 15)
  --tiles T            only this tile count (default: tries 2, 3, 4, 6, 8, 16)
  --memory-model M     inplace (default) or simple
  --out FILE           write the tiled model as ONNX (from an .onnx MODEL)
  --shape NAME=DIMS    shape of a tensor the model leaves unknown (repeatable)
${COMMON}`,
}

export function usage(command?: string): string {
  const help = command === undefined ? undefined : own(HELP, command)
  if (help !== undefined) return help
  return `memoria — plan the execution order and the multi-device split of an ONNX model

Usage: memoria <command> MODEL [flags]      (or: npm run -s cli -- <command> MODEL [flags])

Commands:
  inspect MODEL                                  the model's summary, or with --json its memoria-graph
  schedule MODEL                                 an execution order with the smallest peak memory
  partition MODEL --cluster C.json               a split of the model across devices
  evaluate MODEL --cluster C.json --plan P.json  every figure of a plan, recomputed
  verify MODEL [--order O]                       run the planned order in ONNX Runtime and compare
  tile MODEL                                     tiled execution of the first stages, for a lower peak

MODEL is an .onnx file or a memoria-graph .json. Relative paths are resolved against the folder you ran
the command in. Run \`memoria <command> --help\` for a command's flags.

Exit status: 0 result printed; 2 bad input; 1 internal error; 3 evaluate found differing figures;
4 verify found ONNX Runtime ran another order or a peak more than 1% off.
On a non-zero status one line goes to standard error: CODE: what is wrong, and what to do.`
}
