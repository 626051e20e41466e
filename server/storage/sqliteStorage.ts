import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { startBackgroundCheckpoint } from './backgroundCheckpoint.js'
import type { RelayStorage, RoomAccess } from './storage.js'

/** File name of the relay's database inside the data folder. */
export const DATABASE_FILE = 'shortlist.sqlite'

/**
 * SQLite storage (better-sqlite3, WAL). Each append (or batch of appends, in one transaction)
 * is synchronous: once it returns, the rows are in the WAL and survive a process kill (and
 * power loss with `FULL`). WAL checkpoints run in a worker thread (`backgroundCheckpoint.ts`),
 * not inside a commit on the event loop.
 */
export function openSqliteStorage(dataDir: string, sync: 'NORMAL' | 'FULL' = 'NORMAL'): RelayStorage {
  mkdirSync(dataDir, { recursive: true })
  const file = join(dataDir, DATABASE_FILE)
  const db = new Database(file)
  db.pragma('journal_mode = WAL')
  db.pragma(`synchronous = ${sync}`)
  db.pragma('busy_timeout = 5000')
  db.exec(`
    CREATE TABLE IF NOT EXISTS rooms (
      room TEXT PRIMARY KEY,
      write_hash TEXT NOT NULL,
      read_hash TEXT NOT NULL,
      created_at INTEGER NOT NULL
    ) STRICT;
    CREATE TABLE IF NOT EXISTS updates (
      seq INTEGER PRIMARY KEY AUTOINCREMENT,
      room TEXT NOT NULL,
      data BLOB NOT NULL
    ) STRICT;
    CREATE INDEX IF NOT EXISTS updates_by_room ON updates (room, seq);
    CREATE TABLE IF NOT EXISTS compactions (
      room TEXT PRIMARY KEY,
      seq INTEGER NOT NULL,
      state_vector BLOB NOT NULL
    ) STRICT;
  `)
  // Databases created before rooms could be frozen lack this column.
  const roomColumns = db.prepare<[], { name: string }>('PRAGMA table_info(rooms)').all().map((column) => column.name)
  if (!roomColumns.includes('frozen_at')) db.exec('ALTER TABLE rooms ADD COLUMN frozen_at INTEGER')
  // ... and this one, from before rooms could be deleted for everyone.
  if (!roomColumns.includes('deleted_at')) db.exec('ALTER TABLE rooms ADD COLUMN deleted_at INTEGER')
  const getAccess = db.prepare<[string], { write_hash: string; read_hash: string }>('SELECT write_hash, read_hash FROM rooms WHERE room = ?')
  const freezeRoom = db.prepare('UPDATE rooms SET frozen_at = coalesce(frozen_at, ?) WHERE room = ?')
  const selectFrozen = db.prepare<[string], { frozen_at: number | null }>('SELECT frozen_at FROM rooms WHERE room = ?')
  const markDeleted = db.prepare('UPDATE rooms SET deleted_at = coalesce(deleted_at, ?) WHERE room = ?')
  const selectDeleted = db.prepare<[string], { deleted_at: number | null }>('SELECT deleted_at FROM rooms WHERE room = ?')
  const insertRoom = db.prepare('INSERT OR IGNORE INTO rooms (room, write_hash, read_hash, created_at) VALUES (?, ?, ?, ?)')
  const selectUpdates = db.prepare<[string], { data: Buffer }>('SELECT data FROM updates WHERE room = ? ORDER BY seq')
  const insertUpdate = db.prepare('INSERT INTO updates (room, data) VALUES (?, ?)')
  const deleteUpdates = db.prepare('DELETE FROM updates WHERE room = ?')
  const saveCompaction = db.prepare('INSERT OR REPLACE INTO compactions (room, seq, state_vector) VALUES (?, ?, ?)')
  const dropCompaction = db.prepare('DELETE FROM compactions WHERE room = ?')
  // valid only while the compacted row is still the room's first row
  const selectCompaction = db.prepare<[string, string], { state_vector: Buffer }>(
    'SELECT state_vector FROM compactions WHERE room = ? AND seq = (SELECT min(seq) FROM updates WHERE room = ?)',
  )
  const roomBytes = db.prepare<[string], { bytes: number }>('SELECT coalesce(sum(length(data)), 0) AS bytes FROM updates WHERE room = ?')
  // running total of stored update bytes: read once here, then kept up to date by each write
  let totalBytes = db.prepare<[], { bytes: number }>('SELECT coalesce(sum(length(data)), 0) AS bytes FROM updates').get()!.bytes
  const replace = db.transaction((room: string, merged: Uint8Array, stateVector: Uint8Array | undefined): number => {
    const replaced = roomBytes.get(room)!.bytes
    deleteUpdates.run(room)
    const seq = insertUpdate.run(room, merged).lastInsertRowid
    if (stateVector) saveCompaction.run(room, seq, stateVector)
    else dropCompaction.run(room)
    return merged.length - replaced
  })
  const removeRoom = db.transaction((room: string): boolean => {
    if (markDeleted.run(Date.now(), room).changes !== 1) return false
    totalBytes -= roomBytes.get(room)!.bytes
    deleteUpdates.run(room)
    dropCompaction.run(room)
    return true
  })
  const countUpdates = db.prepare<[string], { rows: number }>('SELECT count(*) AS rows FROM updates WHERE room = ?')
  const deleteLastUpdates = db.prepare('DELETE FROM updates WHERE seq IN (SELECT seq FROM updates WHERE room = ? ORDER BY seq DESC LIMIT ?)')
  const lastRowsBytes = db.prepare<[string, number], { bytes: number }>(
    'SELECT coalesce(sum(length(data)), 0) AS bytes FROM (SELECT data FROM updates WHERE room = ? ORDER BY seq DESC LIMIT ?)',
  )
  /** Replaces the room's last `count` rows by `merged`; returns the change in stored bytes. */
  const replaceLast = db.transaction((room: string, count: number, merged: Uint8Array, stateVector: Uint8Array | undefined): number => {
    if (count >= countUpdates.get(room)!.rows) return replace(room, merged, stateVector)
    const replaced = lastRowsBytes.get(room, count)!.bytes
    deleteLastUpdates.run(room, count)
    const seq = insertUpdate.run(room, merged).lastInsertRowid
    if (stateVector) saveCompaction.run(room, seq, stateVector)
    return merged.length - replaced
  })
  // the compaction's state vector covers every row up to its own; gone once that row is replaced
  const selectStateVectorThrough = db.prepare<[string], { state_vector: Buffer; rows: number }>(
    `SELECT c.state_vector, (SELECT count(*) FROM updates u WHERE u.room = c.room AND u.seq <= c.seq) AS rows
     FROM compactions c WHERE c.room = ? AND EXISTS (SELECT 1 FROM updates u WHERE u.seq = c.seq AND u.room = c.room)`,
  )
  const appendMany = db.transaction((batch: ReadonlyArray<{ room: string; update: Uint8Array }>) => {
    for (const { room, update } of batch) insertUpdate.run(room, update)
  })
  let open = true
  const checkpoints = startBackgroundCheckpoint(file, (pages) => {
    if (open) db.pragma(`wal_autocheckpoint = ${pages}`)
  })

  return {
    getAccess(room) {
      const row = getAccess.get(room)
      return row ? { writeHash: row.write_hash, readHash: row.read_hash } : null
    },
    claim(room, access: RoomAccess) {
      return insertRoom.run(room, access.writeHash, access.readHash, Date.now()).changes === 1
    },
    freeze(room) {
      return freezeRoom.run(Date.now(), room).changes === 1
    },
    isFrozen(room) {
      return (selectFrozen.get(room)?.frozen_at ?? null) !== null
    },
    deleteRoom(room) {
      return removeRoom(room)
    },
    isDeleted(room) {
      return (selectDeleted.get(room)?.deleted_at ?? null) !== null
    },
    loadUpdates(room) {
      return selectUpdates.all(room).map((row) => new Uint8Array(row.data.buffer, row.data.byteOffset, row.data.byteLength))
    },
    appendUpdate(room, update) {
      insertUpdate.run(room, update)
      totalBytes += update.length
    },
    appendUpdates(batch) {
      if (batch.length === 1) insertUpdate.run(batch[0]!.room, batch[0]!.update)
      else if (batch.length > 1) appendMany(batch)
      for (const { update } of batch) totalBytes += update.length
    },
    replaceUpdates(room, merged, stateVector) {
      totalBytes += replace(room, merged, stateVector)
    },
    storedBytes: () => totalBytes,
    replaceLastUpdates(room, count, merged, stateVector) {
      totalBytes += replaceLast(room, count, merged, stateVector)
    },
    loadStateVectorThrough(room) {
      const row = selectStateVectorThrough.get(room)
      return row ? { rows: row.rows, stateVector: new Uint8Array(row.state_vector) } : null
    },
    loadCompactedStateVector(room) {
      const row = selectCompaction.get(room, room)
      return row ? new Uint8Array(row.state_vector) : null
    },
    isReady() {
      if (!open) return false
      try {
        db.prepare('SELECT 1').get()
        return true
      } catch {
        return false
      }
    },
    close() {
      if (!open) return
      open = false
      checkpoints.stop()
      try {
        // on a full disk the checkpoint fails; the WAL still holds every committed row
        db.pragma('wal_checkpoint(TRUNCATE)')
      } finally {
        db.close()
      }
    },
  }
}
