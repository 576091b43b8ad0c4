/**
 * What the app says for each error code. Core's message says where (byte offset, node) and what to do; this
 * adds the headline a user reads first. `CANCELLED` is not here on purpose: a cancel is never a banner.
 */
import type { ErrorCode, ErrorInfo } from '../core/errors.ts'

const TITLES: Record<Exclude<ErrorCode, 'CANCELLED'>, string> = {
  FILE_EMPTY: 'The file is empty.',
  FILE_NOT_FOUND: 'The file could not be read.',
  ONNX_NOT_A_MODEL: 'This file is not an ONNX model or a memoria-graph JSON.',
  ONNX_TRUNCATED: 'This ONNX file is cut short.',
  ONNX_MALFORMED: 'This ONNX file is damaged.',
  GRAPH_JSON_INVALID: 'This JSON is not a valid memoria-graph.',
  GRAPH_CYCLE: 'The graph has a cycle, so no execution order exists.',
  GRAPH_DANGLING_INPUT: 'A node reads a tensor that nothing produces.',
  GRAPH_DUPLICATE_OUTPUT: 'Two nodes produce the same tensor.',
  GRAPH_EMPTY: 'The model has no nodes.',
  SHAPE_UNKNOWN: 'Some tensor sizes are unknown.',
  SHAPE_INVALID: 'A tensor shape is invalid.',
  ARG_INVALID: 'A setting is invalid.',
  CLUSTER_INVALID: 'The device cluster is invalid.',
  CLUSTER_TOO_LARGE: 'The cluster has more devices than the planner supports.',
  PLAN_INVALID: 'The plan is invalid.',
  INFEASIBLE_MEMORY: 'The model does not fit in the memory given.',
  INTERNAL: 'Something went wrong inside the planner.',
}

export interface UserMessage {
  code: ErrorCode
  /** what the user was doing, e.g. "Could not open model.onnx." */
  context?: string
  title: string
  detail: string
}

/** null for a cancel (nothing to show) */
export function userMessage(error: ErrorInfo, context?: string): UserMessage | null {
  if (error.code === 'CANCELLED') return null
  const title = TITLES[error.code] ?? TITLES.INTERNAL
  return { code: error.code, context, title, detail: asSentence(error.message) }
}

/**
 * Core's messages start in lower case (they follow `CODE: ` on the command line); a banner reads as a
 * sentence, so a first plain word ("the", "loading") is capitalised. A message that starts with a file or
 * tensor name (`empty.onnx is empty`, `gpt2.json starts like JSON`) keeps it as written: only a first word of
 * lower-case letters alone, maybe followed by `,;:`, is a plain word.
 */
export function asSentence(message: string): string {
  const first = message.split(/\s/, 1)[0] ?? ''
  if (!/^[a-z]+[,;:]?$/.test(first)) return message
  return message.charAt(0).toUpperCase() + message.slice(1)
}
