/**
 * Deleting a list for everyone: only the write token, sent in the Authorization header,
 * deletes a room; the relay drops its data, closes its peers with `deleted`, closes every
 * later socket that shows its tokens with the same code, and never lets the id be claimed
 * again, across a restart.
 */
import { describe, expect, test } from 'vitest'
import * as Y from 'yjs'
import { CLOSE } from '../../src/protocol/closeCodes.js'
import { TOKEN_PREFIX } from '../../src/protocol/access.js'
import { deletePath } from '../../src/protocol/routes.js'
import { newSecret } from '../../src/doc/ids.js'
import { openMemoryStorage } from '../../server/storage/memoryStorage.js'
import { openSqliteStorage } from '../../server/storage/sqliteStorage.js'
import { connectClient, newList, protocolsFor, startTestRelay, tempDir, until } from '../helpers/relayClient.js'

const papers = (doc: Y.Doc) => doc.getMap<string>('papers')

async function tokenOf(fragment: string): Promise<string> {
  return (await protocolsFor(fragment)).find((p) => p.startsWith(TOKEN_PREFIX))!.slice(TOKEN_PREFIX.length)
}

const deleteWith = (url: string, token: string | null) =>
  fetch(url, { method: 'DELETE', headers: token ? { Authorization: `Bearer ${token}` } : {} })

describe('DELETE /api/rooms/<listId>', () => {
  test('a read token, a wrong token, no token and an unknown room get 403 and delete nothing', async () => {
    const relay = await startTestRelay({ dataDir: tempDir() })
    const list = await newList()
    const stranger = await newList()
    const writer = await connectClient(relay.url, list.listId, list.secret)
    await writer.whenSynced()
    papers(writer.doc).set('kept', 'yes')
    const url = relay.url + deletePath(list.listId)
    const statuses = [
      (await deleteWith(url, await tokenOf(list.readOnly))).status,
      (await deleteWith(url, await tokenOf(stranger.secret))).status,
      (await deleteWith(url, null)).status,
      (await deleteWith(relay.url + deletePath(stranger.listId), await tokenOf(list.secret))).status,
    ]
    expect(statuses).toEqual([403, 403, 403, 403])
    expect((await fetch(relay.url + '/api/rooms/not-a-list-id', { method: 'DELETE' })).status).toBe(404)
    expect((await fetch(url, { method: 'POST', headers: { Authorization: `Bearer ${await tokenOf(list.secret)}` } })).status).toBe(405)

    const reader = await connectClient(relay.url, list.listId, list.readOnly)
    await until(() => papers(reader.doc).get('kept') === 'yes', 'room still serves its data')
    expect(writer.closes).toEqual([])
  })

  test('deleting closes every peer with `deleted`, drops the stored rows, and refuses the tokens after a restart', async () => {
    const dataDir = tempDir()
    const lines: Array<Record<string, unknown>> = []
    const relay = await startTestRelay({ dataDir, logger: (level, msg, fields) => lines.push({ level, msg, ...fields }) })
    const list = await newList()
    const writer = await connectClient(relay.url, list.listId, list.secret)
    const reader = await connectClient(relay.url, list.listId, list.readOnly)
    await Promise.all([writer.whenSynced(), reader.whenSynced()])
    papers(writer.doc).set('paper', 'Attention is all you need')
    await until(() => papers(reader.doc).has('paper'), 'forwarded before the delete')

    const token = await tokenOf(list.secret)
    const deleted = await deleteWith(relay.url + deletePath(list.listId), token)
    expect(deleted.status).toBe(200)
    expect(await deleted.json()).toEqual({ status: 'deleted' })
    await until(() => writer.closes.length > 0 && reader.closes.length > 0, 'peers closed')
    expect(writer.closes[0]).toEqual({ code: CLOSE.deleted.code, reason: CLOSE.deleted.reason })
    expect(reader.closes[0]).toEqual({ code: CLOSE.deleted.code, reason: CLOSE.deleted.reason })
    expect(JSON.stringify(lines)).not.toContain(token)
    // deleting again is harmless
    expect((await deleteWith(relay.url + deletePath(list.listId), token)).status).toBe(200)

    // a later visit with either token is closed with the same code, and receives nothing
    const late = await connectClient(relay.url, list.listId, list.readOnly)
    await until(() => late.closes.length > 0, 'late reader closed')
    expect(late.closes[0]!.code).toBe(CLOSE.deleted.code)
    expect(papers(late.doc).size).toBe(0)
    await relay.close()

    const stored = openSqliteStorage(dataDir)
    try {
      expect(stored.loadUpdates(list.listId)).toEqual([])
      expect(stored.isDeleted(list.listId)).toBe(true)
    } finally {
      stored.close()
    }

    const restarted = await startTestRelay({ dataDir })
    const again = await connectClient(restarted.url, list.listId, list.secret)
    await until(() => again.closes.length > 0, 'writer closed after a restart')
    expect(again.closes[0]!.code).toBe(CLOSE.deleted.code)
    // its writes were not stored either
    papers(again.doc).set('resurrected', 'no')
    const check = await connectClient(restarted.url, list.listId, list.secret)
    await until(() => check.closes.length > 0, 'second writer closed')
    expect(papers(check.doc).size).toBe(0)
  })

  test('a deleted room can never be claimed again, not even with a new secret', async () => {
    const relay = await startTestRelay({ dataDir: tempDir() })
    const list = await newList()
    const writer = await connectClient(relay.url, list.listId, list.secret)
    await writer.whenSynced()
    expect((await deleteWith(relay.url + deletePath(list.listId), await tokenOf(list.secret))).status).toBe(200)
    await until(() => writer.closes.length > 0, 'writer closed')
    writer.destroy()

    const squatter = await connectClient(relay.url, list.listId, newSecret())
    await until(() => squatter.closes.length > 0, 'squatter closed')
    expect(squatter.closes[0]!.code).toBe(CLOSE.forbidden.code)
    expect(squatter.provider.synced).toBe(false)
  })
})

describe.each([
  ['memory', () => ({ storage: openMemoryStorage() })],
  ['sqlite', () => ({ storage: openSqliteStorage(tempDir()) })],
])('%s storage: deleteRoom', (_name, open) => {
  test('drops the rows, keeps the claim, and is false for a room no one claimed', () => {
    const { storage } = open()
    try {
      const access = { writeHash: 'w'.repeat(43), readHash: 'r'.repeat(43) }
      expect(storage.deleteRoom('unclaimed')).toBe(false)
      expect(storage.isDeleted('unclaimed')).toBe(false)
      expect(storage.claim('room', access)).toBe(true)
      storage.appendUpdate('room', new Uint8Array([1, 2, 3]))
      storage.replaceUpdates('room', new Uint8Array([4, 5]), new Uint8Array([0]))
      expect(storage.deleteRoom('room')).toBe(true)
      expect(storage.deleteRoom('room')).toBe(true)
      expect(storage.isDeleted('room')).toBe(true)
      expect(storage.loadUpdates('room')).toEqual([])
      expect(storage.loadCompactedStateVector('room')).toBeNull()
      expect(storage.claim('room', { writeHash: 'x'.repeat(43), readHash: 'y'.repeat(43) })).toBe(false)
      expect(storage.getAccess('room')).toEqual(access)
    } finally {
      storage.close()
    }
  })
})
