/**
 * The main-side owner of one Web Worker behind comlink; every worker of the app (parse, schedule, partition,
 * layout) goes through one of these.
 *
 * - A job runs on a *lane* (e.g. `'model'`, `'schedule'`): the newest request on a lane wins. Starting a job
 *   settles the lane's previous job as `CANCELLED` at once and asks the worker to stop it; its late reply is
 *   dropped by job id, so stale data never reaches the store.
 * - Every job settles with a `Result`, never a rejection: a thrown error inside the worker becomes its
 *   `ErrorInfo` (comlink drops custom error fields, hence the Result), and a crash of the worker (`error` /
 *   `messageerror` events) settles every pending job with `INTERNAL` and discards the worker; the next job
 *   starts a fresh one.
 * - `cancel(lane)` settles the job as `CANCELLED` at once and asks the worker to stop (`api.cancel(jobId)`,
 *   see worker-host.ts). A worker busy in a synchronous loop cannot read that message, so if the job is still
 *   running after `graceMs` the worker is terminated (after `terminate()` a pending comlink call never
 *   settles: we settle it ourselves) and recreated lazily. `generation` counts workers started, so a client
 *   that caches state inside the worker (the parse worker keeps the RawModel) can tell it was lost.
 * - Progress goes through a `Comlink.proxy` callback that is silenced once its job is settled: messages
 *   already in flight after a cancel are ignored.
 * - `run(..., { afterPrevious: true })` supersedes cooperatively: the previous job settles as CANCELLED at
 *   once and is asked to cancel (terminated after `graceMs` if it does not answer), and the new job starts
 *   once the worker has answered the old one — so a worker that reads its messages between slices is not
 *   restarted for every new request. Of several requests waiting so, only the newest starts.
 * - `stop(lane)` is "stop, keep the best": the worker is asked to end the job where it is and answer with
 *   its best result so far (a `StoppableApi`); the job then settles normally with that result. A worker that
 *   does not answer within `graceMs` is cancelled as above (the caller keeps what progress carried).
 */
import * as Comlink from 'comlink'
import { toErrorInfo, type ErrorInfo, type Result } from '../core/errors.ts'

/** What every worker API exposes so jobs can be cancelled cooperatively (worker-host.ts implements it). */
export interface CancellableApi {
  cancel(jobId: number): void
}

/** What a worker API exposes so a job can be ended early with its best result (worker-host.ts `isStopped`). */
export interface StoppableApi extends CancellableApi {
  stop(jobId: number): void
}

export type Progress<P> = (p: P) => void

export interface RunOptions {
  /** start only once the worker has answered the lane's previous job (cooperative supersede; see above) */
  afterPrevious?: boolean
}

/** What a job is given to call the worker: the remote API, its id, and the progress proxy (if any). */
export interface JobCall<Api, P> {
  api: Comlink.Remote<Api>
  jobId: number
  /** a `Comlink.proxy` callback to pass through to the worker; undefined when the caller wants none */
  onProgress: Progress<P> | undefined
}

interface Pending {
  lane: string
  settle: (r: Result<never>) => void
}

export const cancelledInfo = (why: string): ErrorInfo => ({ code: 'CANCELLED', message: why })

const noop = (): void => {}
const delay = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms))

export class WorkerClient<Api extends CancellableApi> {
  private worker: Worker | null = null
  private remote: Comlink.Remote<Api> | null = null
  /** jobs whose caller is still waiting (main side) */
  private readonly pending = new Map<number, Pending>()
  /** jobs the worker has not answered yet (worker side); may outlive `pending` after a cancel */
  private readonly running = new Set<number>()
  private readonly newest = new Map<string, number>()
  private readonly killTimers = new Map<number, ReturnType<typeof setTimeout>>()
  /** per lane: settles when the worker has answered the lane's last job (never, if it was terminated) */
  private readonly replied = new Map<string, Promise<void>>()
  /** per lane: bumped by every request, cancel and stop, so a request waiting for the worker can tell it is stale */
  private readonly tickets = new Map<string, number>()
  private readonly stopTimers = new Map<number, ReturnType<typeof setTimeout>>()
  private nextId = 1
  /** how many workers this client has started; changes when worker-side state was lost */
  generation = 0

