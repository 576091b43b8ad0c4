/**
 * A pool of fuzz child processes (child.ts under tsx) with a per-case time limit and a memory limit. A case
 * runs in one child. The limit is on the CPU time of the child's main thread from the moment the case is
 * built (read from /proc every 50 ms; the child says when the mutant is ready): the machine is shared, and a
 * case that waits for a core is not hanging. Past `limitMs` of CPU — or `wallLimitMs` of wall clock, for a
 * child that hangs without computing — it is killed and the case is a `hang`; a resident set above
 * `memoryBytes` (and V8's own heap limit just above it) kills it as `memory`; a child that dies otherwise is
 * `untyped`. A killed child is replaced by a spare started in advance (a fresh child takes seconds to load on
 * a busy machine), so the next case starts clean and at once.
 */
import { fork, type ChildProcess } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { CaseSpec } from './cases.ts'
import type { Outcome } from './run-case.ts'

export interface PoolOptions {
  size?: number
  /** CPU time per case (default 2,000 ms) */
  limitMs?: number
  /** wall clock per case (default 20,000 ms): a child that hangs without computing */
  wallLimitMs?: number
  memoryBytes?: number
}

interface Slot {
  child: ChildProcess
  ready: Promise<void>
  busy: boolean
  stderr: string
}

interface Job {
  spec: CaseSpec
  resolve: (o: Outcome) => void
}

function rssBytes(pid: number): number {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))
    return m ? Number(m[1]) * 1024 : 0
  } catch {
    return 0
  }
}

/**
 * user + system CPU time of a process's main thread in ms (/proc/PID/task/PID/stat fields 14 and 15, in
 * clock ticks of 10 ms): the JavaScript thread, which is what wall clock measures on an idle core. V8's GC
 * and compiler helper threads run beside it on the other core and are left out.
 */
function cpuMs(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/task/${pid}/stat`, 'utf8')
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    return (Number(f[11]) + Number(f[12])) * 10
  } catch {
    return 0
  }
}

export class FuzzPool {
  private readonly slots: Slot[] = []
  private readonly queue: Job[] = []
  private spare: Slot | null = null
  private nextId = 0
  readonly limitMs: number
  readonly wallLimitMs: number
  readonly memoryBytes: number

  constructor(opts: PoolOptions = {}) {
    this.limitMs = opts.limitMs ?? 2000
    this.wallLimitMs = opts.wallLimitMs ?? 20_000
    this.memoryBytes = opts.memoryBytes ?? 1024 ** 3
    for (let i = 0; i < (opts.size ?? 2); i++) this.slots.push(this.spawn())
  }

  /** The spare child (started now if there is none), and a new spare behind it. */
  private replacement(): Slot {
    const s = this.spare ?? this.spawn()
    this.spare = this.spawn()
    return s
  }

  private spawn(): Slot {
    const heapMb = Math.ceil(this.memoryBytes / 2 ** 20) + 256
    const child = fork(join(import.meta.dirname, 'child.ts'), [], {
      execArgv: ['--import', 'tsx', `--max-old-space-size=${heapMb}`, '--stack-size=984'],
      serialization: 'advanced',
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    })
    const slot: Slot = { child, busy: false, stderr: '', ready: Promise.resolve() }
    slot.ready = new Promise((resolve) => {
      const onReady = (m: { ready?: boolean }): void => {
        if (m.ready) {
          child.off('message', onReady)
          resolve()
        }
      }
      child.on('message', onReady)
    })
    child.stderr?.on('data', (d: Buffer) => { slot.stderr = (slot.stderr + d.toString()).slice(-4000) })
    return slot
  }

  run(spec: CaseSpec): Promise<Outcome> {
    return new Promise((resolve) => {
      this.queue.push({ spec, resolve })
      this.pump()
    })
  }

  private pump(): void {
    for (let i = 0; i < this.slots.length && this.queue.length > 0; i++) {
      if (!this.slots[i].busy) this.start(i, this.queue.shift() as Job)
    }
  }

  private start(i: number, job: Job): void {
    const slot = this.slots[i]
    slot.busy = true
    void slot.ready.then(() => {
      const id = this.nextId++
      const child = slot.child
      const t0 = performance.now()
      let done = false
      let peak = 0
      const finish = (o: Outcome, replace: boolean): void => {
        if (done) return
        done = true
        clearTimeout(timer)
        clearInterval(poll)
        child.off('message', onMessage)
        child.off('exit', onExit)
        if (replace) {
          child.kill('SIGKILL')
          this.slots[i] = this.replacement()
        }
        this.slots[i].busy = false
        job.resolve(o)
        this.pump()
      }
      const onMessage = (m: { id?: number; outcome?: Outcome; built?: boolean }): void => {
        if (m.id !== id) return
        if (m.built === true && child.pid !== undefined) cpu0 = cpuMs(child.pid)
        else if (m.outcome) finish(m.outcome, false)
      }
      const onExit = (code: number | null, signal: string | null): void => {
        const oom = /heap out of memory|Allocation failed|invalid array length/i.test(slot.stderr) || peak > this.memoryBytes
        const ms = performance.now() - t0
        finish(oom
          ? { class: 'memory', message: `child ran out of memory (peak RSS ${Math.round(peak / 2 ** 20)} MB)`, stage: 'unknown', ms }
          : { class: 'untyped', message: `child died (exit ${code}, signal ${signal}): ${slot.stderr.trim().split('\n').slice(-3).join(' | ')}`, stage: 'unknown', ms }, true)
      }
      const timer = setTimeout(() => {
        finish({ class: 'hang', message: `no answer within ${this.wallLimitMs} ms of wall clock`, stage: 'unknown', ms: performance.now() - t0 }, true)
      }, this.wallLimitMs)
      let cpu0 = child.pid === undefined ? 0 : cpuMs(child.pid)
      const poll = setInterval(() => {
        if (child.pid === undefined) return
        const spent = cpuMs(child.pid) - cpu0
        if (spent > this.limitMs) {
          finish({ class: 'hang', message: `no answer within ${this.limitMs} ms of main-thread CPU time`, stage: 'unknown', ms: performance.now() - t0 }, true)
          return
        }
        peak = Math.max(peak, rssBytes(child.pid))
        if (peak > this.memoryBytes) {
          finish({ class: 'memory', message: `resident memory passed ${Math.round(this.memoryBytes / 2 ** 20)} MB`, stage: 'unknown', ms: performance.now() - t0 }, true)
        }
      }, 50)
      child.on('message', onMessage)
      child.on('exit', onExit)
      slot.stderr = ''
      child.send({ id, spec: job.spec })
    })
  }

  async close(): Promise<void> {
    const all = this.spare ? [...this.slots, this.spare] : this.slots
    await Promise.all(all.map((s) => new Promise<void>((resolve) => {
      if (s.child.exitCode !== null || s.child.signalCode !== null) return resolve()
      s.child.once('exit', () => resolve())
      s.child.kill()
    })))
  }
}
