/**
 * What every command shares: the result it hands back to main, and Ctrl-C.
 *
 * Main prints nothing until a command has returned, so a failure never leaves half a result on standard
 * output. Ctrl-C: the first press asks the running search or reader to stop (they poll `isCancelled`; the
 * searches keep their best result so far); a second press quits at once with status 130.
 */

export interface CommandResult {
  stdout: string
  /** 0 unless said otherwise (`evaluate` uses 3 when the plan's figures differ from its own) */
  exitCode?: number
  /** one line, only with a non-zero exitCode */
  stderr?: string
}

let cancelled = false

export const isCancelled = (): boolean => cancelled

export function installCancelHandler(): void {
  process.on('SIGINT', () => {
    if (cancelled) process.exit(130)
    cancelled = true
  })
}
