/**
 * `memoria <command> …` — the command line over core (docs/spec.md section 3; docs/cli.md).
 *
 * Exit status: 0 when a result is printed; 2 on bad input (any user error code); 1 on an internal error;
 * 3 when `evaluate` finds figures in the given plan that differ from its own (it prints its own); 4 when
 * `verify` finds ONNX Runtime ran another order or a peak more than 1% off the prediction; 130 on
 * Ctrl-C. On a non-zero status nothing goes to standard output and exactly one line goes to standard error,
 * `CODE: what is wrong, and what to do` — except status 3, whose result is the recomputed plan.
 */
import { withCliHints } from './hints.ts'
import { MemoriaError, isUserError, toErrorInfo } from '../core/errors.ts'
import { own } from '../core/names.ts'
import { installCancelHandler, type CommandResult } from './command.ts'
import { usage, HELP } from './usage.ts'

type Command = (argv: string[]) => Promise<CommandResult>

const COMMANDS: Record<string, () => Promise<Command>> = {
  inspect: async () => (await import('./inspect.ts')).inspectCommand,
  schedule: async () => (await import('./schedule.ts')).scheduleCommand,
  partition: async () => (await import('./partition.ts')).partitionCommand,
  evaluate: async () => (await import('./partition.ts')).evaluateCommand,
  verify: async () => (await import('./verify.ts')).verifyCommand,
  tile: async () => (await import('./tile.ts')).tileCommand,
}

function oneLine(s: string): string {
  return s.replace(/\s*\n\s*/g, ' ').trim()
}

async function run(argv: string[]): Promise<CommandResult> {
  const [name, ...rest] = argv
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    return { stdout: `${usage(rest[0])}\n` }
  }
  const load = own(COMMANDS, name) // `memoria constructor` is an unknown command, not Object
  if (load === undefined) {
    throw new MemoriaError('ARG_INVALID', `unknown command ${JSON.stringify(name)}; the commands are ${Object.keys(COMMANDS).join(', ')} — run \`memoria --help\``)
  }
  if (rest.includes('--help') || rest.includes('-h')) return { stdout: `${own(HELP, name)}\n` }
  return (await load())(rest)
}

export async function main(argv: string[]): Promise<number> {
  // A reader that closes the pipe early (`| head`) is not an error of ours.
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(0)
  })
  let result: CommandResult
  try {
    result = await run(argv)
  } catch (e) {
    const info = toErrorInfo(e)
    process.stderr.write(`${info.code}: ${oneLine(withCliHints(info.message))}\n`)
    if (info.code === 'CANCELLED') return 130
    return isUserError(info.code) ? 2 : 1
  }
  const code = result.exitCode ?? 0
  if (code !== 0 && result.stderr !== undefined) process.stderr.write(`${oneLine(result.stderr)}\n`)
  if (result.stdout !== '') process.stdout.write(result.stdout)
  return code
}

/** Runs the command line on this process's arguments and sets its exit status (bin/memoria.mjs calls it). */
export function runMain(): void {
  installCancelHandler()
  main(process.argv.slice(2)).then((code) => {
    process.exitCode = code
  }, (e: unknown) => {
    process.stderr.write(`INTERNAL: ${oneLine(String(e))}; please report it\n`)
    process.exitCode = 1
  })
}

if (process.argv[1] !== undefined && /main\.ts$/.test(process.argv[1])) runMain()
