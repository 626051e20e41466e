/**
 * WAL checkpoints run in a worker thread, not inside a commit: the WAL is still copied into
 * the database file, and once it has been the next writes reuse it instead of growing it.
 */
import { statSync } from 'node:fs'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { expect, test } from 'vitest'
import { DATABASE_FILE, openSqliteStorage } from '../../server/storage/sqliteStorage.js'
import { tempDir } from '../helpers/relayClient.js'

const ROWS = 600
const ROW_BYTES = 4096

function batch(first: number): Array<{ room: string; update: Uint8Array }> {
  return Array.from({ length: ROWS }, (_, i) => ({ room: `r${(first + i) % 7}`, update: new Uint8Array(ROW_BYTES).fill((first + i) % 251) }))
}

const sizeOf = (file: string): number => statSync(file, { throwIfNoEntry: false })?.size ?? 0

test('the WAL is checkpointed in the background and reused rather than grown', async () => {
  const dir = tempDir()
  const file = join(dir, DATABASE_FILE)
  const storage = openSqliteStorage(dir)
  try {
    storage.appendUpdates(batch(0))
    const walAfterFirst = sizeOf(`${file}-wal`)
    expect(walAfterFirst).toBeGreaterThan(ROWS * ROW_BYTES)
    const deadline = Date.now() + 10_000
    while (sizeOf(file) < ROWS * ROW_BYTES && Date.now() < deadline) await sleep(100)
    expect(sizeOf(file)).toBeGreaterThan(ROWS * ROW_BYTES)
    storage.appendUpdates(batch(ROWS))
    expect(sizeOf(`${file}-wal`)).toBeLessThanOrEqual(walAfterFirst * 1.1)
    expect(storage.loadUpdates('r0').length).toBeGreaterThan(0)
  } finally {
    storage.close()
  }
  const reopened = openSqliteStorage(dir)
  const rows = Array.from({ length: 7 }, (_, r) => reopened.loadUpdates(`r${r}`).length).reduce((a, b) => a + b, 0)
  reopened.close()
  expect(rows).toBe(2 * ROWS)
})
