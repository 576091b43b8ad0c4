/**
 * The operator classes of the `inplace` memory model (docs/spec.md section 2), by ONNX op type (default domain).
 *
 * View operators allocate nothing: output 0 joins the buffer of input 0. Element-wise operators may write
 * output 0 into the buffer of an input with the output's dtype and shape once that buffer has no other
 * consumer left. `BatchNormalization` and `Dropout` count only in inference form (output 0; the extra
 * outputs of the training form allocate as usual). Lookup is O(1).
 */
import { fail } from '../errors.ts'

export const VIEW_OPS: ReadonlySet<string> = new Set([
  'Reshape', 'Flatten', 'Squeeze', 'Unsqueeze', 'Identity', 'Dropout',
])

export const ELEMENTWISE_OPS: ReadonlySet<string> = new Set([
  'Relu', 'LeakyRelu', 'PRelu', 'Elu', 'Selu', 'Sigmoid', 'HardSigmoid', 'HardSwish', 'Tanh', 'Softplus',
  'Softsign', 'Gelu', 'Erf', 'Clip', 'Abs', 'Neg', 'Exp', 'Log', 'Sqrt', 'Reciprocal', 'Floor', 'Ceil',
  'Round', 'Sin', 'Cos', 'Not', 'Add', 'Sub', 'Mul', 'Div', 'Pow', 'Min', 'Max', 'Mod', 'And', 'Or', 'Xor',
  'Equal', 'Less', 'Greater', 'Where', 'BatchNormalization',
])

/** Operators of the default ONNX domain only: a custom-domain `Relu` is not assumed to behave like ONNX's. */
function isDefaultDomain(domain: string): boolean {
  return domain === '' || domain === 'ai.onnx'
}

export function isViewOp(op: string, domain: string): boolean {
  return isDefaultDomain(domain) && VIEW_OPS.has(op)
}

export function isElementwiseOp(op: string, domain: string): boolean {
  return isDefaultDomain(domain) && ELEMENTWISE_OPS.has(op)
}

export type MemoryModel = 'simple' | 'inplace'
export const MEMORY_MODELS: readonly MemoryModel[] = ['simple', 'inplace']

/** The one check of a caller's memory model, for every public entry that takes one (schedule, partition). */
export function checkMemoryModel(model: unknown): MemoryModel {
  if (!MEMORY_MODELS.includes(model as MemoryModel)) fail('ARG_INVALID', `unknown memory model ${JSON.stringify(model)}; use ${MEMORY_MODELS.join(' or ')}`)
  return model as MemoryModel
}
