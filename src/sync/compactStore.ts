/**
 * Keeps a list's device copy small, so opening it does not grow with the number of edits.
 *
 * y-indexeddb (9.0.12) stores every update as its own row and merges them into one only when
 * 500 have piled up *and* the document then stays quiet for a second (its `storeState`,
 * debounced by every new update); it never merges on open. A list that keeps receiving
 * votes, or is closed within that second, keeps every row, and each one is decoded and
 * applied again on every open.
 *
 * Here the rows are merged on a budget, in two steps:
 * - the rest, in slices: at most `COMPACT_SLICE_ROWS` of the rows but the largest (the last
 *   full state, or the first sync), the smallest first and none larger than those before it
 *   together (`rowsToMerge`), become one row with `Y.mergeUpdates` (updates commute, so their
 *   order does not matter), merged `MERGE_GROUP` at a time (`mergeInGroups`: one call on
 *   thousands of rows of one client costs far more than linear time); a run's cost follows
 *   its small rows, not the list, the rows piled up or the rows it merged before;
 * - the full state: once the rest fits one slice and has grown to `FULL_AT_REST_SHARE` of the
 *   largest row (or more), so a list opens with at most about that share more bytes than a
 *   fresh copy, the document is written as one row and every row read is deleted, as
 *   y-indexeddb's `storeState` does; rows another tab wrote that this doc has not applied
 *   (keys from y-indexeddb's `_dbref` on) are merged and applied first, so nothing is dropped.
 * Compaction runs once `COMPACT_AFTER_ROWS` rows are stored, after `QUIET_MS` without an
 * edit but no later than `MAX_WAIT_MS` after it became due (at once from `COMPACT_URGENT_ROWS`
 * rows, so a list opened with many rows left is merged slice by slice soon after it loaded),
 * in idle time, and never spends more than `COMPACT_TIME_SHARE` of the main thread: after a
 * run that took d ms the next one waits at least d / share (and at least `MIN_GAP_MS`, unless
 * more than a slice is still stored).
 */
import * as idb from 'lib0/indexeddb'
import type { IndexeddbPersistence } from 'y-indexeddb'
import * as Y from 'yjs'

/** Rows stored for a list before they are merged. */
export const COMPACT_AFTER_ROWS = 64

/** Rows but the largest merged in one run at most: bounds one run's main-thread time (a slice of small vote rows: tens of ms on a phone). */
export const COMPACT_SLICE_ROWS = 1_024

/** The rest's bytes, as a share of the largest row's, from which the whole document is written as one row. */
const FULL_AT_REST_SHARE = 0.25

/** A row this small is always merged with the others (a vote is about 30 bytes, a paper a few hundred). */
const SMALL_ROW_BYTES = 1_024

/** Updates given to one `Y.mergeUpdates` call (`mergeInGroups`). */
const MERGE_GROUP = 64

/** The share of main-thread time compaction may take (see the module comment). */
export const COMPACT_TIME_SHARE = 0.05

/** Rows at which a compaction runs as soon as the budget allows, without waiting for quiet (a burst of edits). */
export const COMPACT_URGENT_ROWS = COMPACT_AFTER_ROWS * 8

/** Quiet time after an edit before a due compaction runs. */
const QUIET_MS = 400

/** The longest a due compaction waits for quiet. */
const MAX_WAIT_MS = 4_000

/** The shortest gap between two compactions, unless a slice left a backlog (then only the time share applies). */
const MIN_GAP_MS = 1_000

/** A list that opens with many rows is merged this long after compaction starts (1 s after it loaded, see `localStore.ts`), away from its first paint and first taps. */
const AFTER_OPEN_MS = 1_000

/** How long idle time is awaited before a compaction runs anyway. */
const IDLE_TIMEOUT_MS = 1_000

/** y-indexeddb's object store of update rows (its typings say ArrayBuffer; it stores Uint8Arrays). */
const UPDATES_STORE = 'updates'

/** What one compaction did: rows before and after, and the main-thread time it took. */
export interface Compaction {
  kind: 'merge' | 'full'
  rowsBefore: number
  rowsAfter: number
  ms: number
}

