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
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

function fakeWorkers() {
  const made: Fake[] = []
  const cancels: number[] = []
  const create = () => {
    const jobs = createJobs()
    const api: TestApi = {
      cancel: (id) => {
        cancels.push(id)
        jobs.cancel(id)
      },
      wait: (id, ms, value, onProgress) =>
        jobs.run(id, async (isCancelled) => {
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
  return { made, cancels, client: new WorkerClient<TestApi>(create, 'test', 60) }
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
})
