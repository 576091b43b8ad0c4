/**
 * The partition worker: exposes the partition runner (partition-runner.ts) over comlink, as schedule.worker.ts
 * does the schedule runner.
 */
import * as Comlink from 'comlink'
import { createPartitionApi } from './partition-runner.ts'

Comlink.expose(createPartitionApi(), self as unknown as Comlink.Endpoint)
