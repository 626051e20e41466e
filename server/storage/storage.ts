/**
 * Where rooms live between loads. Every method is synchronous on purpose: the relay appends
 * an update and only then forwards it, and loads a room before any sync reply, without
 * awaiting (better-sqlite3 is synchronous and fast; the memory store is for tests; PostgreSQL
 * answers through a worker thread, `syncBridge.ts`). The one exception is the shared store's
 * append (`SharedStorage.startAppendCounted`), which the relay starts without waiting and
 * forwards from once it has committed, so a database round trip does not stop the relay.
 */

import type { LookupCacheStore } from '../lookup/cache.js'

/**
 * Thrown by a storage whose database cannot be reached or does not answer in time: nothing
 * was stored. The relay closes the writers of the room with `CLOSE.storeUnavailable`, and
 * their clients keep the edits and deliver them once the store is back.
 */
export class StoreUnavailableError extends Error {
  override name = 'StoreUnavailableError'
}

/** An update row with its per-room counter (its position in the room's commit order). */
export interface CountedUpdate {
  counter: number
  update: Uint8Array
}

/** A room as read in one snapshot from a storage shared by several relays. */
export interface LoadedRoom {
  rows: Uint8Array[]
  /** The room's counter at the snapshot: every update up to it is in `rows`. */
  head: number
  /** The compaction's state vector and the rows it covers (as `loadStateVectorThrough`). */
  stateVectorThrough: { rows: number; stateVector: Uint8Array } | null
}

/**
 * What a storage shared by several relays (PostgreSQL) adds: each row gets a per-room counter
 * taken in the transaction that inserts it, so counter order is commit order; relays catch
 * up by counter, asynchronously, and compact without stepping on each other.
 */
export interface SharedStorage {
  /** The room's rows, counter and compaction state, read in one snapshot. */
  loadRoom(room: string): LoadedRoom
  /**
   * As `appendUpdates`, returning each row's counter (same order as `rows`); 0 for a row not
   * stored because its room was deleted (through another relay) before it committed.
   */
  appendCounted(rows: ReadonlyArray<{ room: string; update: Uint8Array }>): number[]
  /**
   * As `appendCounted`, without waiting: `done` runs from the event loop once the transaction
   * has committed (with the counters) or failed (nothing stored). Transactions commit, and
   * their `done` run, in the order they were started.
   */
  startAppendCounted(rows: ReadonlyArray<{ room: string; update: Uint8Array }>, done: (error: Error | null, counters?: number[]) => void): void
  /** Waits (blocking) until every started append has committed or failed and its `done` has run. */
  settleAppends(): void
  /** Rows of a room with a counter above `after`, oldest first, at most `limit` of them. */
  updatesAfter(room: string, after: number, limit: number): Promise<CountedUpdate[]>
  /** Current counters of the given rooms (rooms without rows are absent). */
  heads(rooms: readonly string[]): Promise<Map<string, number>>
  /**
   * Merges the room's trailing rows, as many as fit in `maxBytes` (at least two), into one, if
   * no other relay is compacting it (an advisory lock): only rows the merged row covers are
   * deleted, in one transaction, so a crash leaves the room as it was. Resolves to whether it
   * compacted.
   */
  compactRoom(room: string, maxBytes: number): Promise<boolean>
  /** Whether the database answers (a cheap round trip), for `/readyz`. */
  ping(): Promise<boolean>
}

/** The access hashes a room was claimed with (SHA-256 of the tokens, base64url). */
export interface RoomAccess {
  writeHash: string
  readHash: string
}

/** Persistent storage for rooms: access hashes and append-only Yjs update rows. */
export interface RelayStorage {
  /** The room's access hashes, or null if no one has claimed it. */
  getAccess(room: string): RoomAccess | null
  /** Claims an unclaimed room; returns false (and changes nothing) if it was already claimed. */
  claim(room: string, access: RoomAccess): boolean
  /**
   * Freezes a claimed room for good (its list moved to a new link): it keeps serving reads
   * and refuses every write. Returns false if no one has claimed the room. Idempotent.
   */
  freeze(room: string): boolean
  /** Whether the room was frozen. */
  isFrozen(room: string): boolean
  /**
   * Deletes a claimed room for everyone: drops its update rows and compaction, and keeps its
   * access hashes with a deletion mark, so its tokens are recognised (and refused) and the
   * id can never be claimed again. Returns false if no one has claimed the room. Idempotent.
   */
  deleteRoom(room: string): boolean
  /** Whether the room was deleted for everyone. */
  isDeleted(room: string): boolean
  /** All stored update rows of a room, oldest first. */
  loadUpdates(room: string): Uint8Array[]
  /** Appends one update durably: when it returns, the row survives a process crash. */
  appendUpdate(room: string, update: Uint8Array): void
  /**
   * Appends several updates (of any rooms) in one transaction: when it returns, all of them
   * survive a process crash; if it throws, none was stored.
   */
  appendUpdates(rows: ReadonlyArray<{ room: string; update: Uint8Array }>): void
  /**
   * Replaces all rows of a room with one merged update, atomically (compaction), and keeps
   * the merged update's encoded state vector beside it when given.
   */
  replaceUpdates(room: string, merged: Uint8Array, stateVector?: Uint8Array): void
  /**
   * Replaces the room's last `count` rows with one merged row, atomically (a bounded
   * compaction: earlier rows stay as they are), and keeps `stateVector` (that of every row
   * up to the new one) beside it when given.
   */
  replaceLastUpdates(room: string, count: number, merged: Uint8Array, stateVector?: Uint8Array): void
  /**
   * The state vector stored by the last compaction and how many of the room's first rows it
   * covers (null if none, or if its row has since been replaced). Rows after those are
   * read for their clocks when the room loads.
   */
  loadStateVectorThrough(room: string): { rows: number; stateVector: Uint8Array } | null
  /**
   * The state vector stored by the last compaction, if the room's first row is still that
   * compacted update (else null). Lets a room load without decoding its whole content.
   */
  loadCompactedStateVector(room: string): Uint8Array | null
  /** True while the storage can serve reads and writes (readiness). */
  isReady(): boolean
  /**
   * Bytes of update rows stored in total (a running total kept by the storage, so reading it
   * costs nothing). Absent on storages that do not count (then no total cap applies).
   */
  storedBytes?(): number
  /**
   * Whether `bytes` more may be stored under the relay's total cap. Present on the storage the
   * relay wraps (`guardedStorage.ts`); the room refuses a write (4507) when it says false.
   */
  hasRoomFor?(bytes: number): boolean
  /** Present on a storage that keeps the lookup cache too (PostgreSQL), so relays share it. */
  lookupCache?: LookupCacheStore
  /** Present on a storage several relays share (PostgreSQL); the relay then fans out and catches up by counter. */
  shared?: SharedStorage
  /** Flushes and releases the storage. */
  close(): void
}
