import { expect, test } from 'vitest'
import { UNSYNCED_WARN_AFTER_MS, noteUnsynced, unsyncedSinceKey, waitedTooLong } from '../../src/sync/unsyncedSince.js'
import { memoryStorage } from '../helpers/memoryStorage.js'

test('the first unsynced moment is kept across reloads until the relay confirms everything', () => {
  const storage = memoryStorage()
  const day = UNSYNCED_WARN_AFTER_MS
  expect(noteUnsynced('list', true, 1_000, storage)).toBe(1_000)
  // a later check (or a reload) keeps the first moment
  expect(noteUnsynced('list', true, 5_000, storage)).toBe(1_000)
  expect(storage.getItem(unsyncedSinceKey('list'))).toBe('1000')
  expect(waitedTooLong(1_000, 1_000 + day)).toBe(false)
  expect(waitedTooLong(1_000, 1_000 + day + 1)).toBe(true)
  // confirmed: the clock stops and restarts from the next unsynced change
  expect(noteUnsynced('list', false, 6_000, storage)).toBeNull()
  expect(storage.getItem(unsyncedSinceKey('list'))).toBeNull()
  expect(waitedTooLong(null, 10 * day)).toBe(false)
  expect(noteUnsynced('list', true, 7_000, storage)).toBe(7_000)
  // lists are counted apart
  expect(noteUnsynced('other', true, 9_000, storage)).toBe(9_000)
  expect(noteUnsynced('list', true, 9_000, storage)).toBe(7_000)
})

test('a stored time from the future or garbage counts from now', () => {
  const storage = memoryStorage()
  storage.setItem(unsyncedSinceKey('list'), 'soon')
  expect(noteUnsynced('list', true, 2_000, storage)).toBe(2_000)
  storage.setItem(unsyncedSinceKey('list'), String(10_000))
  expect(noteUnsynced('list', true, 3_000, storage)).toBe(3_000)
  expect(noteUnsynced('list', true, 4_000, null)).toBe(4_000)
})
