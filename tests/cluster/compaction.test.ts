/**
 * Compaction on the shared PostgreSQL store with concurrent writers: one compactor per room
 * at a time, only the rows a merged row covers are deleted, and a compaction killed midway
 * leaves the room readable and whole.
 */
import postgres from 'postgres'
import * as Y from 'yjs'
import { expect, test } from 'vitest'
import { openPostgresStorage } from '../../server/storage/postgresStorage.js'
import type { RelayStorage } from '../../server/storage/storage.js'
import { freshSchema, testServices } from '../helpers/services.js'

const services = await testServices()

/** One real Yjs update that sets `key` in a map, from its own client. */
function updateSetting(key: string): Uint8Array {
  const doc = new Y.Doc()
  doc.getMap('edits').set(key, key)
  return Y.encodeStateAsUpdate(doc)
}

/** The keys of the room as stored, all rows applied. */
function storedKeys(storage: RelayStorage, room: string): string[] {
  const doc = new Y.Doc()
  for (const row of storage.loadUpdates(room)) Y.applyUpdate(doc, row)
  return [...doc.getMap('edits').keys()].sort()
}

test('two relays compacting while both append lose no row and keep counters in commit order', async () => {
  const schema = freshSchema()
  const [a, b] = [openPostgresStorage(services.databaseUrl, { schema }), openPostgresStorage(services.databaseUrl, { schema })]
  try {
    const appended: Array<[number, string]> = []
    const append = (storage: RelayStorage, key: string) => appended.push([storage.shared!.appendCounted([{ room: 'r', update: updateSetting(key) }])[0]!, key])
    for (let round = 0; round < 20; round++) {
      for (let i = 0; i < 5; i++) {
        append(a, `a-${round}-${i}`)
        append(b, `b-${round}-${i}`)
      }
      // both try at once: at most one compacts, the other finds the lock taken or nothing left to merge
      const done = await Promise.all([a.shared!.compactRoom('r', 1 << 20), b.shared!.compactRoom('r', 1 << 20)])
      expect(done.filter(Boolean).length).toBeLessThanOrEqual(1)
      append(a, `late-${round}`)
    }
    const counters = appended.map(([counter]) => counter)
    expect(counters).toEqual(counters.map((_, i) => i + 1)) // no gaps, in commit order
    expect(storedKeys(a, 'r')).toEqual(appended.map(([, key]) => key).sort())
    expect(a.loadUpdates('r').length).toBeLessThan(counters.length)
    // a relay catching up from counter 50 gets every key committed after it (a merged row covers those it replaced)
    const after = await b.shared!.updatesAfter('r', 50, 1000)
    expect(after.every((row, i) => row.counter > 50 && (i === 0 || row.counter > after[i - 1]!.counter))).toBe(true)
    const doc = new Y.Doc()
    for (const row of after) Y.applyUpdate(doc, row.update)
    for (const [counter, key] of appended) if (counter > 50) expect(doc.getMap('edits').has(key), key).toBe(true)
  } finally {
    a.close()
    b.close()
  }
})

test('a compaction killed midway leaves the room readable and whole, and another relay can compact it next', async () => {
  const schema = freshSchema()
  const storage = openPostgresStorage(services.databaseUrl, { schema })
  const killer = postgres(services.databaseUrl, { max: 1, onnotice: () => {} })
  const compactor = postgres(services.databaseUrl, { max: 1, onnotice: () => {}, connection: { search_path: schema } })
  try {
    const keys = Array.from({ length: 30 }, (_, i) => `k-${i}`)
    for (const key of keys) storage.appendUpdate('r', updateSetting(key))
    // a relay's compaction: lock taken, rows deleted, then the process dies before the commit
    const pid = Number((await compactor`SELECT pg_backend_pid() AS pid`)[0]!.pid)
    const dying = compactor
      .begin(async (tx) => {
        await tx`SELECT pg_try_advisory_xact_lock(7411, hashtext('r'))`
        await tx`DELETE FROM updates WHERE room = 'r'`
        await new Promise((resolve) => setTimeout(resolve, 60_000))
      })
      .catch((error: unknown) => error)
    await new Promise((resolve) => setTimeout(resolve, 300))
    // while it holds the lock, nobody else compacts the room
    expect(await storage.shared!.compactRoom('r', 1 << 20)).toBe(false)
    await killer`SELECT pg_terminate_backend(${pid})`
    expect(await dying).toBeInstanceOf(Error)
    expect(storage.loadUpdates('r')).toHaveLength(30)
    expect(storedKeys(storage, 'r')).toEqual([...keys].sort())
    expect(await storage.shared!.compactRoom('r', 1 << 20)).toBe(true)
    expect(storage.loadUpdates('r')).toHaveLength(1)
    expect(storedKeys(storage, 'r')).toEqual([...keys].sort())
    expect(storage.loadCompactedStateVector('r')).not.toBeNull()
  } finally {
    storage.close()
    await killer.end()
    await compactor.end({ timeout: 1 })
  }
})
