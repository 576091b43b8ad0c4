/**
 * The main-side client of the parse worker: one worker for the page, one lane (`model`) shared by opening
 * and rebinding, so whichever the user asked for last wins. See worker-client.ts for the life rules.
 */
import type { Result } from '../core/errors.ts'
import type { ParseApi, ParsedModel, ParseOptions, ParseProgress } from './parse-api.ts'
import { WorkerClient } from './worker-client.ts'

export type { ParsedModel, ParseOptions, ParseProgress } from './parse-api.ts'

const LANE = 'model'

export class ParseClient {
  private readonly client = new WorkerClient<ParseApi>(
    () => new Worker(new URL('./parse.worker.ts', import.meta.url), { type: 'module', name: 'parse' }),
    'parse',
  )

  open(
    blob: Blob,
    fileName: string,
    key: string,
    opts: ParseOptions,
    onProgress?: (p: ParseProgress) => void,
  ): Promise<Result<ParsedModel>> {
    return this.client.run<ParsedModel, ParseProgress>(
      LANE,
      ({ api, jobId, onProgress: p }) => api.open(jobId, blob, fileName, key, opts, p),
      onProgress,
    )
  }

  /** `null` value: the worker no longer holds the model under `key`; open the file again. */
  rebind(key: string, opts: ParseOptions): Promise<Result<ParsedModel | null>> {
    return this.client.run<ParsedModel | null>(LANE, ({ api, jobId }) => api.rebind(jobId, key, opts))
  }

  /** Stops the open or rebind in progress; it settles as CANCELLED (never an error banner). */
  cancel(): void {
    this.client.cancel(LANE, 'loading was cancelled')
  }

  busy(): boolean {
    return this.client.busy(LANE)
  }

  dispose(): void {
    this.client.dispose()
  }
}
