/**
 * Defects the campaign finds that are already filed and being fixed on another branch. The fixed-seed run in
 * `npm test` tolerates exactly these (by failure signature, see campaign.ts `signature`), prints them, and
 * fails on anything else; `npm run fuzz` lists them in its table. Delete an entry once its fix is on main.
 */
export interface KnownDefect {
  issue: number
  what: string
  /** matches `signature(result)` of a failure, or `CODE problem` of a badly shaped message */
  match: RegExp
}

export const OPEN_DEFECTS: KnownDefect[] = [
]

export function knownDefect(text: string): KnownDefect | undefined {
  return OPEN_DEFECTS.find((d) => d.match.test(text))
}
