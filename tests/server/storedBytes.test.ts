/**
 * The running total of stored bytes behind `maxStoredBytes`: kept by both storages through
 * appends and compactions, and read again from the file when SQLite storage reopens.
 */
import { describe, expect, test } from 'vitest'
import { openMemoryStorage } from '../../server/storage/memoryStorage.js'
import { openSqliteStorage } from '../../server/storage/sqliteStorage.js'
import type { RelayStorage } from '../../server/storage/storage.js'
import { tempDir } from '../helpers/relayClient.js'

const bytes = (n: number, fill = 1) => new Uint8Array(n).fill(fill)

/** The sum of every stored row of `rooms`, as loaded. */
const rowsTotal = (storage: RelayStorage, rooms: string[]) =>
  rooms.flatMap((room) => storage.loadUpdates(room)).reduce((sum, row) => sum + row.length, 0)

function exercise(storage: RelayStorage): void {
  storage.appendUpdate('a', bytes(100))
  storage.appendUpdates([
    { room: 'a', update: bytes(50) },
    { room: 'b', update: bytes(30) },
  ])
  expect(storage.storedBytes?.()).toBe(180)
  storage.replaceUpdates('a', bytes(120), bytes(4))
  expect(storage.storedBytes?.()).toBe(150)
  expect(storage.storedBytes?.()).toBe(rowsTotal(storage, ['a', 'b']))
  // a bounded compaction of the last rows, and a room deleted for everyone
  storage.appendUpdates([
    { room: 'a', update: bytes(40) },
    { room: 'a', update: bytes(60) },
  ])
  storage.replaceLastUpdates('a', 2, bytes(70), bytes(4))
  expect(storage.storedBytes?.()).toBe(220)
  expect(storage.storedBytes?.()).toBe(rowsTotal(storage, ['a', 'b']))
  storage.claim('b', { writeHash: 'w', readHash: 'r' })
  storage.deleteRoom('b')
  expect(storage.storedBytes?.()).toBe(190)
  expect(storage.storedBytes?.()).toBe(rowsTotal(storage, ['a', 'b']))
}

describe('stored bytes total', () => {
  test('memory storage keeps it through appends and compaction', () => {
    exercise(openMemoryStorage())
  })

  test('SQLite storage keeps it, and reads it back when reopened', () => {
    const dir = tempDir()
    const storage = openSqliteStorage(dir)
    exercise(storage)
    storage.close()
    const reopened = openSqliteStorage(dir)
    expect(reopened.storedBytes?.()).toBe(190)
    reopened.close()
  })
})
