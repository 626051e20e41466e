import { describe, expect, test } from 'vitest'
import {
  EMPTY_QUERY,
  MAX_TERMS,
  compareForSort,
  isEmptyQuery,
  matchesTerms,
  narrowsList,
  passesFilters,
  queryFromSearch,
  queryToSearch,
  searchTerms,
  searchTextOf,
  type ListQuery,
  type SortFacts,
} from '../../src/doc/listQuery.js'

const paper = (over: Partial<{ title: string; authors: string[]; abstract: string; tags: string[]; codeUrl: string; pending: boolean }> = {}) => ({
  title: 'Attention Is All You Need',
  authors: ['Ashish Vaswani', 'Noam Shazeer'],
  abstract: 'The dominant sequence transduction models are based on recurrent networks.',
  tags: ['transformers'],
  codeUrl: '',
  pending: false,
  ...over,
})

describe('the query in the URL', () => {
  test('round-trips through the search string, in a fixed order', () => {
    const query: ListQuery = { text: 'diffusion models', filters: ['hasCode', 'mine'], tag: 'vision', sort: 'recent' }
    const search = queryToSearch(query)
    expect(search).toBe('?q=diffusion+models&filter=mine%2ChasCode&tag=vision&sort=recent')
    expect(queryFromSearch(search)).toEqual({ ...query, filters: ['mine', 'hasCode'] })
  })

  test('the empty query writes nothing and reads back as itself', () => {
    expect(queryToSearch(EMPTY_QUERY)).toBe('')
    expect(queryFromSearch('')).toEqual(EMPTY_QUERY)
    expect(isEmptyQuery(queryFromSearch('?sort=rank'))).toBe(true)
  })

  test('a hand-edited or hostile URL is read tolerantly and bounded', () => {
    const query = queryFromSearch(`?q=${'x'.repeat(10_000)}&filter=mine,bogus,mine,__proto__&sort=drop table&tag=${'t'.repeat(500)}`)
    expect(query.text).toHaveLength(200)
    expect(query.filters).toEqual(['mine'])
    expect(query.sort).toBe('rank')
    expect(query.tag).toHaveLength(64)
  })

  test('narrowing is search, filters or a tag, not a sort', () => {
    expect(narrowsList({ ...EMPTY_QUERY, sort: 'recent' })).toBe(false)
    expect(narrowsList({ ...EMPTY_QUERY, tag: 'x' })).toBe(true)
    expect(narrowsList({ ...EMPTY_QUERY, text: '  ' })).toBe(false)
  })
})

describe('search', () => {
  test('every term must match, anywhere in title, authors, abstract, tags or note, ignoring case and accents', () => {
    const text = searchTextOf(paper({ authors: ['Zoë Kravitz'] }), 'Read this before Thursday')
    expect(matchesTerms(text, searchTerms('attention zoe'))).toBe(true)
    expect(matchesTerms(text, searchTerms('TRANSFORMERS thursday'))).toBe(true)
    expect(matchesTerms(text, searchTerms('attention diffusion'))).toBe(false)
    expect(matchesTerms(text, searchTerms(''))).toBe(true)
  })

  test('terms are bounded in number and length', () => {
    const terms = searchTerms(Array.from({ length: 50 }, (_, i) => `t${i}${'y'.repeat(100)}`).join(' '))
    expect(terms.length).toBeLessThanOrEqual(MAX_TERMS)
    expect(terms.every((term) => term.length <= 64)).toBe(true)
  })
})

describe('filters', () => {
  const facts = { votedByMe: true, readByMe: false }
  test('combine with "and"', () => {
    expect(passesFilters(paper(), facts, { filters: ['mine', 'unreadByMe'], tag: '' })).toBe(true)
    expect(passesFilters(paper(), facts, { filters: ['mine', 'hasCode'], tag: '' })).toBe(false)
    expect(passesFilters(paper({ codeUrl: 'https://github.com/a/b' }), facts, { filters: ['hasCode'], tag: '' })).toBe(true)
    expect(passesFilters(paper(), { votedByMe: false, readByMe: true }, { filters: ['notMine'], tag: '' })).toBe(true)
    expect(passesFilters(paper(), { votedByMe: false, readByMe: true }, { filters: ['unreadByMe'], tag: '' })).toBe(false)
    expect(passesFilters(paper({ pending: true }), facts, { filters: ['pending'], tag: '' })).toBe(true)
  })
  test('a tag must be on the paper', () => {
    expect(passesFilters(paper(), facts, { filters: [], tag: 'transformers' })).toBe(true)
    expect(passesFilters(paper(), facts, { filters: [], tag: 'vision' })).toBe(false)
  })
})

describe('sorts', () => {
  const a: SortFacts = { id: 'a', addedAt: 10, published: '2024-01-02', readCount: 1 }
  const b: SortFacts = { id: 'b', addedAt: 20, published: '', readCount: 3 }
  const c: SortFacts = { id: 'c', addedAt: 20, published: '2025', readCount: 1 }
  const order = (sort: 'recent' | 'published' | 'mostRead') => [c, a, b].sort((x, y) => compareForSort(sort, x, y)).map((f) => f.id)
  test('recently added, newest publication (undated last), most read; ties by id', () => {
    expect(order('recent')).toEqual(['b', 'c', 'a'])
    expect(order('published')).toEqual(['c', 'a', 'b'])
    expect(order('mostRead')).toEqual(['b', 'a', 'c'])
  })
})
