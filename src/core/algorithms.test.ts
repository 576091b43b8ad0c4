import { describe, expect, it } from 'vitest'
import { PARTITION_ALGOS, PARTITION_BASELINES, PARTITION_LABELS, PARTITION_RUN_ORDER, SCHEDULE_ALGOS, SCHEDULE_LABELS, SCHEDULE_RUN_ORDER } from './algorithms.ts'
import { BASELINES } from './partition/partition.ts'

describe('the algorithm catalogue', () => {
  it('runs every algorithm exactly once, baselines first and the search last', () => {
    expect([...SCHEDULE_RUN_ORDER].sort()).toEqual([...SCHEDULE_ALGOS].sort())
    expect(SCHEDULE_RUN_ORDER.at(-1)).toBe('btsearch')
    expect([...PARTITION_RUN_ORDER].sort()).toEqual([...PARTITION_ALGOS].sort())
    expect(PARTITION_RUN_ORDER.at(-1)).toBe('geneflow')
  })

  it('its partition baselines are the ones GenEFlow seeds from, in the same order', () => {
    expect(PARTITION_BASELINES).toEqual(Object.keys(BASELINES))
  })

  it('labels every algorithm, each label once', () => {
    expect(Object.keys(SCHEDULE_LABELS).sort()).toEqual([...SCHEDULE_ALGOS].sort())
    expect(Object.keys(PARTITION_LABELS).sort()).toEqual([...PARTITION_ALGOS].sort())
    expect(new Set(Object.values(SCHEDULE_LABELS)).size).toBe(SCHEDULE_ALGOS.length)
  })
})
