/**
 * The regression corpus (test/fuzz/corpus/): one case per file pair, no shared manifest —
 * `<case>.<onnx|json>` and `<case>.expect.json` = { kind, expect: "ok" | "<ERROR_CODE>", issue?, note,
 * model? (cluster / plan cases: the public/models file they go with), files? (data files beside an ONNX
 * case: name → size), now? (while the issue is open: what the case does until the fix lands; alternatives
 * joined by `|`) }.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { CORPUS_DIR, type CaseKind, type CaseSpec } from './cases.ts'
import type { Outcome } from './run-case.ts'

export interface Expectation {
  kind: CaseKind
  expect: string
  issue?: number
  note: string
  model?: string
  files?: Record<string, number>
  now?: string
}

export interface CorpusCase {
  name: string
  file: string
  expectation: Expectation
  spec: CaseSpec
}

export function corpusCases(dir = CORPUS_DIR): CorpusCase[] {
  const names = readdirSync(dir)
  return names.filter((n) => n.endsWith('.expect.json')).sort().map((n) => {
    const name = n.slice(0, -'.expect.json'.length)
    const expectation = JSON.parse(readFileSync(join(dir, n), 'utf8')) as Expectation
    const data = names.find((m) => m === `${name}.onnx` || m === `${name}.json`)
    if (data === undefined) throw new Error(`corpus case ${name} has no ${name}.onnx or ${name}.json`)
    const file = join(dir, data)
    return { name, file, expectation, spec: { family: 'file', path: file, kind: expectation.kind, model: expectation.model, files: expectation.files } }
  })
}

/** "ok", a code, or the failure class (untyped / hang / memory): what a case did, in expect.json's terms. */
export function outcomeWord(o: Outcome): string {
  return o.class === 'ok' ? 'ok' : o.class === 'typed' ? (o.code as string) : o.class
}
