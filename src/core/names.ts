/**
 * Name-keyed tables: tensor, symbol, operator, domain, attribute and device names come from files and from
 * the user, and a name such as `constructor`, `toString`, `hasOwnProperty` or `__proto__` must be an
 * ordinary key. In a plain `{}` a lookup of such a name finds a member of Object.prototype (a function, so
 * `shape.map is not a function`), `name in obj` is true for it, and assigning `obj.__proto__` replaces the
 * prototype instead of storing a value.
 *
 * Two rules keep that out (issue 16): tables core builds have no prototype (`nameTable`), and a lookup in a
 * table that may come from elsewhere — JSON.parse, a structured clone across a worker boundary or from
 * IndexedDB, a caller's object literal, a spread — goes through `own`, which reads own properties only.
 * Where a table is only ever looked up, a Map is simpler still and is used instead.
 * O(1) per lookup; `nameTable(entries)` is O(entries).
 */

/** A table with no prototype, filled from `entries` (later entries win). Plain assignment is safe on it. */
export function nameTable<T>(entries: Iterable<readonly [string, T]> = []): Record<string, T> {
  const table = Object.create(null) as Record<string, T>
  for (const [k, v] of entries) table[k] = v
  return table
}

/** A prototype-free copy of any object's own enumerable entries (`__proto__` included when it is own). */
export function copyTable<T>(obj: Readonly<Record<string, T>> | undefined): Record<string, T> {
  return nameTable(obj === undefined ? [] : Object.entries(obj))
}

/** `table[name]` if it is the table's own property, else undefined (never an inherited member). */
export function own<T>(table: Readonly<Record<string, T>> | undefined | null, name: string): T | undefined {
  return table != null && Object.hasOwn(table, name) ? table[name] : undefined
}

/** Whether `name` is an own key of `table` (what `name in table` should have meant). */
export function hasName(table: Readonly<Record<string, unknown>> | undefined | null, name: string): boolean {
  return table != null && Object.hasOwn(table, name)
}