  /**
   * @param create starts the worker, e.g.
   *   `() => new Worker(new URL('./parse.worker.ts', import.meta.url), { type: 'module' })`
   *   (the URL must be written literally at the call site for Vite to bundle the worker).
   * @param label names the worker in error messages ("the parse worker stopped…")
   * @param graceMs how long a cancelled job may keep running before the worker is terminated
   * @param stopGraceMs how long a stopped job may take to answer with its best result before it is cancelled
   */
  constructor(
    private readonly create: () => Worker,
    private readonly label: string,
    private readonly graceMs = 500,
    private readonly stopGraceMs = graceMs,
  ) {}

  /** Runs a job on `lane`; the lane's previous job (if any) is superseded. Never rejects. */
  run<T, P = never>(
    lane: string,
    call: (job: JobCall<Api, P>) => Promise<Result<T>>,
    onProgress?: Progress<P>,
    options: RunOptions = {},
  ): Promise<Result<T>> {
    const ticket = this.bump(lane)
    if (!options.afterPrevious) return this.start(lane, call, onProgress)
    if (this.busy(lane)) this.cancel(lane, 'superseded by a newer request')
    this.bump(lane, ticket) // the cancel above must not make this request stale
    const previous = this.replied.get(lane) ?? Promise.resolve()
    return Promise.race([previous, delay(this.graceMs + 100)]).then(() =>
      this.tickets.get(lane) === ticket
        ? this.start(lane, call, onProgress)
        : { ok: false, error: cancelledInfo('superseded by a newer request') },
    )
  }

  /**
   * Stop, keep the best: asks the worker to end the lane's job and answer with its best result so far; if
   * it has not answered within `graceMs`, the job is cancelled (and the worker terminated). A request still
   * waiting for the worker (`afterPrevious`) does not start. Returns false when nothing was running.
   */
  stop(lane: string, why = 'stopped'): boolean {
    this.bump(lane)
    const id = this.newest.get(lane)
    if (id === undefined || !this.pending.has(id) || !this.remote) return false
    const remote = this.remote as unknown as Comlink.Remote<StoppableApi>
    remote.stop(id).catch(noop)
    if (!this.stopTimers.has(id)) {
      this.stopTimers.set(id, setTimeout(() => {
        this.stopTimers.delete(id)
        if (this.pending.has(id)) this.end(id, why, true)
      }, this.stopGraceMs))
    }
    return true
  }

  private bump(lane: string, to?: number): number {
    const t = to ?? (this.tickets.get(lane) ?? 0) + 1
    this.tickets.set(lane, t)
    return t
  }

  private start<T, P>(
    lane: string,
    call: (job: JobCall<Api, P>) => Promise<Result<T>>,
    onProgress?: Progress<P>,
  ): Promise<Result<T>> {
    const prev = this.newest.get(lane)
    if (prev !== undefined && this.pending.has(prev)) this.end(prev, 'superseded by a newer request', false)

    const jobId = this.nextId++
    this.newest.set(lane, jobId)
    let api: Comlink.Remote<Api>
    try {
      api = this.ensure()
    } catch (e) {
      return Promise.resolve({ ok: false, error: toErrorInfo(e) })
    }
    const progress = onProgress
      ? Comlink.proxy((p: P) => {
          if (this.pending.has(jobId)) onProgress(p)
        })
      : undefined

    return new Promise<Result<T>>((resolve) => {
      this.pending.set(jobId, { lane, settle: resolve as (r: Result<never>) => void })
      this.running.add(jobId)
      const generation = this.generation
      const reply = call({ api, jobId, onProgress: progress }).then(
        (r) => this.answered(jobId, generation, r),
        (e: unknown) => this.answered(jobId, generation, { ok: false, error: toErrorInfo(e) }),
      )
      this.replied.set(lane, reply.then(noop, noop))
    })
  }

