/**
 * The tile worker: exposes the tile runner (tile-runner.ts) over comlink, as schedule.worker.ts does.
 */
import * as Comlink from 'comlink'
import { createTileApi } from './tile-runner.ts'

Comlink.expose(createTileApi(), self as unknown as Comlink.Endpoint)
