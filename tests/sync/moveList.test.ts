/**
 * "Move this list to a new link" against real relays and real y-websocket clients: the new
 * room holds everything, the frozen old room serves reads and refuses every write, and only
 * the write link can freeze.
 */
import Database from 'better-sqlite3'
import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import * as Y from 'yjs'
import { addPaper, createList, listPapers, readMeta, toggleVote, LIST_ID_PATTERN, SECRET_PATTERN } from '../../src/doc/index.js'
import { accessProtocols, listIdFor, parseFragment } from '../../src/sync/access.js'
import { TOKEN_PREFIX } from '../../src/protocol/access.js'
import { FreezeError, freezeRoom, freezeUrl, moveList } from '../../src/sync/moveList.js'
import { CLOSE } from '../../src/protocol/closeCodes.js'
import { DATABASE_FILE } from '../../server/storage/sqliteStorage.js'
import { connectClient, newList, startTestRelay, tempDir, until, type TestClient } from '../helpers/relayClient.js'

function storedRows(dataDir: string, room: string): number {
  const db = new Database(join(dataDir, DATABASE_FILE), { readonly: true })
  try {
    return (db.prepare('SELECT count(*) AS n FROM updates WHERE room = ?').get(room) as { n: number }).n
  } finally {
    db.close()
  }
}

const titles = (doc: Y.Doc): string[] => listPapers(doc).map((paper) => paper.title).sort()

/** A list with two papers and a vote, written by a real client through a relay. */
async function populatedList(relayUrl: string) {
  const list = await newList()
  const owner = await connectClient(relayUrl, list.listId, list.secret)
  await owner.whenSynced()
  createList(owner.doc, { name: 'Journal club' })
  const { id } = addPaper(owner.doc, { title: 'Attention is all you need', arxivId: '1706.03762' }, 'm1')
  addPaper(owner.doc, { title: 'Denoising diffusion', arxivId: '2006.11239' }, 'm1')
  toggleVote(owner.doc, { paperId: id, memberId: 'm1' })
  await until(() => owner.provider.synced, 'owner synced')
  return { list, owner }
}

async function writerGetsClosed(client: TestClient, write: () => void): Promise<{ code: number; reason: string }> {
  write()
  await until(() => client.closes.length > 0, 'writer closed')
  return client.closes[0]!
}

describe('moveList', () => {
  test('copies the whole document under a new secret and the list id derived from it', async () => {
    const doc = new Y.Doc()
    createList(doc, { name: 'Reading group' })
    addPaper(doc, { title: 'A paper', arxivId: '2401.00001' }, 'm1')
    const moved = await moveList(doc)
    expect(moved.listId).toMatch(LIST_ID_PATTERN)
    expect(moved.fragment).toMatch(SECRET_PATTERN)
    expect(parseFragment(moved.fragment)).toEqual({ fragment: moved.fragment, readOnly: false })
    expect(moved.doc).not.toBe(doc)
    expect(moved.doc.clientID).not.toBe(doc.clientID)
    expect(readMeta(moved.doc).name).toBe('Reading group')
    expect(titles(moved.doc)).toEqual(['A paper'])
    expect(await listIdFor(moved.fragment)).toBe(moved.listId)
    expect((await moveList(doc)).listId).not.toBe(moved.listId)
  })

  test('copies into a given document', async () => {
    const doc = new Y.Doc()
    addPaper(doc, { title: 'Kept', arxivId: '2401.00002' }, 'm1')
    const into = new Y.Doc()
    expect((await moveList(doc, { into })).doc).toBe(into)
    expect(titles(into)).toEqual(['Kept'])
  })
})