  /**
   * Cancels the lane's current job (if any): it settles as CANCELLED now; the worker stops or is killed. A
   * request still waiting for the worker (`afterPrevious`) does not start.
   */
  cancel(lane: string, why = 'cancelled'): void {
    this.bump(lane)
    const id = this.newest.get(lane)
    if (id !== undefined && this.pending.has(id)) this.end(id, why, true)
  }

  /** True while the lane's newest job has not settled. */
  busy(lane: string): boolean {
    const id = this.newest.get(lane)
    return id !== undefined && this.pending.has(id)
  }

  /** Terminates the worker; every pending job settles as CANCELLED. */
  dispose(): void {
    this.kill((id) => this.settle(id, { ok: false, error: cancelledInfo(`the ${this.label} worker was closed`) }))
  }

  private ensure(): Comlink.Remote<Api> {
    if (this.remote) return this.remote
    const worker = this.create()
    const onCrash = (what: string) => () => {
      if (this.worker !== worker) return
      const error: ErrorInfo = {
        code: 'INTERNAL',
        message: `the ${this.label} worker stopped unexpectedly (${what}); try again, and report it if it repeats`,
      }
      this.kill((id) => this.settle(id, { ok: false, error }))
    }
    worker.addEventListener('error', (ev: ErrorEvent) => {
      ev.preventDefault()
      onCrash(ev.message || 'it could not start or threw outside a job')()
    })
    worker.addEventListener('messageerror', onCrash('a message could not be read'))
    this.worker = worker
    this.remote = Comlink.wrap<Api>(worker)
    this.generation++
    return this.remote
  }

  private end(jobId: number, why: string, forceful: boolean): void {
    this.settle(jobId, { ok: false, error: cancelledInfo(why) })
    if (!this.running.has(jobId) || !this.remote) return
    this.remote.cancel(jobId).catch(() => {})
    if (!forceful) return
    // A worker stuck in a synchronous loop never reads the cancel message: terminate it after a grace period.
    const generation = this.generation
    this.killTimers.set(
      jobId,
      setTimeout(() => {
        this.killTimers.delete(jobId)
        if (this.running.has(jobId) && this.generation === generation) {
          const error: ErrorInfo = {
            code: 'INTERNAL',
            message: `interrupted: the ${this.label} worker was restarted to stop a job that did not answer its cancel; try again`,
          }
          this.kill((id) => this.settle(id, { ok: false, error }))
        }
      }, this.graceMs),
    )
  }

  private answered(jobId: number, generation: number, r: Result<unknown>): void {
    if (generation !== this.generation) return // a reply from a worker we already discarded
    this.running.delete(jobId)
    const timer = this.killTimers.get(jobId)
    if (timer !== undefined) clearTimeout(timer)
    this.killTimers.delete(jobId)
    this.settle(jobId, r as Result<never>)
  }

  private settle(jobId: number, r: Result<never>): void {
    const stopTimer = this.stopTimers.get(jobId)
    if (stopTimer !== undefined) clearTimeout(stopTimer)
    this.stopTimers.delete(jobId)
    const p = this.pending.get(jobId)
    if (!p) return // already settled (superseded, cancelled, crashed): a stale reply
    this.pending.delete(jobId)
    p.settle(r)
  }

  /** Discards the worker; `each` settles every pending job. */
  private kill(each: (jobId: number) => void): void {
    this.worker?.terminate()
    this.worker = null
    this.remote = null
    for (const t of this.killTimers.values()) clearTimeout(t)
    this.killTimers.clear()
    this.running.clear()
    this.replied.clear() // a terminated worker answers nothing: a waiting request need not wait for it
    for (const id of [...this.pending.keys()]) each(id)
  }
}

export { transfer } from 'comlink'
