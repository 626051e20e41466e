import { afterEach, expect, test } from 'vitest'
import * as Y from 'yjs'
import { randomId } from '../../src/doc/ids.js'
import { createList } from '../../src/doc/ops.js'
import { readMeta } from '../../src/doc/queries.js'
import { LocalStoreError, openLocalStore } from '../../src/sync/localStore.js'

const realIndexedDb = globalThis.indexedDB
afterEach(() => {
  globalThis.indexedDB = realIndexedDb
})

test('a list written on the device is there after reopening', async () => {
  const listId = randomId(16)
  const doc = new Y.Doc()
  const store = openLocalStore(listId, doc)
  await store.whenLoaded
  createList(doc, { name: 'Kept on the device' })
  await new Promise((resolve) => setTimeout(resolve, 50))
  await store.destroy()

  const again = new Y.Doc()
  const reopened = openLocalStore(listId, again)
  await reopened.whenLoaded
  expect(readMeta(again).name).toBe('Kept on the device')
  await reopened.destroy()
})

test('a browser that refuses IndexedDB gives a LocalStoreError, not a hang', async () => {
  globalThis.indexedDB = {
    open() {
      throw new DOMException('The user denied permission to access the database.', 'SecurityError')
    },
  } as unknown as IDBFactory
  const store = openLocalStore(randomId(16), new Y.Doc())
  const error = await store.whenLoaded.then(() => null, (caught: unknown) => caught)
  expect(error).toBeInstanceOf(LocalStoreError)
  expect((error as LocalStoreError).reason).toBe('refused')
  await store.destroy()
})

const settle = () => new Promise((resolve) => setTimeout(resolve, 50))

test('edits made after loading are stored (the store listens again once loaded)', async () => {
  const listId = randomId(16)
  const doc = new Y.Doc()
  const store = openLocalStore(listId, doc)
  await store.whenLoaded
  createList(doc, { name: 'Many edits' })
  for (let i = 0; i < 80; i++) doc.getMap('papers').set(`title|p${i}`, `Paper ${i}`)
  await settle()
  await store.destroy()

  const again = new Y.Doc()
  const reopened = openLocalStore(listId, again)
  await reopened.whenLoaded
  expect(again.getMap('papers').size).toBe(80)
  again.getMap('papers').set('title|late', 'Written after loading')
  await settle()
  await reopened.destroy()

  const third = new Y.Doc()
  const last = openLocalStore(listId, third)
  await last.whenLoaded
  expect(readMeta(third).name).toBe('Many edits')
  expect(third.getMap('papers').get('title|late')).toBe('Written after loading')
  expect(third.getMap('papers').size).toBe(81)
  await last.destroy()
})

test('two tabs storing the same list keep each other\'s edits', async () => {
  const listId = randomId(16)
  const first = new Y.Doc()
  const firstStore = openLocalStore(listId, first)
  await firstStore.whenLoaded
  for (let i = 0; i < 60; i++) first.getMap('papers').set(`title|a${i}`, `A ${i}`)
  await settle()
  await firstStore.destroy()

  // two tabs open the list; the second writes while the first merges
  const tabA = new Y.Doc()
  const tabB = new Y.Doc()
  const storeB = openLocalStore(listId, tabB)
  await storeB.whenLoaded
  tabB.getMap('papers').set('title|fromB', 'Only in tab B')
  await settle()
  const storeA = openLocalStore(listId, tabA)
  await storeA.whenLoaded
  tabB.getMap('papers').set('title|fromB2', 'Also only in tab B')
  await settle()
  await storeA.destroy()
  await storeB.destroy()

  const check = new Y.Doc()
  const checkStore = openLocalStore(listId, check)
  await checkStore.whenLoaded
  expect(check.getMap('papers').get('title|fromB')).toBe('Only in tab B')
  expect(check.getMap('papers').get('title|fromB2')).toBe('Also only in tab B')
  expect(check.getMap('papers').size).toBe(62)
  await checkStore.destroy()
})
