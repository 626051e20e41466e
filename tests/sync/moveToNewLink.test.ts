/**
 * The share dialog's "Move to a new link", end to end against a real relay with real
 * y-websocket clients: the new list holds everything, is remembered on this device, and the
 * old link can still read but a writer there is told the list moved (4410).
 */
import { expect, test } from 'vitest'
import WS from 'ws'
import { addPaper, createList, listPapers } from '../../src/doc/index.js'
import { parseFragment } from '../../src/sync/access.js'
import { loadLists } from '../../src/sync/lists.js'
import { CLOSE } from '../../src/protocol/closeCodes.js'
import { leaveMoveNotice, takeMoveNotice } from '../../src/sync/moveNotice.js'
import { moveToNewLink } from '../../src/sync/moveToNewLink.js'
import { trackSyncStatus } from '../../src/sync/status.js'
import { connectClient, newList, startTestRelay, syncBase, tempDir, until } from '../helpers/relayClient.js'
import { memoryStorage } from '../helpers/memoryStorage.js'

const identity = { memberId: 'm-mover', name: 'Mover', colour: '#1971c2' }
const titles = (doc: Parameters<typeof listPapers>[0]) => listPapers(doc).map((paper) => paper.title).sort()

test('moving copies the list to a new room, remembers it, and freezes the old room', async () => {
  const relay = await startTestRelay({ dataDir: tempDir() })
  const list = await newList()
  const owner = await connectClient(relay.url, list.listId, list.secret)
  await owner.whenSynced()
  createList(owner.doc, { name: 'Journal club' })
  addPaper(owner.doc, { title: 'Attention is all you need', arxivId: '1706.03762' }, 'm1')
  addPaper(owner.doc, { title: 'Denoising diffusion', arxivId: '2006.11239' }, 'm1')
  const member = await connectClient(relay.url, list.listId, list.secret)
  const memberStatus = trackSyncStatus(member.doc, list.listId, { storage: null })
  memberStatus.attach(member.provider)
  await until(() => listPapers(member.doc).length === 2, 'member has the list')
  expect(memberStatus.moved()).toBe(false)

  const storage = memoryStorage()
  const moved = await moveToNewLink({
    doc: owner.doc,
    listId: list.listId,
    access: parseFragment(list.secret)!,
    syncUrl: syncBase(relay.url),
    identity,
    WebSocketPolyfill: WS as unknown as typeof WebSocket,
    storage,
  })
  expect(moved.listId).not.toBe(list.listId)
  expect(moved.fragment).not.toBe(list.secret)
  expect(loadLists(storage)).toMatchObject([{ id: moved.listId, fragment: moved.fragment, name: 'Journal club' }])

  const fresh = await connectClient(relay.url, moved.listId, moved.fragment)
  await until(() => listPapers(fresh.doc).length === 2, 'the new link has every paper')
  expect(titles(fresh.doc)).toEqual(titles(owner.doc))

  // the old link still reads, but a write there is refused as "moved"
  addPaper(member.doc, { title: 'Written after the move', arxivId: '2401.00001' }, 'm2')
  await until(() => member.closes.some((c) => c.code === CLOSE.frozen.code), 'writer told the list moved')
  await until(() => memberStatus.moved(), 'the status says the list moved')
  memberStatus.destroy()
  const reader = await connectClient(relay.url, list.listId, list.secret)
  await until(() => listPapers(reader.doc).length === 2, 'old link still reads')
  expect(titles(reader.doc)).not.toContain('Written after the move')
})

test('a read-only link cannot move, and a failed freeze leaves the old list in use', async () => {
  const relay = await startTestRelay({ dataDir: tempDir() })
  const list = await newList()
  const owner = await connectClient(relay.url, list.listId, list.secret)
  await owner.whenSynced()
  const base = { doc: owner.doc, listId: list.listId, syncUrl: syncBase(relay.url), identity, WebSocketPolyfill: WS as unknown as typeof WebSocket }
  const storage = memoryStorage()
  await expect(moveToNewLink({ ...base, access: parseFragment(list.readOnly)!, storage })).rejects.toThrow(/edit link/)
  const refusingFetch: typeof fetch = async () => new Response('no', { status: 503 })
  await expect(moveToNewLink({ ...base, access: parseFragment(list.secret)!, storage, fetchImpl: refusingFetch })).rejects.toThrow(/did not freeze/)
  expect(loadLists(storage)).toEqual([])
  addPaper(owner.doc, { title: 'Still writable', arxivId: '2401.00002' }, 'm1')
  const other = await connectClient(relay.url, list.listId, list.secret)
  await until(() => listPapers(other.doc).some((p) => p.title === 'Still writable'), 'old list still takes writes')
  expect(owner.closes).toEqual([])
})

test('the move notice is read once, for the new list only', () => {
  const storage = memoryStorage()
  leaveMoveNotice('new-list', storage)
  expect(takeMoveNotice('other-list', storage)).toBe(false)
  expect(takeMoveNotice('new-list', storage)).toBe(true)
  expect(takeMoveNotice('new-list', storage)).toBe(false)
})
