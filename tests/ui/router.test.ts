import { afterEach, expect, test } from 'vitest'
import { EMPTY_QUERY } from '../../src/doc/listQuery.js'
import { listQuery, listSection, navigate, setListQuery } from '../../src/ui/router.js'

afterEach(() => navigate('/', { replace: true }))

test('the find query is written into the address in place, keeping the other parameters, and read back', () => {
  navigate('/l/AAAAAAAAAAAAAAAAAAAAAA?view=meetings#key', { replace: true })
  const entries = history.length
  setListQuery({ text: 'diffusion models', filters: ['hasCode'], tag: 'vision', sort: 'recent' })
  expect(location.search).toBe('?view=meetings&q=diffusion+models&filter=hasCode&tag=vision&sort=recent')
  expect(location.hash).toBe('#key')
  expect(history.length).toBe(entries)
  expect(listQuery()).toEqual({ text: 'diffusion models', filters: ['hasCode'], tag: 'vision', sort: 'recent' })
  expect(listSection()).toBe('meetings')

  setListQuery(EMPTY_QUERY)
  expect(location.search).toBe('?view=meetings')
  expect(listQuery()).toEqual(EMPTY_QUERY)
})
