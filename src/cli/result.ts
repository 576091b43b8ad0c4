/**
 * What a command hands back to main: the text for standard output, and for `evaluate`'s mismatch, the exit
 * status 3 with its one line for standard error. Main prints nothing until a command has returned, so a
 * failure never leaves half a result on standard output.
 */

export interface CommandResult {
  stdout: string
  /** 0 unless said otherwise */
  exitCode?: number
  /** one line, only with a non-zero exitCode */
  stderr?: string
}
