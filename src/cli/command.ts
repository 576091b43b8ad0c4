/**
 * What every command shares: the result it hands back to main, and Ctrl-C.
 *
 * Main prints nothing until a command has returned, so a failure never leaves half a result on standard
 * output. Ctrl-C: the first press asks the running search or reader to stop (they poll `isCancelled`; the
 * searches keep their best result so far); a second press quits at once with status 130.
 */
import { writeSync } from 'node:fs'

export interface CommandResult {
  stdout: string
  /** 0 unless said otherwise (`evaluate` uses 3 when the plan's figures differ from its own) */
  exitCode?: number
  /** one line, only with a non-zero exitCode */
  stderr?: string
}

let cancelled = false

export const isCancelled = (): boolean => cancelled

/**
 * With `MEMORIA_READY_FD=N` in the environment, one line `ready` goes to descriptor N the first time a command's
 * search is under way (between two of its slices). The Ctrl-C tests press Ctrl-C then rather than after a
 * guessed delay, which a loaded machine's slow start-up outran. Without the variable nothing is written.
 */
let readySent = false
export function signalReady(): void {
  if (readySent) return
  readySent = true
  const fd = Number(process.env.MEMORIA_READY_FD)
  if (Number.isInteger(fd) && fd > 2) writeSync(fd, 'ready\n')
}

export function installCancelHandler(): void {
  process.on('SIGINT', () => {
    if (cancelled) process.exit(130)
    cancelled = true
  })
}
