/**
 * External weights: which data files a model's tensors live in, and whether the files given with the model
 * hold them. ONNX's external data names a `location` relative to the model's folder, an `offset` and a
 * `length`; the planner never needs the bytes (sizes come from dims), so nothing here reads a weight — it
 * checks that each file is there and long enough, through a `lookup(location) → size | null` the platform
 * supplies (a stat beside the model in the CLI, the files dropped or picked with it in the app).
 *
 * A location that is absolute or climbs out of the folder (`..`) is never looked up: ONNX forbids it and a
 * crafted model must not make the planner probe the disk. Every finding is a warning, not an error: the
 * plan is right without the weights; a runtime is what would fail. O(external tensors + files).
 */
import { fmtInt } from '../errors.ts'
import { dtypeBytes } from '../graph/types.ts'
import type { RawModel, RawTensor } from './raw.ts'

export interface ExternalFileUse {
  /** the location as the model writes it, normalised to `/` separators */
  location: string
  tensors: string[]
  /** bytes the file must hold: the largest offset + length of its tensors (null if a size is unknown) */
  endBytes: number | null
  /** where each tensor's bytes end in the file (null if its size is unknown), in `tensors` order */
  ends: (number | null)[]
}

/** The external tensors of the model: initializers and tensor-valued attributes. */
function externalTensors(raw: RawModel): RawTensor[] {
  const out = raw.initializers.filter((t) => t.location.kind === 'external')
  for (const n of raw.nodes) {
    for (const [key, a] of Object.entries(n.attributes)) {
      if (a.type === 'tensor' && a.value.location.kind === 'external') out.push({ ...a.value, name: a.value.name || `${n.name || n.op}.${key}` })
      if (a.type === 'tensors') out.push(...a.value.filter((t) => t.location.kind === 'external'))
    }
  }
  return out
}

/** `null` when the location is absolute or leaves the model's folder; else the cleaned relative path. */
export function relativeLocation(location: string): string | null {
  const s = location.replace(/\\/g, '/')
  if (s.startsWith('/') || /^[A-Za-z]:/.test(s)) return null
  const parts: string[] = []
  for (const p of s.split('/')) {
    if (p === '' || p === '.') continue
    if (p === '..') return null
    parts.push(p)
  }
  return parts.length === 0 ? null : parts.join('/')
}

/** The data files the model's external tensors live in, in the order they first appear. */
export function externalFiles(raw: RawModel): { files: ExternalFileUse[]; outside: { location: string; tensors: string[] }[] } {
  const files = new Map<string, ExternalFileUse>()
  const outside = new Map<string, string[]>()
  for (const t of externalTensors(raw)) {
    if (t.location.kind !== 'external') continue
    const rel = relativeLocation(t.location.location)
    if (rel === null) {
      const list = outside.get(t.location.location) ?? []
      list.push(t.name)
      outside.set(t.location.location, list)
      continue
    }
    const use = files.get(rel) ?? { location: rel, tensors: [], endBytes: 0, ends: [] }
    use.tensors.push(t.name)
    const length = t.location.length ?? dtypeBytes(t.dtype, t.dims)
    use.ends.push(length === null ? null : t.location.offset + length)
    use.endBytes = use.endBytes === null || length === null ? null : Math.max(use.endBytes, t.location.offset + length)
    files.set(rel, use)
  }
  return { files: [...files.values()], outside: [...outside.entries()].map(([location, tensors]) => ({ location, tensors })) }
}

const SHOWN = 3
function names(ts: string[]): string {
  const head = ts.slice(0, SHOWN).map((n) => JSON.stringify(n)).join(', ')
  return ts.length > SHOWN ? `${head} and ${fmtInt(ts.length - SHOWN)} more` : head
}
const tensorsWord = (n: number): string => `${fmtInt(n)} tensor${n === 1 ? '' : 's'}`

/**
 * Warnings for the model's external data given what the platform can see: a file that is missing, one too
 * short for the ranges its tensors name, a location outside the model's folder. `where` says where the
 * files were looked for ("beside model.onnx", "among the files dropped with it") and `how` what to do.
 */
export async function checkExternalData(raw: RawModel, lookup: (location: string) => Promise<number | null>,
  where: string, how: string): Promise<string[]> {
  const { files, outside } = externalFiles(raw)
  const warnings: string[] = []
  for (const o of outside) {
    warnings.push(`the weights of ${names(o.tensors)} are said to be in ${JSON.stringify(o.location)}, outside the model's folder; ONNX allows only a path relative to the model, so it was not looked at (sizes come from the dims; export the model again with its weights beside it)`)
  }
  for (const f of files) {
    const size = await lookup(f.location)
    if (size === null) {
      warnings.push(`weights missing: ${JSON.stringify(f.location)} (${tensorsWord(f.tensors.length)}: ${names(f.tensors)}) is not ${where}; sizes come from the dims, so the plan holds, but ${how}`)
    } else if (f.endBytes !== null && size < f.endBytes) {
      const cut = f.tensors.filter((_, i) => (f.ends[i] ?? 0) > size)
      warnings.push(`weights incomplete: ${JSON.stringify(f.location)} has ${fmtInt(size)} bytes but ${names(cut)} ${cut.length === 1 ? 'ends' : 'end'} past that (it must hold ${fmtInt(f.endBytes)}); the file is cut short — copy it again from where the model came from`)
    }
  }
  return warnings
}
