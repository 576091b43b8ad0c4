/**
 * The command line's own hints on core's messages. Core words its errors and warnings for every front end
 * (the app shows them too: "bind a value to it", "give its shape"); here the flags that do it on the command
 * line are added where such a phrase occurs, so the terminal still says exactly what to type. A message
 * without those phrases passes unchanged.
 */
const RULES: [RegExp, string][] = [
  // assumed symbols (build.ts) and unknown sizes (indexed.ts)
  [/\bbind a value to (it|them)\b/g, 'bind a value to $1 with --dim NAME=VALUE'],
  [/\bbind a value to ([^;]+?), or give the shape of each\b/g, 'bind a value to $1 with --dim NAME=VALUE, or give the shape of each with --shape NAME=1x3x224x224'],
  [/\bgive the shape of each\b(?! with)/g, 'give the shape of each with --shape NAME=1x3x224x224'],
  // unknown shapes (build.ts)
  [/\bgive (its shape|their shapes)\b/g, 'give $1 with --shape NAME=DIMS'],
  [/\bgiving the upstream shapes\b/g, 'giving the upstream shapes with --shape'],
  [/^a given shape\b/g, 'a given shape (--shape)'],
  // unknown shapes before partitioning (partition/problem.ts)
  [/\bbind a value to each symbol\b/g, 'bind a value to each symbol with --dim NAME=VALUE'],
  // symbol bindings on a memoria-graph (graph-json.ts)
  [/\bthe binding ([^\s=]+) = (\d+):/g, '--dim $1=$2:'],
  [/\bexport it again from the ONNX model with ([^\s=]+) = (\d+)$/g, 'export it again from the ONNX model with --dim $1=$2'],
  // what the planner reads (graph-json-check.ts, graph-json.ts, load.ts)
  [/\bthe planner's graph export\b,?/g, "the planner's graph export, `memoria inspect --json`,"],
  [/\bimport it as the cluster, not as the model\b/g, 'pass it with --cluster'],
  [/\bload it as a plan, not as the model\b/g, 'pass it with --plan'],
  // the ORT pin (onnx/pin.ts) and tiling (tiling/plan.ts)
  [/\bplan for the ort-default target\b/g, 'plan for the ort-default target (--target ort-default)'],
  [/\ballow a larger FLOPs overhead\b/g, 'allow a larger FLOPs overhead with --max-overhead'],
]

export function withCliHints(message: string): string {
  let out = message
  for (const [re, to] of RULES) out = out.replace(re, to)
  return out
}
