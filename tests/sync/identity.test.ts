import { expect, test } from 'vitest'
import { COLOURS, colourFor, loadIdentity, saveIdentity } from '../../src/sync/identity.js'
import { MemoryStorage } from '../helpers/browserStorage.js'

test('the member id is made once and kept when the name changes', () => {
  const storage = new MemoryStorage()
  expect(loadIdentity(storage)).toBeNull()
  const first = saveIdentity('  Ada   Lovelace ', storage)
  expect(first.name).toBe('Ada Lovelace')
  expect(first.memberId).toMatch(/^[A-Za-z0-9_-]{16}$/)
  expect(COLOURS).toContain(first.colour)
  const renamed = saveIdentity('Ada', storage)
  expect(renamed.memberId).toBe(first.memberId)
  expect(loadIdentity(storage)).toEqual(renamed)
})

test('an empty name is refused and unusable stored data reads as a first run', () => {
  const storage = new MemoryStorage()
  expect(() => saveIdentity('   ', storage)).toThrow()
  storage.setItem('shortlist.identity', '{not json')
  expect(loadIdentity(storage)).toBeNull()
  storage.setItem('shortlist.identity', JSON.stringify({ memberId: 'm1', name: 'Bo', colour: 'red;background:url(x)' }))
  expect(loadIdentity(storage)?.colour).toBe(COLOURS[0])
})

test('a member keeps the same colour everywhere', () => {
  expect(colourFor('abc')).toBe(colourFor('abc'))
})
