import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, expect, onTestFinished, test } from 'vitest'
import WS from 'ws'
import * as Y from 'yjs'
import { defaultConfig } from '../../server/config.js'
import { startRelay } from '../../server/server.js'
import { newMemberId } from '../../src/doc/ids.js'
import { addPaper, setVote } from '../../src/doc/ops.js'
import { newListLink, parseFragment } from '../../src/sync/access.js'
import { connectRelay } from '../../src/sync/relay.js'
import type { RelayConnection } from '../../src/sync/relay.js'
import { covers } from '../../src/sync/relayKnowledge.js'
import { trackSyncStatus } from '../../src/sync/status.js'
import type { SyncStatus } from '../../src/sync/status.js'
import { MemoryStorage } from '../helpers/browserStorage.js'

const identity = { memberId: newMemberId(), name: 'Ada', colour: '#1971c2' }
const cleanups: (() => unknown)[] = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

async function until(check: () => boolean, what: string, timeout = 10_000): Promise<void> {
  const start = Date.now()
  while (!check()) {
    if (Date.now() - start > timeout) throw new Error(`timed out waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
}

async function relayOn(dataDir: string) {
  const relay = await startRelay(defaultConfig({ dataDir }))
  cleanups.push(() => relay.close())
  return relay
}

async function connect(url: string, listId: string, fragment: string, doc: Y.Doc, status: SyncStatus): Promise<RelayConnection> {
  const connection = await connectRelay({
    syncUrl: url.replace(/^http/, 'ws') + '/sync', listId, doc, access: parseFragment(fragment)!, identity,
    WebSocketPolyfill: WS as unknown as typeof WebSocket,
  })
  status.attach(connection.provider)
  cleanups.push(() => connection.destroy())
  return connection
}

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'shortlist-status-'))
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }))
  return dir
}

test('covers compares state vectors client by client', () => {
  expect(covers(new Map([[1, 5], [2, 3]]), new Map([[1, 5]]))).toBe(true)
  expect(covers(new Map([[1, 4]]), new Map([[1, 5]]))).toBe(false)
  expect(covers(new Map(), new Map([[7, 1]]))).toBe(false)
})

test('local edits show as not yet on the relay until the relay confirms them, deletions included', async () => {
  const relay = await relayOn(tempDir())
  const { listId, fragment } = await newListLink()
  const doc = new Y.Doc()
  const status = trackSyncStatus(doc, listId, { storage: new MemoryStorage() })
  cleanups.push(() => status.destroy())
  expect(status.connection()).toBe('connecting')
  await connect(relay.url, listId, fragment, doc, status)
  await until(() => status.connection() === 'synced', 'synced')
  expect(status.unsynced()).toBe(false)

  const { id } = addPaper(doc, { title: 'A paper' }, identity.memberId)
  expect(status.unsynced()).toBe(true)
  expect(status.pending()).toBe(1)
  await until(() => !status.unsynced(), 'the relay to confirm the add')
  expect(status.pending()).toBe(0)

  setVote(doc, { paperId: id, memberId: identity.memberId, on: true })
  await until(() => !status.unsynced(), 'the relay to confirm the vote')
  // removing a vote only deletes: the state vector does not move, the sequence still counts it
  setVote(doc, { paperId: id, memberId: identity.memberId, on: false })
  expect(status.unsynced()).toBe(true)
  expect(status.pending()).toBe(1)
  await until(() => !status.unsynced(), 'the relay to confirm the deletion')
})

test('edits made while the relay is down stay counted across a reload, and clear once the relay has them', async () => {
  const dataDir = tempDir()
  const storage = new MemoryStorage()
  const { listId, fragment } = await newListLink()
  const doc = new Y.Doc()
  const status = trackSyncStatus(doc, listId, { storage })
  cleanups.push(() => status.destroy())
  const first = await startRelay(defaultConfig({ dataDir }))
  const connection = await connectRelay({
    syncUrl: first.url.replace(/^http/, 'ws') + '/sync', listId, doc, access: parseFragment(fragment)!, identity,
    WebSocketPolyfill: WS as unknown as typeof WebSocket,
  })
  status.attach(connection.provider)
  await until(() => status.connection() === 'synced', 'synced')
  addPaper(doc, { title: 'Before the outage' }, identity.memberId)
  await until(() => !status.unsynced(), 'confirmation')

  await first.close()
  await until(() => status.connection() === 'offline', 'offline')
  addPaper(doc, { title: 'During the outage' }, identity.memberId)
  addPaper(doc, { title: 'Also during the outage' }, identity.memberId)
  expect(status.unsynced()).toBe(true)
  expect(status.pending()).toBe(2)
  connection.destroy()
  status.destroy()

  // "reload": a new doc loaded from the device copy, a new tracker on the same storage
  const reloaded = new Y.Doc()
  Y.applyUpdate(reloaded, Y.encodeStateAsUpdate(doc), 'device copy')
  const after = trackSyncStatus(reloaded, listId, { storage })
  cleanups.push(() => after.destroy())
  expect(after.unsynced()).toBe(true)
  expect(after.pending()).toBe(2)

  const second = await relayOn(dataDir)
  await connect(second.url, listId, fragment, reloaded, after)
  await until(() => after.connection() === 'synced' && !after.unsynced(), 'the relay to take the offline edits')
  expect(after.pending()).toBe(0)
})

test('the browser going offline shows at once and drops the socket; coming online reconnects at once and shows synced when the relay answers', async () => {
  const relay = await relayOn(tempDir())
  const { listId, fragment } = await newListLink()
  const doc = new Y.Doc()
  const network = new EventTarget()
  const status = trackSyncStatus(doc, listId, { storage: new MemoryStorage(), network })
  cleanups.push(() => status.destroy())
  const connection = await connect(relay.url, listId, fragment, doc, status)
  await until(() => status.connection() === 'synced', 'synced')
  const statuses: string[] = []
  connection.provider.on('status', ({ status: state }) => void statuses.push(state))

  network.dispatchEvent(new Event('offline'))
  expect(status.connection()).toBe('offline')
  expect(statuses[0]).toBe('disconnected')

  network.dispatchEvent(new Event('online'))
  await until(() => status.connection() === 'synced', 'synced again', 2_000)
  expect(status.stopped()).toBeNull()
})
