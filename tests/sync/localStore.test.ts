import { afterEach, expect, test } from 'vitest'
import * as Y from 'yjs'
import { newListId } from '../../src/doc/ids.js'
import { createList } from '../../src/doc/ops.js'
import { readMeta } from '../../src/doc/queries.js'
import { LocalStoreError, openLocalStore } from '../../src/sync/localStore.js'

const realIndexedDb = globalThis.indexedDB
afterEach(() => {
  globalThis.indexedDB = realIndexedDb
})

test('a list written on the device is there after reopening', async () => {
  const listId = newListId()
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
  const store = openLocalStore(newListId(), new Y.Doc())
  const error = await store.whenLoaded.then(() => null, (caught: unknown) => caught)
  expect(error).toBeInstanceOf(LocalStoreError)
  expect((error as LocalStoreError).reason).toBe('refused')
  await store.destroy()
})
