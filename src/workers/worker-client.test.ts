import * as Comlink from 'comlink'
import { describe, expect, it } from 'vitest'
import type { Result } from '../core/errors.ts'
import { checkCancelled, createJobs } from './worker-host.ts'
import { WorkerClient } from './worker-client.ts'

/** A stand-in for a Worker: comlink over a MessageChannel in this thread, with terminate() and crash(). */
interface Fake {
  worker: Worker
  terminated: boolean
  crash(message: string): void
}

interface TestApi {
  cancel(jobId: number): void
  /** resolves after `ms`, or CANCELLED once cancelled (checks every 5 ms) */
  wait(jobId: number, ms: number, value: string, onProgress?: (p: number) => void): Promise<Result<string>>
  /** never settles and never reads a cancel (a worker stuck in a synchronous loop) */
  stuck(jobId: number): Promise<Result<string>>
  boom(jobId: number): Promise<Result<string>>
  stop(jobId: number): void
  /** counts up every 5 ms until stopped, then returns the count reached (its "best so far"); cancellable */
  climb(jobId: number): Promise<Result<number>>
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

function fakeWorkers() {
  const made: Fake[] = []
  const cancels: number[] = []
  /** the jobs the workers started, in order */
  const started: number[] = []
  const create = () => {
    const jobs = createJobs()
    const api: TestApi = {
      stop: (id) => jobs.stop(id),
      climb: (id) =>
        jobs.run(id, async (isCancelled, isStopped) => {
          started.push(id)
          let n = 0
          while (!isStopped()) {
            checkCancelled(isCancelled, 'climbing')
            n++
            await sleep(5)
          }
          return n
        }),
      cancel: (id) => {
        cancels.push(id)
        jobs.cancel(id)
      },
      wait: (id, ms, value, onProgress) =>
        jobs.run(id, async (isCancelled) => {
          started.push(id)
          for (let t = 0; t < ms; t += 5) {
            checkCancelled(isCancelled, 'waiting')
            void onProgress?.(t)
            await sleep(5)
          }
          return value
        }),
      stuck: () => new Promise(() => {}),
      boom: (id) =>
        jobs.run(id, () => {
          throw new TypeError('x is not a function')
        }),
    }
    const { port1, port2 } = new MessageChannel()
    Comlink.expose(api, port2 as unknown as Comlink.Endpoint)
    const fake: Fake = {
      worker: Object.assign(port1, {
        terminate: () => {
          fake.terminated = true
          port1.close()
          port2.close()
        },
      }) as unknown as Worker,
      terminated: false,
      crash: (message) => port1.dispatchEvent(Object.assign(new Event('error'), { message })),
    }
    made.push(fake)
    return fake.worker
  }
  return { made, cancels, started, client: new WorkerClient<TestApi>(create, 'test', 60) }
}

describe('WorkerClient', () => {
  it('returns the worker Result, and a thrown error as INTERNAL', async () => {
    const { client } = fakeWorkers()
    expect(await client.run<string>('a', ({ api, jobId }) => api.wait(jobId, 5, 'done'))).toEqual({ ok: true, value: 'done' })
    const r = await client.run<string>('a', ({ api, jobId }) => api.boom(jobId))
    expect(r.ok).toBe(false)
    if (!r.ok) expect(r.error).toMatchObject({ code: 'INTERNAL', message: expect.stringContaining('x is not a function') })
    client.dispose()
  })

  it('lets the newest request on a lane win and asks the worker to stop the older one', async () => {
    const { client, cancels, made } = fakeWorkers()
    const older = client.run<string>('a', ({ api, jobId }) => api.wait(jobId, 200, 'older'))
    const other = client.run<string>('b', ({ api, jobId }) => api.wait(jobId, 20, 'other lane'))
    const newer = client.run<string>('a', ({ api, jobId }) => api.wait(jobId, 10, 'newer'))
    expect(await older).toMatchObject({ ok: false, error: { code: 'CANCELLED' } })
    expect(await newer).toEqual({ ok: true, value: 'newer' })
    expect(await other).toEqual({ ok: true, value: 'other lane' }) // lanes are independent
    expect(cancels).toEqual([1])
    expect(made).toHaveLength(1)
    expect(made[0].terminated).toBe(false)
    client.dispose()
  })

  it('settles every pending job with INTERNAL when the worker crashes, then starts a fresh one', async () => {
    const { client, made } = fakeWorkers()
    const a = client.run<string>('a', ({ api, jobId }) => api.wait(jobId, 500, 'a'))
    const b = client.run<string>('b', ({ api, jobId }) => api.stuck(jobId))
    await sleep(10)
    made[0].crash('out of memory')
    for (const r of [await a, await b]) {
      expect(r).toMatchObject({ ok: false, error: { code: 'INTERNAL', message: expect.stringContaining('out of memory') } })
    }
    expect(made[0].terminated).toBe(true)
    expect(await client.run<string>('a', ({ api, jobId }) => api.wait(jobId, 5, 'again'))).toEqual({ ok: true, value: 'again' })
    expect(made).toHaveLength(2)
    expect(client.generation).toBe(2)
    client.dispose()
  })

  it('cancels cooperatively when the worker answers, without terminating it', async () => {
    const { client, made } = fakeWorkers()
    const progress: number[] = []
    const job = client.run<string, number>('a', ({ api, jobId, onProgress }) => api.wait(jobId, 1000, 'x', onProgress), (p) => progress.push(p))
    await sleep(30)
    client.cancel('a')
    expect(await job).toMatchObject({ ok: false, error: { code: 'CANCELLED' } })
    const seen = progress.length
    await sleep(150) // past the grace period: the worker answered the cancel, so it lives on
    expect(made[0].terminated).toBe(false)
    expect(progress.length).toBe(seen) // nothing reported after the cancel reaches the caller
    client.dispose()
  })

  it('terminates a worker that does not answer a cancel within the grace period', async () => {
    const { client, made } = fakeWorkers()
    const job = client.run<string>('a', ({ api, jobId }) => api.stuck(jobId))
    await sleep(10)
    client.cancel('a')
    expect(await job).toMatchObject({ ok: false, error: { code: 'CANCELLED' } })
    expect(made[0].terminated).toBe(false)
    await sleep(120)
    expect(made[0].terminated).toBe(true)
    expect(await client.run<string>('a', ({ api, jobId }) => api.wait(jobId, 5, 'fresh'))).toEqual({ ok: true, value: 'fresh' })
    expect(client.generation).toBe(2)
    client.dispose()
  })

  it('stop keeps the best: the job answers normally with what it had, and the worker lives on', async () => {
    const { client, made } = fakeWorkers()
    const job = client.run<number>('a', ({ api, jobId }) => api.climb(jobId))
    await sleep(30)
    expect(client.stop('a')).toBe(true)
    const r = await job
    expect(r.ok).toBe(true)
    if (r.ok) expect(r.value).toBeGreaterThan(0) // the count it reached, not a cancel
    expect(made[0].terminated).toBe(false)
    expect(client.stop('a')).toBe(false) // nothing running
    client.dispose()
  })

  it('stop falls back to cancel and terminate when the worker does not answer it', async () => {
    const { client, made } = fakeWorkers()
    const job = client.run<string>('a', ({ api, jobId }) => api.stuck(jobId))
    await sleep(10)
    client.stop('a')
    expect(await job).toMatchObject({ ok: false, error: { code: 'CANCELLED', message: 'stopped' } })
    await sleep(120)
    expect(made[0].terminated).toBe(true)
    client.dispose()
  })

  it('afterPrevious starts a request once the worker answered the old one, and only the newest of those waiting', async () => {
    const { client, made, started } = fakeWorkers()
    const first = client.run<number>('a', ({ api, jobId }) => api.climb(jobId), undefined, { afterPrevious: true })
    await sleep(20)
    const second = client.run<string>('a', ({ api, jobId }) => api.wait(jobId, 5, 'second'), undefined, { afterPrevious: true })
    const third = client.run<string>('a', ({ api, jobId }) => api.wait(jobId, 5, 'third'), undefined, { afterPrevious: true })
    expect(await first).toMatchObject({ ok: false, error: { code: 'CANCELLED' } })
    expect(await second).toMatchObject({ ok: false, error: { code: 'CANCELLED' } })
    expect(await third).toEqual({ ok: true, value: 'third' })
    // the second never reached the worker, and the third started after the first had answered its cancel
    expect(started).toEqual([1, 2])
    expect(made).toHaveLength(1)
    expect(made[0].terminated).toBe(false)
    client.dispose()
  })

  it('a cancel while a request waits for the worker keeps it from starting', async () => {
    const { client, started } = fakeWorkers()
    void client.run<number>('a', ({ api, jobId }) => api.climb(jobId), undefined, { afterPrevious: true })
    await sleep(20)
    const waiting = client.run<string>('a', ({ api, jobId }) => api.wait(jobId, 5, 'late'), undefined, { afterPrevious: true })
    client.cancel('a')
    expect(await waiting).toMatchObject({ ok: false, error: { code: 'CANCELLED' } })
    await sleep(30)
    expect(started).toEqual([1])
    client.dispose()
  })
})