/** The fields of y-indexeddb's persistence this module reads (public in 9.0.12, pinned by the tests). */
type Persistence = IndexeddbPersistence & { _dbref: number; _dbsize: number; db: IDBDatabase | null }

/**
 * Merges a list's stored rows once, in one transaction: a slice of the rows but the largest
 * (`rowsToMerge`) into one row, or, once those fit one slice and have grown to
 * `FULL_AT_REST_SHARE` of the largest, the whole document into one row. Resolves when the
 * transaction has written it.
 */
export async function compactStore(persistence: IndexeddbPersistence): Promise<Compaction> {
  const store = persistence as Persistence
  if (!store.db) throw new Error('The device copy is not open.')
  const updates = idb.transact(store.db, [UPDATES_STORE])[0]!
  const keys = (await idb.getAllKeys(updates)) as number[]
  const rows = (await idb.getAll(updates)) as unknown as Uint8Array[]
  const lastKey = keys[keys.length - 1]
  if (lastKey === undefined || keys.length < 2) return { kind: 'merge', rowsBefore: keys.length, rowsAfter: keys.length, ms: 0 }
  // the largest row is the base (updates commute, so the rest merge in any order)
  let baseIndex = 0
  rows.forEach((row, index) => {
    if (row.byteLength > rows[baseIndex]!.byteLength) baseIndex = index
  })
  const base = rows[baseIndex]!
  const baseKey = keys[baseIndex]!
  const restKeys = keys.filter((_, index) => index !== baseIndex)
  const rest = rows.filter((_, index) => index !== baseIndex)
  const restBytes = rest.reduce((sum, row) => sum + row.byteLength, 0)
  const started = performance.now()
  if (rest.length > COMPACT_SLICE_ROWS || restBytes < base.byteLength * FULL_AT_REST_SHARE) {
    const chosen = rowsToMerge(rows, baseIndex)
    if (chosen.length < 2) return { kind: 'merge', rowsBefore: keys.length, rowsAfter: keys.length, ms: 0 }
    const merged = mergeInGroups(chosen.map((index) => rows[index]!))
    const ms = performance.now() - started
    const writes: Promise<unknown>[] = [idb.addAutoKey(updates, merged as unknown as ArrayBuffer)]
    for (const [from, to] of adjacentRuns(chosen)) writes.push(idb.del(updates, idb.createIDBKeyRangeBound(keys[from]!, keys[to]!, false, false)))
    await Promise.all(writes)
    const rowsAfter = keys.length - chosen.length + 1
    store._dbsize = Math.max(rowsAfter, store._dbsize - chosen.length + 1)
    return { kind: 'merge', rowsBefore: keys.length, rowsAfter, ms }
  }
  // as y-indexeddb's storeState: rows this doc has not applied yet (another tab's) go in first,
  // merged and applied once rather than row by row
  const unseen = rows.filter((_, index) => keys[index]! >= store._dbref)
  if (unseen.length) Y.applyUpdate(store.doc, mergeInGroups(unseen), persistence)
  const state = Y.encodeStateAsUpdate(store.doc)
  const ms = performance.now() - started
  const stateKey = (await idb.addAutoKey(updates, state as unknown as ArrayBuffer)) as unknown as number
  await idb.del(updates, idb.createIDBKeyRangeUpperBound(lastKey, false))
  store._dbref = stateKey + 1
  store._dbsize = Math.max(1, store._dbsize - keys.length + 1)
  return { kind: 'full', rowsBefore: keys.length, rowsAfter: 1, ms }
}

/**
 * The rows one run merges (indices into `rows`, in key order): the smallest first, at most
 * `COMPACT_SLICE_ROWS`, and no row larger than those taken before it together (unless it is
 * under `SMALL_ROW_BYTES`, as any single edit is). A big row merged
 * earlier waits until the small rows around it add up to its size, so each byte is merged
 * again only a few times (its row at least doubles each time) and a run costs about twice its
 * small rows, never the whole history. The rows left over are few: each larger than all
 * smaller ones together.
 */
