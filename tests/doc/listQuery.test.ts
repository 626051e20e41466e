import { describe, expect, test } from 'vitest'
import {
  EMPTY_QUERY,
  MAX_TERMS,
  compareForSort,
  isEmptyQuery,
  matchesTerms,
  narrowsList,
  narrowsQuery,
  passesFilters,
  queryFromSearch,
  queryToSearch,
  searchTerms,
  searchTextOf,
  applyListQuery,
  findEntryOf,
  tagChoices,
  type FindEntry,
  type FindFacts,
  type ListQuery,
  type SortFacts,
} from '../../src/doc/listQuery.js'
import type { PaperId } from '../../src/doc/ids.js'

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

describe('applying a query', () => {
  const entries = new Map([
    ['p1', findEntryOf({ ...paper({ title: 'Diffusion for images', tags: ['vision'] }), addedAt: 3, published: '2021' })],
    ['p2', findEntryOf({ ...paper({ title: 'Attention is all you need', codeUrl: 'https://github.com/x/y' }), addedAt: 1, published: '2017' })],
    ['p3', findEntryOf({ ...paper({ title: 'Diffusion language models', pending: true }), addedAt: 2, published: '' }, 'Ben presents')],
  ] as [PaperId, FindEntry][])
  const facts = new Map<PaperId, FindFacts>([
    ['p1', { votedByMe: true, readByMe: false, readCount: 0 }],
    ['p2', { votedByMe: false, readByMe: true, readCount: 4 }],
    ['p3', { votedByMe: true, readByMe: true, readCount: 2 }],
  ] as [PaperId, FindFacts][])
  const rankOrder = ['p2', 'p3', 'p1'] as PaperId[]
  const run = (over: Partial<ListQuery>) => applyListQuery(rankOrder, { ...EMPTY_QUERY, ...over }, (id) => entries.get(id), (id) => facts.get(id)!)

  test('the empty query keeps the rank order, as a copy', () => {
    const shown = run({})
    expect(shown).toEqual(rankOrder)
    expect(shown).not.toBe(rankOrder)
  })
  test('search keeps rank order among matches and reads notes', () => {
    expect(run({ text: 'diffusion' })).toEqual(['p3', 'p1'])
    expect(run({ text: 'ben' })).toEqual(['p3'])
    expect(run({ text: 'nothing like this' })).toEqual([])
  })
  test('filters and a tag use the live facts', () => {
    expect(run({ filters: ['mine'] })).toEqual(['p3', 'p1'])
    expect(run({ filters: ['notMine'] })).toEqual(['p2'])
    expect(run({ filters: ['unreadByMe'] })).toEqual(['p1'])
    expect(run({ filters: ['hasCode'] })).toEqual(['p2'])
    expect(run({ filters: ['pending'] })).toEqual(['p3'])
    expect(run({ tag: 'vision' })).toEqual(['p1'])
    expect(run({ text: 'diffusion', filters: ['unreadByMe'] })).toEqual(['p1'])
  })
  test('sorts: recently added, publication date, most read', () => {
    expect(run({ sort: 'recent' })).toEqual(['p1', 'p3', 'p2'])
    expect(run({ sort: 'published' })).toEqual(['p1', 'p2', 'p3'])
    expect(run({ sort: 'mostRead' })).toEqual(['p2', 'p3', 'p1'])
    expect(run({ text: 'diffusion', sort: 'recent' })).toEqual(['p1', 'p3'])
  })
  test('a paper this replica lacks is left out, and tag choices are unique and sorted', () => {
    expect(applyListQuery(['p9' as PaperId, 'p1' as PaperId], { ...EMPTY_QUERY, text: 'a' }, (id) => entries.get(id), () => facts.get('p1' as PaperId)!)).toEqual(['p1'])
    expect(tagChoices([{ tags: ['vision', 'nlp'] }, { tags: ['nlp', ''] }])).toEqual(['nlp', 'vision'])
  })
})

describe('narrowing a query', () => {
  const query = (over: Partial<ListQuery>): ListQuery => ({ ...EMPTY_QUERY, ...over })
  test('typing on, or adding a term, narrows; deleting, another term, filter, tag or sort does not', () => {
    expect(narrowsQuery(query({ text: 'prob' }), query({ text: 'probl' }))).toBe(true)
    expect(narrowsQuery(query({ text: 'problem' }), query({ text: 'problem 4' }))).toBe(true)
    expect(narrowsQuery(query({ text: '' }), query({ text: 'a' }))).toBe(true)
    expect(narrowsQuery(query({ text: 'Été' }), query({ text: 'l’été x' }))).toBe(true)
    expect(narrowsQuery(query({ text: 'probl' }), query({ text: 'prob' }))).toBe(false)
    expect(narrowsQuery(query({ text: 'prob' }), query({ text: 'prod' }))).toBe(false)
    expect(narrowsQuery(query({ text: 'a', sort: 'recent' }), query({ text: 'ab' }))).toBe(false)
    expect(narrowsQuery(query({ text: 'a', tag: 'x' }), query({ text: 'ab' }))).toBe(false)
    expect(narrowsQuery(query({ text: 'a', filters: ['mine'] }), query({ text: 'ab', filters: ['notMine'] }))).toBe(false)
    expect(narrowsQuery(query({ text: 'a', filters: ['mine', 'hasCode'] }), query({ text: 'ab', filters: ['hasCode', 'mine'] }))).toBe(true)
  })

  test('a narrower query applied to the last result gives what it gives applied to every paper', () => {
    const entries = new Map<PaperId, FindEntry>(
      ['deep problem 4321', 'problem 43', 'easy problem', 'a problem 4321 again', 'nothing'].map((title, at) => [
        `p${at}` as PaperId,
        findEntryOf({ ...paper({ title, abstract: '', authors: [], tags: [] }), addedAt: at, published: '' }),
      ]),
    )
    const ids = [...entries.keys()]
    const facts = (): FindFacts => ({ votedByMe: false, readByMe: false, readCount: 0 })
    let last = query({})
    let shown = ids
    for (const text of ['p', 'pr', 'problem', 'problem 4', 'problem 432', 'problem 4321']) {
      for (const sort of ['rank', 'recent'] as const) {
        const next = query({ text, sort })
        const from = narrowsQuery({ ...last, sort }, next) ? applyListQuery(shown, { ...last, sort }, (id) => entries.get(id), facts) : ids
        expect(applyListQuery(from, next, (id) => entries.get(id), facts)).toEqual(applyListQuery(ids, next, (id) => entries.get(id), facts))
      }
      last = query({ text })
      shown = applyListQuery(ids, last, (id) => entries.get(id), facts)
    }
    expect(shown).toEqual(['p0', 'p3'])
  })
})
