/**
 * Any amount of change reaches the relay: a transaction or a backlog larger than the relay's
 * frame cap arrives in frames under it, against a real relay with real SQLite files and real
 * y-websocket clients, with no reconnect; a change too large even for the smallest frames
 * stops the connection once and says why, instead of reconnecting in a loop.
 */
import { expect, onTestFinished, test } from 'vitest'
import WS from 'ws'
import * as Y from 'yjs'
import { newMemberId } from '../../src/doc/ids.js'
import { importPapers } from '../../src/doc/importPapers.js'
import { FIELD_LIMITS } from '../../src/doc/limits.js'
import { listPapers } from '../../src/doc/queries.js'
import { CLOSE } from '../../src/protocol/closeCodes.js'
import { MIN_CLIENT_FRAME_BYTES } from '../../src/protocol/frames.js'
import { parseFragment } from '../../src/sync/access.js'
import { connectRelay } from '../../src/sync/relay.js'
import type { RelayConnection } from '../../src/sync/relay.js'
import { trackSyncStatus } from '../../src/sync/status.js'
import { MemoryStorage } from '../helpers/browserStorage.js'
import { manyPapers } from '../helpers/bigLists.js'
import { connectClient, newList, startTestRelay, syncBase, tempDir, until } from '../helpers/relayClient.js'

const MIB = 1024 * 1024
const identity = { memberId: newMemberId(), name: 'Ada', colour: '#1971c2' }

/** The app's connection (adapter, splitting, status) for `doc`, with counters of what happened on the socket. */
async function appClient(relayUrl: string, listId: string, secret: string, doc: Y.Doc) {
  const status = trackSyncStatus(doc, listId, { storage: new MemoryStorage(), network: null })
  const connection: RelayConnection = await connectRelay({
    syncUrl: syncBase(relayUrl), listId, doc, access: parseFragment(secret)!, identity,
    WebSocketPolyfill: WS as unknown as typeof WebSocket, pageEvents: null,
  })
  status.attach(connection.provider, connection.traffic)
  const counts = { connects: 0, closes: [] as number[] }
  connection.provider.on('status', ({ status: state }) => void (state === 'connected' && (counts.connects += 1)))
  connection.provider.on('connection-close', (event) => void (event && counts.closes.push(event.code)))
  onTestFinished(() => {
    status.destroy()
    connection.destroy()
  })
  return { status, connection, counts }
}

test('a 5,000-paper import in one transaction reaches a second client, without a single reconnect', { timeout: 120_000 }, async () => {
  const relay = await startTestRelay({ dataDir: tempDir() })
  const list = await newList()
  const doc = new Y.Doc()
  const app = await appClient(relay.url, list.listId, list.secret, doc)
  await until(() => app.status.connection() === 'synced', 'first sync')
  let size = 0
  doc.on('update', (update: Uint8Array) => (size = Math.max(size, update.length)))
  importPapers(doc, manyPapers(5_000), identity.memberId)
  expect(size).toBeGreaterThan(2 * MIB) // larger than the relay's frame cap
  await until(() => !app.status.unsynced(), 'the relay to confirm the import', 90_000)

  const other = await connectClient(relay.url, list.listId, list.secret)
  await other.whenSynced()
  expect(listPapers(other.doc)).toHaveLength(5_000)
  expect(listPapers(other.doc)).toEqual(listPapers(doc))
  expect(app.counts).toEqual({ connects: 1, closes: [] })
})

test('a 20 MB backlog re-uploaded to an empty relay (fresh data dir) reaches a second client, without a single reconnect', { timeout: 180_000 }, async () => {
  const relay = await startTestRelay({ dataDir: tempDir() })
  const list = await newList()
  // the device copy, loaded before connecting, as a device with a long history holds it
  const doc = new Y.Doc()
  importPapers(doc, manyPapers(3_000, { abstractChars: 6_000, prefix: 2402 }), identity.memberId)
  importPapers(doc, manyPapers(1_000, { abstractChars: 1_000, prefix: 2403 }), newMemberId())
  const backlog = Y.encodeStateAsUpdate(doc).length
  expect(backlog).toBeGreaterThan(20_000_000)

  const app = await appClient(relay.url, list.listId, list.secret, doc)
  await until(() => app.status.connection() === 'synced', 'first sync', 30_000)
  await until(() => !app.status.unsynced(), 'the relay to hold the whole backlog', 150_000)

  const other = await connectClient(relay.url, list.listId, list.secret)
  await other.whenSynced()
  expect(listPapers(other.doc)).toHaveLength(4_000)
  expect(Y.encodeStateVector(other.doc)).toEqual(Y.encodeStateVector(doc))
  expect(app.counts).toEqual({ connects: 1, closes: [] })
})

test('a single change larger than the relay takes stops the connection after a bounded number of smaller tries, and says why', { timeout: 60_000 }, async () => {
  // a relay whose frame cap is below the app's smallest frame, and one struct (an abstract at its
  // 20,000-character limit) above it
  const relay = await startTestRelay({ limits: { maxFrameBytes: MIN_CLIENT_FRAME_BYTES / 8 } })
  const list = await newList()
  const doc = new Y.Doc()
  const app = await appClient(relay.url, list.listId, list.secret, doc)
  await until(() => app.status.connection() === 'synced', 'first sync')
  importPapers(doc, [{ arxivId: '2401.00001', title: 'Long abstract', abstract: 'x'.repeat(FIELD_LIMITS.abstract) }], identity.memberId)
  await until(() => app.status.stopped() !== null, 'the connection to stop', 30_000)
  expect(app.status.stopped()).toBe('too-large')
  expect(app.status.refused()).toBe(true)
  expect(app.status.unsynced()).toBe(true)
  // 1 MiB → 512 → 256 → 128 → 64 KiB: four retries with smaller frames, then it stops
  expect(app.counts.closes).toEqual(Array(5).fill(CLOSE.tooBig.code))
  const connects = app.counts.connects
  await new Promise((resolve) => setTimeout(resolve, 3_000))
  expect(app.counts.connects).toBe(connects)
  expect(connects).toBe(5)
})

test('with a relay whose frame cap is below the app\'s first frame size, a big import still arrives in smaller frames', { timeout: 120_000 }, async () => {
  const relay = await startTestRelay({ limits: { maxFrameBytes: 300 * 1024 } })
  const list = await newList()
  const doc = new Y.Doc()
  const app = await appClient(relay.url, list.listId, list.secret, doc)
  await until(() => app.status.connection() === 'synced', 'first sync')
  importPapers(doc, manyPapers(1_500), identity.memberId)
  await until(() => !app.status.unsynced(), 'the relay to confirm the import', 90_000)
  expect(app.status.stopped()).toBeNull()
  // 1 MiB and 512 KiB frames are refused, 256 KiB frames fit
  expect(app.counts.closes).toEqual([CLOSE.tooBig.code, CLOSE.tooBig.code])
  const other = await connectClient(relay.url, list.listId, list.secret)
  await other.whenSynced()
  expect(listPapers(other.doc)).toHaveLength(1_500)
})