function rowsToMerge(rows: Uint8Array[], baseIndex: number): number[] {
  const bySize = rows.map((_, index) => index).filter((index) => index !== baseIndex)
  bySize.sort((a, b) => rows[a]!.byteLength - rows[b]!.byteLength || a - b)
  const chosen: number[] = []
  let bytes = 0
  for (const index of bySize) {
    const size = rows[index]!.byteLength
    if (chosen.length >= COMPACT_SLICE_ROWS || (size > SMALL_ROW_BYTES && size > bytes)) break
    chosen.push(index)
    bytes += size
  }
  return chosen.sort((a, b) => a - b)
}

/** Sorted indices as runs of adjacent ones, `[first, last]` each (so each run's keys are one key range). */
function adjacentRuns(indices: number[]): Array<[number, number]> {
  const runs: Array<[number, number]> = []
  for (const index of indices) {
    const run = runs[runs.length - 1]
    if (run && run[1] === index - 1) run[1] = index
    else runs.push([index, index])
  }
  return runs
}

/**
 * `Y.mergeUpdates` of `updates`, `MERGE_GROUP` at a time, then the results the same way:
 * one call re-sorts its inputs for every run of structs it writes, so on thousands of rows of
 * one client it takes far more than linear time (2,000 vote rows: about 14× longer than in
 * groups). Bounded: log_MERGE_GROUP(n) rounds, each merging every byte once.
 */
export function mergeInGroups(updates: Uint8Array[]): Uint8Array {
  let level = updates
  while (level.length > 1) {
    const next: Uint8Array[] = []
    for (let i = 0; i < level.length; i += MERGE_GROUP) next.push(Y.mergeUpdates(level.slice(i, i + MERGE_GROUP)))
    level = next
  }
  return level[0] ?? Y.mergeUpdates([])
}

/**
 * Compacts `persistence` whenever enough rows are stored, on the budget described above,
 * until the returned function is called. `onCompacted` hears of each run (for tests), and
 * each is marked `shortlist:store-compacted` (its `Compaction` as detail) or
 * `shortlist:store-compact-failed` for the bench; a failed run is left for the next edit to retry.
 */
export function keepCompact(persistence: IndexeddbPersistence, onCompacted: (result: Compaction) => void = () => {}): () => void {
  const store = persistence as Persistence
  let timer: ReturnType<typeof setTimeout> | undefined
  let dueSince: number | null = null
  let notBefore = performance.now() + AFTER_OPEN_MS
  let running = false
  let stopped = false
  const check = () => {
    if (stopped || running || store._dbsize < COMPACT_AFTER_ROWS) return
    const now = performance.now()
    dueSince ??= now
    const wanted = store._dbsize >= COMPACT_URGENT_ROWS ? now : Math.min(now + QUIET_MS, dueSince + MAX_WAIT_MS)
    const at = Math.max(notBefore, wanted)
    clearTimeout(timer)
    timer = setTimeout(() => whenIdle(run), at - now)
  }
  const run = () => {
    if (stopped || running) return
    running = true
    compactStore(persistence)
      .then((result) => {
        // rows left over after a whole slice: the next slice follows as soon as the share allows
        const backlog = result.rowsAfter > COMPACT_SLICE_ROWS
        notBefore = performance.now() + Math.max(backlog ? 0 : MIN_GAP_MS, result.ms / COMPACT_TIME_SHARE)
        performance.mark?.('shortlist:store-compacted', { detail: result })
        onCompacted(result)
      }, (error: unknown) => {
        notBefore = performance.now() + MIN_GAP_MS
        performance.mark?.('shortlist:store-compact-failed', { detail: String(error) })
      })
      .finally(() => {
        running = false
        dueSince = null
        check()
      })
  }
  const onUpdate = (_update: Uint8Array, origin: unknown) => {
    if (origin !== persistence) check()
  }
  persistence.doc.on('update', onUpdate)
  // y-indexeddb counts the rows it loaded just after it reports them applied
  timer = setTimeout(check, AFTER_OPEN_MS)
  return () => {
    stopped = true
    clearTimeout(timer)
    persistence.doc.off('update', onUpdate)
  }
}

/** Runs `task` in idle time, or after `IDLE_TIMEOUT_MS` on a page that is never idle (or at once where there is no idle callback). */
function whenIdle(task: () => void): void {
  if (typeof requestIdleCallback === 'function') requestIdleCallback(() => task(), { timeout: IDLE_TIMEOUT_MS })
  else task()
}