describe('moving a list and freezing the old room', () => {
  test('the new room has everything; the old room serves reads and refuses writes', async () => {
    const dataDir = tempDir()
    const relay = await startTestRelay({ dataDir })
    const { list, owner } = await populatedList(relay.url)
    const member = await connectClient(relay.url, list.listId, list.secret)
    const reader = await connectClient(relay.url, list.listId, list.readOnly)
    await until(() => titles(member.doc).length === 2 && titles(reader.doc).length === 2, 'everyone has the list')

    const moved = await moveList(owner.doc)
    const mover = await connectClient(relay.url, moved.listId, moved.fragment, { doc: moved.doc })
    await mover.whenSynced()
    await until(() => mover.provider.synced, 'new room holds the copy')
    await freezeRoom(relay.url, list.listId, parseFragment(list.secret)!)

    const newcomer = await connectClient(relay.url, moved.listId, moved.fragment)
    await newcomer.whenSynced()
    await until(() => titles(newcomer.doc).length === 2, 'new room has every paper')
    expect(titles(newcomer.doc)).toEqual(titles(owner.doc))
    expect(readMeta(newcomer.doc).name).toBe('Journal club')
    expect(Y.encodeStateVector(newcomer.doc)).toEqual(Y.encodeStateVector(owner.doc))

    const rowsBefore = storedRows(dataDir, list.listId)
    const close = await writerGetsClosed(member, () => addPaper(member.doc, { title: 'Leaked write', arxivId: '2401.99999' }, 'm2'))
    expect(close).toEqual({ code: CLOSE.frozen.code, reason: CLOSE.frozen.reason })
    await new Promise((resolve) => setTimeout(resolve, 100))
    expect(titles(owner.doc)).toHaveLength(2)
    expect(titles(reader.doc)).toHaveLength(2)
    expect(storedRows(dataDir, list.listId)).toBe(rowsBefore)

    // Reads still work, for the read-only link and for the write link alike.
    const lateReader = await connectClient(relay.url, list.listId, list.readOnly)
    const lateWriter = await connectClient(relay.url, list.listId, list.secret)
    await Promise.all([lateReader.whenSynced(), lateWriter.whenSynced()])
    await until(() => titles(lateReader.doc).length === 2 && titles(lateWriter.doc).length === 2, 'old room still readable')
    expect(lateWriter.closes).toEqual([])
    expect(owner.closes).toEqual([])
  })

  test('the old write token cannot unfreeze, and refreezing changes nothing', async () => {
    const relay = await startTestRelay()
    const { list } = await populatedList(relay.url)
    const access = parseFragment(list.secret)!
    await freezeRoom(relay.url, list.listId, access)
    const token = (await accessProtocols(access)).find((p) => p.startsWith(TOKEN_PREFIX))!.slice(TOKEN_PREFIX.length)
    const headers = { Authorization: `Bearer ${token}` }
    const unfreeze = await fetch(freezeUrl(relay.url, list.listId).replace(/freeze$/, 'unfreeze'), { method: 'POST', headers })
    expect(unfreeze.status).toBe(404)
    const remove = await fetch(freezeUrl(relay.url, list.listId), { method: 'DELETE', headers })
    expect(remove.status).toBe(405)
    await freezeRoom(relay.url, list.listId, access)
    const writer = await connectClient(relay.url, list.listId, list.secret)
    await writer.whenSynced()
    const close = await writerGetsClosed(writer, () => addPaper(writer.doc, { title: 'Still refused', arxivId: '2401.88888' }, 'm1'))
    expect(close.code).toBe(CLOSE.frozen.code)
  })

  test('a read-only link cannot freeze', async () => {
    const relay = await startTestRelay()
    const { list } = await populatedList(relay.url)
    const readOnly = parseFragment(list.readOnly)!
    await expect(freezeRoom(relay.url, list.listId, readOnly)).rejects.toBeInstanceOf(FreezeError)
    const readToken = (await accessProtocols(readOnly)).find((p) => p.startsWith(TOKEN_PREFIX))!.slice(TOKEN_PREFIX.length)
    const forced = await fetch(freezeUrl(relay.url, list.listId), { method: 'POST', headers: { Authorization: `Bearer ${readToken}` } })
    expect(forced.status).toBe(403)
    const writer = await connectClient(relay.url, list.listId, list.secret)
    const watcher = await connectClient(relay.url, list.listId, list.readOnly)
    await Promise.all([writer.whenSynced(), watcher.whenSynced()])
    addPaper(writer.doc, { title: 'Still writable', arxivId: '2401.77777' }, 'm1')
    await until(() => titles(watcher.doc).includes('Still writable'), 'the room still takes writes')
    expect(writer.closes).toEqual([])
  })

  test('the freeze survives a relay restart', async () => {
    const dataDir = tempDir()
    const first = await startTestRelay({ dataDir })
    const { list, owner } = await populatedList(first.url)
    await freezeRoom(first.url, list.listId, parseFragment(list.secret)!)
    owner.destroy()
    await first.close()

    const second = await startTestRelay({ dataDir })
    const rowsBefore = storedRows(dataDir, list.listId)
    const reader = await connectClient(second.url, list.listId, list.readOnly)
    const writer = await connectClient(second.url, list.listId, list.secret)
    await Promise.all([reader.whenSynced(), writer.whenSynced()])
    await until(() => titles(writer.doc).length === 2, 'old room readable after restart')
    const close = await writerGetsClosed(writer, () => addPaper(writer.doc, { title: 'After restart', arxivId: '2401.66666' }, 'm1'))
    expect(close.code).toBe(CLOSE.frozen.code)
    expect(titles(reader.doc)).toHaveLength(2)
    expect(storedRows(dataDir, list.listId)).toBe(rowsBefore)
  })
})
