/**
 * Ctrl-C for long commands: the first press asks the running search or reader to stop (they poll
 * `isCancelled` and keep their best result so far); a second press quits at once with status 130.
 */

let cancelled = false

export const isCancelled = (): boolean => cancelled

export function installCancelHandler(): void {
  process.on('SIGINT', () => {
    if (cancelled) process.exit(130)
    cancelled = true
  })
}
