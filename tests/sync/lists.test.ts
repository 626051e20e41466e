import { expect, test } from 'vitest'
import { randomId, newSecret } from '../../src/doc/ids.js'
import { readOnlyFragment } from '../../src/sync/access.js'
import { findList, forgetList, loadLists, rememberList, renameKnownList } from '../../src/sync/lists.js'
import { MemoryStorage } from '../helpers/browserStorage.js'

test('lists are remembered with their secret, most recently opened first', async () => {
  const storage = new MemoryStorage()
  const one = randomId(16)
  const two = randomId(16)
  rememberList({ id: one, fragment: newSecret(), name: 'One' }, storage)
  await new Promise((resolve) => setTimeout(resolve, 2))
  rememberList({ id: two, fragment: newSecret(), name: 'Two' }, storage)
  expect(loadLists(storage).map((list) => list.name)).toEqual(['Two', 'One'])
  renameKnownList(one, 'Journal club', storage)
  expect(findList(one, storage)?.name).toBe('Journal club')
  forgetList(two, storage)
  expect(loadLists(storage).map((list) => list.id)).toEqual([one])
})

test('a read-only link never downgrades a full secret already on the device', async () => {
  const storage = new MemoryStorage()
  const id = randomId(16)
  const secret = newSecret()
  rememberList({ id, fragment: secret }, storage)
  rememberList({ id, fragment: await readOnlyFragment(secret) }, storage)
  expect(findList(id, storage)?.fragment).toBe(secret)
})

test('invalid ids, invalid secrets and corrupt storage are ignored', () => {
  const storage = new MemoryStorage()
  expect(rememberList({ id: 'short', fragment: newSecret() }, storage)).toBeNull()
  expect(rememberList({ id: randomId(16), fragment: 'not-a-secret' }, storage)).toBeNull()
  storage.setItem('shortlist.lists', '[{"id":"x"},null,"junk"]')
  expect(loadLists(storage)).toEqual([])
  storage.setItem('shortlist.lists', '{oops')
  expect(loadLists(storage)).toEqual([])
})
