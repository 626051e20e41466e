import * as idb from 'lib0/indexeddb'
import { expect, test } from 'vitest'
import { IndexeddbPersistence } from 'y-indexeddb'
import * as Y from 'yjs'
import { randomId } from '../../src/doc/ids.js'
import { addPaper, createList, toggleVote } from '../../src/doc/ops.js'
import { listPapers } from '../../src/doc/queries.js'
import { votesOf } from '../../src/doc/schema.js'
import { COMPACT_AFTER_ROWS, COMPACT_SLICE_ROWS, compactStore, mergeInGroups } from '../../src/sync/compactStore.js'
import type { Compaction } from '../../src/sync/compactStore.js'
import { localDbName, openLocalStore } from '../../src/sync/localStore.js'

const settle = (ms = 30) => new Promise((resolve) => setTimeout(resolve, ms))

/** The number of update rows stored for a list. */
async function storedRows(listId: string): Promise<number> {
  const db = await idb.openDB(localDbName(listId), () => {})
  try {
    return await idb.count(idb.transact(db, ['updates'], 'readonly')[0]!)
  } finally {
    db.close()
  }
}

/** A list of `papers` papers and one member, opened with its device copy. */
async function openedList(listId: string, papers: number) {
  const doc = new Y.Doc()
  const compactions: Compaction[] = []
  const store = openLocalStore(listId, doc, undefined, (result) => compactions.push(result))
  await store.whenLoaded
  createList(doc, { name: 'Churned' })
  const ids = []
  for (let i = 0; i < papers; i++) ids.push(addPaper(doc, { title: `Paper ${i}` }, 'member-1', 1_700_000_000_000 + i).id)
  return { doc, store, ids, compactions }
}

/** The same list stored by y-indexeddb alone, as the app stored it before compaction. */
async function plainList(listId: string, papers: number) {
  const doc = new Y.Doc()
  const persistence = new IndexeddbPersistence(localDbName(listId), doc)
  await persistence.whenSynced
  createList(doc, { name: 'Churned' })
  const ids = []
  for (let i = 0; i < papers; i++) ids.push(addPaper(doc, { title: `Paper ${i}` }, 'member-1', 1_700_000_000_000 + i).id)
  return { doc, persistence, ids }
}

/** The content a reader sees: papers and votes. */
const content = (doc: Y.Doc) => ({ papers: listPapers(doc).map((paper) => paper.title).sort(), votes: [...votesOf(doc).keys()].sort() })

test('merging the stored rows keeps the list exactly, as one full state, then the largest row and the rest merged', async () => {
  const listId = randomId(16)
  const { doc, persistence: store, ids } = await plainList(listId, 20)
  for (let i = 0; i < 400; i++) toggleVote(doc, { paperId: ids[i % ids.length]!, memberId: 'member-1', at: i })
  await settle()
  const persistence = new IndexeddbPersistence(localDbName(listId), new Y.Doc())
  await persistence.whenSynced
  expect(await storedRows(listId)).toBeGreaterThan(400)

  const first = await compactStore(persistence)
  // the rows are small edits, none larger than the rest together: the whole document is written
  expect(first).toMatchObject({ kind: 'full', rowsAfter: 1 })
  // fewer bytes than a quarter of the full state: merged, not written whole again
  for (let i = 0; i < 20; i++) toggleVote(doc, { paperId: ids[i % ids.length]!, memberId: 'member-1', at: 5_000 + i })
  await settle()
  // rows written by another tab after this one loaded are merged too, and not lost
  const tail = await compactStore(persistence)
  expect(tail).toMatchObject({ kind: 'merge', rowsAfter: 2 })
  expect(await storedRows(listId)).toBe(2)
  await persistence.destroy()
  await store.destroy()

  const reopened = new Y.Doc()
  const again = openLocalStore(listId, reopened)
  await again.whenLoaded
  expect(content(reopened)).toEqual(content(doc))
  expect(content(reopened).votes).toHaveLength(ids.length) // 420 toggles over 20 papers: 21 each, so each is voted for
  await again.destroy()
})

