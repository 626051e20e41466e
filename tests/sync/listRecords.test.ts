import { expect, test } from 'vitest'
import * as Y from 'yjs'
import { openLocalStore } from '../../src/sync/localStore.js'
import { newSecret, randomId } from '../../src/doc/ids.js'

/** A list id for records that never reach a relay. */
const newListId = (): string => randomId(16)
import { findList, loadLists, markListDeleted, rememberList, takeNameToWrite } from '../../src/sync/lists.js'
import { removeFromDevice } from '../../src/sync/removeList.js'
import { memoryStorage } from '../helpers/memoryStorage.js'

test('a list created here keeps the name to write into its document until it is taken, once', () => {
  const storage = memoryStorage()
  const id = newListId()
  rememberList({ id, fragment: newSecret(), name: 'Journal club', nameToWrite: 'Journal club' }, storage)
  // opening it again (e.g. a reload before it opened) keeps the name waiting
  rememberList({ id }, storage)
  expect(takeNameToWrite(id, storage)).toBe('Journal club')
  expect(takeNameToWrite(id, storage)).toBeNull()
  expect(findList(id, storage)?.name).toBe('Journal club')
})

test('"deleted for everyone" is remembered until the list is removed from this device, which drops its database and keys', async () => {
  const storage = memoryStorage()
  const id = newListId()
  const other = newListId()
  rememberList({ id, fragment: newSecret(), name: 'Gone' }, storage)
  rememberList({ id: other, fragment: newSecret(), name: 'Kept' }, storage)
  markListDeleted(id, 123, storage)
  markListDeleted(id, 456, storage)
  rememberList({ id }, storage)
  expect(findList(id, storage)?.deletedAt).toBe(123)
  storage.setItem(`shortlist.relay.${id}`, '{}')
  storage.setItem(`shortlist.unsyncedSince.${id}`, '1')
  storage.setItem(`shortlist.relay.${other}`, '{}')

  // the device copy, written through y-indexeddb (fake-indexeddb in Node)
  const doc = new Y.Doc()
  const store = openLocalStore(id, doc)
  await store.whenLoaded
  doc.getMap('meta').set('name', 'Gone')
  const names = async () => (await indexedDB.databases()).map((db) => db.name)
  expect(await names()).toContain(`shortlist-${id}`)
  const removal = removeFromDevice(id, { storage })
  // the list is forgotten at once; the database goes once the open copy closes
  expect(loadLists(storage).map((list) => list.name)).toEqual(['Kept'])
  await store.destroy()
  expect(await removal).toBe(true)
  expect(await names()).not.toContain(`shortlist-${id}`)
  expect(loadLists(storage).map((list) => list.name)).toEqual(['Kept'])
  const keys = Array.from({ length: storage.length }, (_, index) => storage.key(index))
  expect(keys.filter((key) => key?.includes(id))).toEqual([])
  expect(keys).toContain(`shortlist.relay.${other}`)
})
