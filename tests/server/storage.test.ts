import Database from 'better-sqlite3'
import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import { openMemoryStorage } from '../../server/storage/memoryStorage.js'
import { openPostgresStorage } from '../../server/storage/postgresStorage.js'
import { DATABASE_FILE, openSqliteStorage } from '../../server/storage/sqliteStorage.js'
import type { RelayStorage } from '../../server/storage/storage.js'
import { tempDir } from '../helpers/relayClient.js'
import { freshSchema, testServices } from '../helpers/services.js'

const { databaseUrl } = await testServices()

/** The storage contract, run against every backend. */
const BACKENDS: Array<[string, () => { open: () => RelayStorage; reopens: boolean }]> = [
  ['memory', () => {
    const storage = openMemoryStorage()
    return { open: () => storage, reopens: false }
  }],
  ['sqlite', () => {
    const dir = tempDir()
    return { open: () => openSqliteStorage(dir), reopens: true }
  }],
  ['postgres', () => {
    const schema = freshSchema()
    return { open: () => openPostgresStorage(databaseUrl, { schema }), reopens: true }
  }],
]

describe.each(BACKENDS)('%s storage', (_name, make) => {
  test('the first claim wins and later claims change nothing', () => {
    const storage = make().open()
    expect(storage.getAccess('r')).toBeNull()
    expect(storage.claim('r', { writeHash: 'w1', readHash: 'r1' })).toBe(true)
    expect(storage.claim('r', { writeHash: 'w2', readHash: 'r2' })).toBe(false)
    expect(storage.getAccess('r')).toEqual({ writeHash: 'w1', readHash: 'r1' })
    storage.close()
  })

  test('rows append in order, per room, and compaction replaces them', () => {
    const backend = make()
    const storage = backend.open()
    storage.appendUpdate('a', Uint8Array.of(1))
    storage.appendUpdate('b', Uint8Array.of(9))
    storage.appendUpdate('a', Uint8Array.of(2))
    expect(storage.loadUpdates('a').map((u) => [...u])).toEqual([[1], [2]])
    storage.replaceUpdates('a', Uint8Array.of(3))
    expect(storage.loadUpdates('a').map((u) => [...u])).toEqual([[3]])
    expect(storage.loadUpdates('b').map((u) => [...u])).toEqual([[9]])
    expect(storage.isReady()).toBe(true)
    storage.close()
    expect(storage.isReady()).toBe(false)
    if (backend.reopens) {
      const again = backend.open()
      expect(again.loadUpdates('a').map((u) => [...u])).toEqual([[3]])
      again.close()
    }
  })

  test('a batch of appends lands in order, across rooms, and survives a reopen', () => {
    const backend = make()
    const storage = backend.open()
    storage.appendUpdate('a', Uint8Array.of(1))
    storage.appendUpdates([
      { room: 'a', update: Uint8Array.of(2) },
      { room: 'b', update: Uint8Array.of(7) },
      { room: 'a', update: Uint8Array.of(3) },
    ])
    storage.appendUpdates([])
    expect(storage.loadUpdates('a').map((u) => [...u])).toEqual([[1], [2], [3]])
    expect(storage.loadUpdates('b').map((u) => [...u])).toEqual([[7]])
    storage.close()
    if (backend.reopens) {
      const again = backend.open()
      expect(again.loadUpdates('a').map((u) => [...u])).toEqual([[1], [2], [3]])
      again.close()
    }
  })

  test('the state vector stored with a compaction is served while that row is the first', () => {
    const backend = make()
    const storage = backend.open()
    expect(storage.loadCompactedStateVector('a')).toBeNull()
    storage.appendUpdate('a', Uint8Array.of(1))
    storage.replaceUpdates('a', Uint8Array.of(2), Uint8Array.of(1, 5, 3))
    storage.appendUpdate('a', Uint8Array.of(4))
    expect([...storage.loadCompactedStateVector('a')!]).toEqual([1, 5, 3])
    expect(storage.loadCompactedStateVector('b')).toBeNull()
    storage.close()
    if (backend.reopens) {
      const again = backend.open()
      expect([...again.loadCompactedStateVector('a')!]).toEqual([1, 5, 3])
      again.replaceUpdates('a', Uint8Array.of(6))
      expect(again.loadCompactedStateVector('a')).toBeNull()
      again.close()
    }
  })

  test('a freeze needs a claimed room, is idempotent, and lasts', () => {
    const backend = make()
    const storage = backend.open()
    expect(storage.freeze('r')).toBe(false)
    expect(storage.isFrozen('r')).toBe(false)
    storage.claim('r', { writeHash: 'w', readHash: 'r' })
    storage.claim('other', { writeHash: 'w2', readHash: 'r2' })
    expect(storage.isFrozen('r')).toBe(false)
    expect(storage.freeze('r')).toBe(true)
    expect(storage.freeze('r')).toBe(true)
    expect(storage.isFrozen('r')).toBe(true)
    expect(storage.isFrozen('other')).toBe(false)
    storage.close()
    if (backend.reopens) {
      const again = backend.open()
      expect(again.isFrozen('r')).toBe(true)
      again.close()
    }
  })
})

test('a database from before freezing existed gains the column and keeps its rooms', () => {
  const dir = tempDir()
  const old = new Database(join(dir, DATABASE_FILE))
  old.exec('CREATE TABLE rooms (room TEXT PRIMARY KEY, write_hash TEXT NOT NULL, read_hash TEXT NOT NULL, created_at INTEGER NOT NULL) STRICT')
  old.prepare('INSERT INTO rooms VALUES (?, ?, ?, ?)').run('r', 'w', 'r', 1)
  old.close()
  const storage = openSqliteStorage(dir)
  expect(storage.getAccess('r')).toEqual({ writeHash: 'w', readHash: 'r' })
  expect(storage.isFrozen('r')).toBe(false)
  expect(storage.freeze('r')).toBe(true)
  expect(storage.isFrozen('r')).toBe(true)
  storage.close()
})
