/**
 * TEST-ONLY: an ONNX model in which every name a table is keyed by — tensors, graph inputs and outputs,
 * symbolic dimensions, node names, an operator, a domain, an attribute — is a member of Object.prototype
 * (`constructor`, `__proto__`, `toString`, `hasOwnProperty`, `valueOf`, `isPrototypeOf`): issue 16's first
 * defect. Shared by the core, CLI and app tests of those names.
 *
 *   input  constructor [__proto__, toString, 8]   (two symbols)
 *   weight hasOwnProperty [8]
 *   toString    Relu(constructor)                 → valueOf
 *   __proto__   Add(valueOf, hasOwnProperty)      → toString        (attribute `__proto__` = 1)
 *   constructor valueOf.toString(toString)        → __proto__       (an unknown op: its shape is given)
 *   valueOf     Mul(__proto__, valueOf)           → isPrototypeOf   (the graph output)
 */
import { attr, FLOAT, graph, modelBytes, node, rawBytes, tensor, valueInfo } from '../onnx/testing.ts'
import { nameTable } from '../names.ts'

/** attribute type INT in onnx.proto */
const INT = 2

export function prototypeNamesModel(): Uint8Array {
  return modelBytes(graph({
    name: 'prototype-names',
    node: [
      node('Relu', ['constructor'], ['valueOf'], [], 'toString'),
      node('Add', ['valueOf', 'hasOwnProperty'], ['toString'], [attr('__proto__', { type: INT, i: 1n })], '__proto__'),
      node('toString', ['toString'], ['__proto__'], [], 'constructor', 'valueOf'),
      node('Mul', ['__proto__', 'valueOf'], ['isPrototypeOf'], [], 'valueOf'),
    ],
    initializer: [tensor('hasOwnProperty', FLOAT, [8], { rawData: rawBytes(FLOAT, [1, 2, 3, 4, 5, 6, 7, 8]) })],
    input: [valueInfo('constructor', FLOAT, ['__proto__', 'toString', 8])],
    output: [valueInfo('isPrototypeOf', FLOAT, ['__proto__', 'toString', 8])],
  }), { '': 17, valueOf: 1 })
}

/** The bindings the tests use: `__proto__` = 1, `toString` = 3 (a null-prototype table, as the CLI builds). */
export const PROTOTYPE_DIMS = nameTable([['__proto__', 1], ['toString', 3]])

/** The unknown operator's output, given as the user would with `--shape __proto__=1x3x8`. */
export const PROTOTYPE_SHAPES = nameTable([['__proto__', [1, 3, 8]]])

/** Three devices named after Object.prototype's members, the source among them. */
export function prototypeNamesCluster(): unknown {
  const device = (name: string) => ({ name, gflops: 1, memoryBytes: 1 << 20, bandwidthMbps: 100, latencyMs: 1 })
  return { devices: [device('__proto__'), device('constructor'), device('toString')], router: { broadcast: true }, source: 'toString' }
}