test('a tab compacting never drops rows another tab wrote after it loaded', async () => {
  const listId = randomId(16)
  const a = await plainList(listId, 5)
  await settle()
  const tabB = new Y.Doc()
  const storeB = openLocalStore(listId, tabB)
  await storeB.whenLoaded
  for (let i = 0; i < 300; i++) tabB.getMap('papers').set(`title|b${i}`, `From tab B ${i}`)
  await settle()
  const persistenceA = new IndexeddbPersistence(localDbName(listId), a.doc)
  await persistenceA.whenSynced
  tabB.getMap('papers').set('title|late', 'Written by B while A compacts')
  await compactStore(persistenceA)
  await compactStore(persistenceA)
  await settle()
  await persistenceA.destroy()
  await storeB.destroy()
  await a.persistence.destroy()

  const check = new Y.Doc()
  const checkStore = openLocalStore(listId, check)
  await checkStore.whenLoaded
  expect(check.getMap('papers').get('title|b299')).toBe('From tab B 299')
  expect(check.getMap('papers').get('title|late')).toBe('Written by B while A compacts')
  expect(listPapers(check)).toHaveLength(5)
  await checkStore.destroy()
})

test('a list that keeps receiving votes keeps a bounded number of rows while open and after closing', async () => {
  const listId = randomId(16)
  const { doc, store, ids, compactions } = await openedList(listId, 50)
  // 6,000 toggles in bursts of 200 with no quiet second between them: y-indexeddb's own trim never runs
  for (let burst = 0; burst < 30; burst++) {
    for (let i = 0; i < 200; i++) toggleVote(doc, { paperId: ids[(burst * 200 + i) % ids.length]!, memberId: 'member-1', at: burst * 200 + i })
    await settle(200)
  }
  await settle(1_500)
  await store.destroy()
  expect(compactions.length).toBeGreaterThan(0)
  // each run merged everything, or a whole slice of a backlog
  expect(compactions.every((run) => run.rowsAfter <= 2 || run.rowsBefore - run.rowsAfter === COMPACT_SLICE_ROWS - 1)).toBe(true)
  // the rows left are bounded by what arrives between two compactions, not by the 6,000 edits
  expect(await storedRows(listId)).toBeLessThan(COMPACT_AFTER_ROWS + 200 * 6)

  const reopened = new Y.Doc()
  const again = openLocalStore(listId, reopened)
  await again.whenLoaded
  expect(content(reopened)).toEqual(content(doc))
  await again.destroy()
}, 60_000)

test('a list opened with many rows left from before is merged soon after it loaded', async () => {
  const listId = randomId(16)
  const { doc, persistence, ids } = await plainList(listId, 10)
  for (let i = 0; i < 300; i++) toggleVote(doc, { paperId: ids[i % ids.length]!, memberId: 'member-1', at: i })
  await settle()
  await persistence.destroy() // closed at once: y-indexeddb's debounced trim never ran
  expect(await storedRows(listId)).toBeGreaterThan(300)

  const reopened = new Y.Doc()
  const compactions: Compaction[] = []
  const again = openLocalStore(listId, reopened, undefined, (result) => compactions.push(result))
  await again.whenLoaded
  await settle(4_000)
  expect(compactions[0]).toMatchObject({ kind: 'full', rowsAfter: 1 })
  expect(await storedRows(listId)).toBe(1)
  expect(content(reopened)).toEqual(content(doc))
  await again.destroy()
}, 20_000)

test('a list that arrived as one large sync keeps that row and merges only the edits around it', async () => {
  const listId = randomId(16)
  const remote = new Y.Doc()
  createList(remote, { name: 'Synced' })
  const ids = []
  for (let i = 0; i < 300; i++) ids.push(addPaper(remote, { title: `Paper ${i}`, abstract: 'A long enough abstract. '.repeat(8) }, 'member-2', i).id)
  const local = new Y.Doc()
  const persistence = new IndexeddbPersistence(localDbName(listId), local)
  await persistence.whenSynced
  Y.applyUpdate(local, Y.encodeStateAsUpdate(remote)) // the first sync: one large row
  for (let i = 0; i < 200; i++) toggleVote(local, { paperId: ids[i % 30]!, memberId: 'member-1', at: i })
  await settle()
  expect(await storedRows(listId)).toBeGreaterThan(200)

  const result = await compactStore(persistence)
  expect(result).toMatchObject({ kind: 'merge', rowsAfter: 2 })
  expect(await storedRows(listId)).toBe(2)
  await persistence.destroy()

  const reopened = new Y.Doc()
  const again = openLocalStore(listId, reopened)
  await again.whenLoaded
  expect(content(reopened)).toEqual(content(local))
  expect(content(reopened).papers).toHaveLength(300)
  await again.destroy()
})

