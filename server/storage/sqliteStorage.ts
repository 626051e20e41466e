import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import type { RelayStorage, RoomAccess } from './storage.js'

/** File name of the relay's database inside the data folder. */
export const DATABASE_FILE = 'shortlist.sqlite'

/**
 * SQLite storage (better-sqlite3, WAL). Each append is one synchronous INSERT: once it
 * returns, the row is in the WAL and survives a process kill (and power loss with `FULL`).
 */
export function openSqliteStorage(dataDir: string, sync: 'NORMAL' | 'FULL' = 'NORMAL'): RelayStorage {
  mkdirSync(dataDir, { recursive: true })
  const db = new Database(join(dataDir, DATABASE_FILE))
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
  `)
  // Databases created before rooms could be frozen lack this column.
  const roomColumns = db.prepare<[], { name: string }>('PRAGMA table_info(rooms)').all().map((column) => column.name)
  if (!roomColumns.includes('frozen_at')) db.exec('ALTER TABLE rooms ADD COLUMN frozen_at INTEGER')
  const getAccess = db.prepare<[string], { write_hash: string; read_hash: string }>('SELECT write_hash, read_hash FROM rooms WHERE room = ?')
  const freezeRoom = db.prepare('UPDATE rooms SET frozen_at = coalesce(frozen_at, ?) WHERE room = ?')
  const selectFrozen = db.prepare<[string], { frozen_at: number | null }>('SELECT frozen_at FROM rooms WHERE room = ?')
  const insertRoom = db.prepare('INSERT OR IGNORE INTO rooms (room, write_hash, read_hash, created_at) VALUES (?, ?, ?, ?)')
  const selectUpdates = db.prepare<[string], { data: Buffer }>('SELECT data FROM updates WHERE room = ? ORDER BY seq')
  const insertUpdate = db.prepare('INSERT INTO updates (room, data) VALUES (?, ?)')
  const deleteUpdates = db.prepare('DELETE FROM updates WHERE room = ?')
  const replace = db.transaction((room: string, merged: Uint8Array) => {
    deleteUpdates.run(room)
    insertUpdate.run(room, merged)
  })
  let open = true

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
    loadUpdates(room) {
      return selectUpdates.all(room).map((row) => new Uint8Array(row.data.buffer, row.data.byteOffset, row.data.byteLength))
    },
    appendUpdate(room, update) {
      insertUpdate.run(room, update)
    },
    replaceUpdates(room, merged) {
      replace(room, merged)
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
      db.pragma('wal_checkpoint(TRUNCATE)')
      db.close()
    },
  }
}
