/**
 * The plan timeline moved into core (core/partition/timeline.ts); this re-export keeps the app's imports of
 * its types working.
 */
export * from '../core/partition/timeline.ts'