test('merging rows in groups gives the same document as merging them in one call', () => {
  const doc = new Y.Doc()
  createList(doc, { name: 'Grouped' })
  const ids = []
  for (let i = 0; i < 20; i++) ids.push(addPaper(doc, { title: `Paper ${i}` }, 'member-1', i).id)
  const base = Y.encodeStateAsUpdate(doc)
  const rows: Uint8Array[] = []
  doc.on('update', (update: Uint8Array) => rows.push(update))
  for (let i = 0; i < 1_000; i++) toggleVote(doc, { paperId: ids[i % 7]!, memberId: `member-${i % 3}`, at: i })
  const fromGroups = new Y.Doc()
  Y.applyUpdate(fromGroups, base)
  Y.applyUpdate(fromGroups, mergeInGroups(rows))
  const fromOneCall = new Y.Doc()
  Y.applyUpdate(fromOneCall, base)
  Y.applyUpdate(fromOneCall, Y.mergeUpdates(rows))
  expect(content(fromGroups)).toEqual(content(doc))
  expect(content(fromGroups)).toEqual(content(fromOneCall))
  expect(Y.encodeStateVector(fromGroups)).toEqual(Y.encodeStateVector(doc))
})

test('more rows than one slice are merged a slice per run, then as one full state, and nothing is lost', async () => {
  const listId = randomId(16)
  const { doc, persistence, ids } = await plainList(listId, 10)
  const toggles = COMPACT_SLICE_ROWS * 2 + 300
  for (let i = 0; i < toggles; i++) toggleVote(doc, { paperId: ids[i % ids.length]!, memberId: 'member-1', at: i })
  await settle(100)
  await persistence.destroy()
  const reader = new IndexeddbPersistence(localDbName(listId), new Y.Doc())
  await reader.whenSynced
  const before = await storedRows(listId)
  expect(before).toBeGreaterThan(toggles)
  const first = await compactStore(reader)
  // one slice became one row; the other rows wait for the next run
  expect(first).toMatchObject({ kind: 'merge', rowsBefore: before, rowsAfter: before - COMPACT_SLICE_ROWS + 1 })
  expect(await storedRows(listId)).toBe(before - COMPACT_SLICE_ROWS + 1)
  const second = await compactStore(reader)
  expect(second).toMatchObject({ kind: 'merge', rowsAfter: before - 2 * COMPACT_SLICE_ROWS + 2 })
  const third = await compactStore(reader)
  expect(third).toMatchObject({ kind: 'full', rowsAfter: 1 })
  expect(await storedRows(listId)).toBe(1)
  await reader.destroy()

  const reopened = new Y.Doc()
  const again = openLocalStore(listId, reopened)
  await again.whenLoaded
  expect(content(reopened)).toEqual(content(doc))
  await again.destroy()
}, 30_000)

test('a list opened with more rows than a slice is merged slice by slice after it loaded', async () => {
  const listId = randomId(16)
  const { doc, persistence, ids } = await plainList(listId, 10)
  for (let i = 0; i < COMPACT_SLICE_ROWS * 2 + 100; i++) toggleVote(doc, { paperId: ids[i % ids.length]!, memberId: 'member-1', at: i })
  await settle(100)
  await persistence.destroy()

  const reopened = new Y.Doc()
  const compactions: Compaction[] = []
  const again = openLocalStore(listId, reopened, undefined, (result) => compactions.push(result))
  await again.whenLoaded
  for (let waited = 0; waited < 90_000 && (await storedRows(listId)) >= COMPACT_AFTER_ROWS; waited += 500) await settle(500)
  await settle(1_000)
  // a whole slice per run while more than a slice was stored, then the few rows left
  expect(compactions.slice(0, 2).map((run) => run.rowsBefore - run.rowsAfter)).toEqual([COMPACT_SLICE_ROWS - 1, COMPACT_SLICE_ROWS - 1])
  expect(compactions.every((run) => run.rowsBefore - run.rowsAfter <= COMPACT_SLICE_ROWS)).toBe(true)
  expect(await storedRows(listId)).toBeLessThanOrEqual(3)
  expect(content(reopened)).toEqual(content(doc))
  await again.destroy()
}, 120_000)
