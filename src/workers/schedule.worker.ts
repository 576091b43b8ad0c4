/**
 * The schedule worker: exposes the schedule runner (schedule-runner.ts) over comlink. The explicit endpoint
 * is what @vitest/web-worker needs (TOOLCHAIN.md); in a browser it is the worker's global scope either way.
 */
import * as Comlink from 'comlink'
import { createScheduleApi } from './schedule-runner.ts'

Comlink.expose(createScheduleApi(), self as unknown as Comlink.Endpoint)
