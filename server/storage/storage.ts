/**
 * Where rooms live between loads. Every method is synchronous on purpose: the relay appends
 * an update and only then forwards it, and loads a room before any sync reply, without
 * awaiting (better-sqlite3 is synchronous and fast; the memory store is for tests).
 */

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
  /** Flushes and releases the storage. */
  close(): void
}
