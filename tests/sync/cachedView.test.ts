import { expect, test } from 'vitest'
import * as Y from 'yjs'
import { newSecret, randomId } from '../../src/doc/ids.js'
import type { PaperId } from '../../src/doc/ids.js'
import { addPaper, setVote } from '../../src/doc/ops.js'
import { votesOf } from '../../src/doc/schema.js'
import { CACHED_ROWS, CACHED_VIEW_DB, CACHED_VIEW_VERSION, readCachedView, removeCachedView, scheduleCachedViewWrites, writeCachedView } from '../../src/sync/cachedView.js'
import type { CachedView } from '../../src/sync/cachedView.js'
import { rememberList } from '../../src/sync/lists.js'
import { removeFromDevice } from '../../src/sync/removeList.js'
import { createVoteIntents } from '../../src/sync/voteIntents.js'
import { memoryStorage } from '../helpers/memoryStorage.js'

const row = (id: string, votes = 0) => ({ id, title: `Paper ${id}`, authors: 'Ada Lovelace', published: '2024', pending: false, url: 'https://example.org', pdfUrl: '', codeUrl: '', reason: `${votes} votes · added 3 weeks ago`, votes, voted: false })

function viewOf(listId: string, rows = 3): CachedView {
  return {
    version: CACHED_VIEW_VERSION,
    listId,
    savedAt: 1_700_000_000_000,
    name: 'Journal club',
    label: 'Ranked papers',
    query: '',
    queued: 80,
    nextUp: { id: 'p0', title: 'Paper p0', authors: 'Ada Lovelace', votes: 4 },
    layout: { width: 390, listTop: 612, nextUpTop: 180 },
    rows: Array.from({ length: rows }, (_, at) => row(`p${at}`, rows - at)),
  }
}

/** Puts a raw value where the cached view of `listId` lives (what an older version or a broken write left). */
async function putRaw(listId: string, value: unknown): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const request = indexedDB.open(CACHED_VIEW_DB, 1)
    request.onupgradeneeded = () => request.result.createObjectStore('views')
    request.onsuccess = () => {
      const db = request.result
      const transaction = db.transaction('views', 'readwrite')
      transaction.objectStore('views').put(value, listId)
      transaction.oncomplete = () => {
        db.close()
        resolve()
      }
      transaction.onerror = () => reject(transaction.error)
    }
    request.onerror = () => reject(request.error)
  })
}

test('a cached view is written and read back per list', async () => {
  const a = randomId(16)
  const b = randomId(16)
  expect(await readCachedView(a)).toBeNull()
  expect(await writeCachedView(viewOf(a, CACHED_ROWS))).toBe(true)
  expect(await writeCachedView({ ...viewOf(b, 1), name: 'Other' })).toBe(true)
  expect(await readCachedView(a)).toEqual(viewOf(a, CACHED_ROWS))
  expect((await readCachedView(b))?.name).toBe('Other')
  // a newer write replaces the view
  await writeCachedView({ ...viewOf(a), name: 'Renamed' })
  expect((await readCachedView(a))?.name).toBe('Renamed')
})

test('a cached view from another version, of another list, or that does not read as one is ignored', async () => {
  const id = randomId(16)
  const broken: unknown[] = [
    { ...viewOf(id), version: CACHED_VIEW_VERSION + 1 },
    { ...viewOf(id), version: 0 },
    { ...viewOf(id), listId: randomId(16) },
    { ...viewOf(id), rows: [...viewOf(id).rows, { id: 'x' }] },
    { ...viewOf(id), rows: Array.from({ length: CACHED_ROWS + 1 }, (_, at) => row(`p${at}`)) },
    { ...viewOf(id), layout: { width: 390, listTop: Number.NaN, nextUpTop: null } },
    { ...viewOf(id), nextUp: { id: 'p0' } },
    { ...viewOf(id), name: 'x'.repeat(5_000) },
    { ...viewOf(id), rows: [{ ...row('p1'), votes: -1 }] },
    'not a view',
    null,
    new Uint8Array([1, 2, 3]),
  ]
  for (const value of broken) {
    await putRaw(id, value)
    expect(await readCachedView(id)).toBeNull()
  }
  // a good write takes its place
  await writeCachedView(viewOf(id))
  expect(await readCachedView(id)).toEqual(viewOf(id))
})

test('the cached view is removed on its own and with the list', async () => {
  const id = randomId(16)
  const other = randomId(16)
  await writeCachedView(viewOf(id))
  await writeCachedView(viewOf(other))
  expect(await removeCachedView(other)).toBe(true)
  expect(await readCachedView(other)).toBeNull()

  const storage = memoryStorage()
  rememberList({ id, fragment: newSecret(), name: 'Gone' }, storage)
  expect(await removeFromDevice(id, { storage })).toBe(true)
  expect(await readCachedView(id)).toBeNull()
})

test('writes wait for a change and go out on pagehide or flush, built at write time', async () => {
  const id = randomId(16)
  let builds = 0
  let name = 'First'
  const writer = scheduleCachedViewWrites(() => {
    builds++
    return { ...viewOf(id), name }
  })
  // nothing changed: nothing is written
  expect(await writer.flush()).toBe(false)
  expect(builds).toBe(0)
  writer.changed()
  name = 'Second'
  expect(await writer.flush()).toBe(true)
  expect(builds).toBe(1)
  expect((await readCachedView(id))?.name).toBe('Second')
  // the delayed write runs on its own after the last change
  writer.changed()
  name = 'Third'
  await expect.poll(async () => (await readCachedView(id))?.name, { timeout: 5_000 }).toBe('Third')
  writer.destroy()
})

test('votes tapped before loading are applied once: never lost, never doubled', () => {
  const doc = new Y.Doc()
  const [a, b, c] = ['A', 'B', 'C'].map((title, at) => addPaper(doc, { title }, 'm1', at + 1).id)
  setVote(doc, { paperId: b!, memberId: 'me', on: true })
  const intents = createVoteIntents()
  intents.want(a!, true)
  // a vote this device already holds (synced from another device): the tap wants what is there
  intents.want(b!, true)
  // tapped twice: on, then off again
  intents.want(c!, true)
  intents.want(c!, false)
  // a paper the document does not have (removed meanwhile) is dropped
  intents.want('zzzzzzzzzzzz' as PaperId, true)
  expect(intents.wanted(c!)).toBe(false)
  let updates = 0
  doc.on('update', () => updates++)
  expect(intents.apply(doc, 'me')).toBe(1)
  expect(updates).toBe(1)
  const mine = () => [...votesOf(doc).keys()].filter((key) => key.startsWith('me')).length
  expect(mine()).toBe(2)
  // applying again changes nothing
  expect(intents.apply(doc, 'me')).toBe(0)
  expect(updates).toBe(1)
  expect(intents.wanted(a!)).toBeUndefined()
})
