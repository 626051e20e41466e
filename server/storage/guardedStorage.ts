import type { RelayStorage } from './storage.js'

/** A storage as the relay uses it: with a total size cap and a memory of the last failed write. */
export interface GuardedStorage extends RelayStorage {
  storedBytes(): number
  hasRoomFor(bytes: number): boolean
  /** Why the last write failed, while no write has succeeded since; null when writes work. */
  writeFailure(): string | null
}

/**
 * Wraps a storage for the relay: `hasRoomFor` compares the storage's running total with
 * `maxStoredBytes`; a write that throws (full disk, I/O error) is remembered until a later
 * write succeeds, and `isReady` is false meanwhile, so `/readyz` reports it. The wrapped
 * storage's errors are rethrown unchanged (the write path handles them).
 */
export function guardStorage(base: RelayStorage, maxStoredBytes: number): GuardedStorage {
  let failure: string | null = null
  /** Runs one write, noting whether it failed. */
  const tracked =
    <A extends unknown[], R>(write: (...args: A) => R) =>
    (...args: A): R => {
      try {
        const result = write(...args)
        failure = null
        return result
      } catch (error) {
        failure = error instanceof Error ? error.message : String(error)
        throw error
      }
    }
  return {
    getAccess: (room) => base.getAccess(room),
    isFrozen: (room) => base.isFrozen(room),
    loadUpdates: (room) => base.loadUpdates(room),
    loadCompactedStateVector: (room) => base.loadCompactedStateVector(room),
    loadStateVectorThrough: (room) => base.loadStateVectorThrough(room),
    close: () => base.close(),
    claim: tracked((room, access) => base.claim(room, access)),
    freeze: tracked((room) => base.freeze(room)),
    deleteRoom: tracked((room) => base.deleteRoom(room)),
    isDeleted: (room) => base.isDeleted(room),
    appendUpdate: tracked((room, update) => base.appendUpdate(room, update)),
    appendUpdates: tracked((batch) => base.appendUpdates(batch)),
    replaceUpdates: tracked((room, merged, stateVector) => base.replaceUpdates(room, merged, stateVector)),
    replaceLastUpdates: tracked((room, count, merged, stateVector) => base.replaceLastUpdates(room, count, merged, stateVector)),
    isReady: () => failure === null && base.isReady(),
    storedBytes: () => base.storedBytes?.() ?? 0,
    hasRoomFor: (bytes) => (base.storedBytes?.() ?? 0) + bytes <= maxStoredBytes,
    writeFailure: () => failure,
    shared: base.shared && {
      ...base.shared,
      appendCounted: tracked((batch) => base.shared!.appendCounted(batch)),
      startAppendCounted: (batch, done) =>
        base.shared!.startAppendCounted(batch, (error, counters) => {
          failure = error ? error.message : null
          done(error, counters)
        }),
    },
  }
}
