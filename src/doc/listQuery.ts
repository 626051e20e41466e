/**
 * Finding papers in a list: a query (search text, filters, a tag, a sort) that lives in the
 * URL, so a shared link or a reload shows the same view, and the pure rules that apply it.
 * Written for the list view's find bar (see `src/ui/README.md`, "The list view"), which is
 * not built yet; when it is, it calls these and filters or sorts nothing on its own.
 *
 * Search matches every term (case and accents ignored) anywhere in a paper's title,
 * authors, abstract, tags and note. Work per paper is bounded: at most `MAX_TERMS` terms, each
 * at most `MAX_TERM_LENGTH` characters, over a haystack whose fields the document layer
 * already caps in length.
 */
import { compareIds } from './ids.js'
import type { Paper } from './schema.js'

/** Filters a member can turn on; several combine with "and". */
export const LIST_FILTERS = ['mine', 'notMine', 'unreadByMe', 'hasCode', 'pending'] as const
export type ListFilter = (typeof LIST_FILTERS)[number]

/** Orders a member can choose. `rank` is the queue's own order (votes, then age, then id). */
export const LIST_SORTS = ['rank', 'recent', 'published', 'mostRead', 'citations'] as const
export type ListSort = (typeof LIST_SORTS)[number]

/** What the list shows. */
export interface ListQuery {
  text: string
  filters: ListFilter[]
  /** Only papers with this tag ('' for any). */
  tag: string
  sort: ListSort
}

/** The query of a plain list: everything, ranked. */
export const EMPTY_QUERY: Readonly<ListQuery> = Object.freeze({ text: '', filters: [], tag: '', sort: 'rank' })

/** Longest search text kept from a URL or a search box. */
export const MAX_QUERY_LENGTH = 200
/** Most search terms matched; the rest of a longer query is ignored. */
export const MAX_TERMS = 8
/** Longest single term. */
export const MAX_TERM_LENGTH = 64

/** Whether a query shows the whole list in rank order. */
export const isEmptyQuery = (query: ListQuery): boolean =>
  !query.text.trim() && !query.filters.length && !query.tag && query.sort === 'rank'

/** Whether a query narrows the list (an empty result then means "nothing matches", not "no papers"). */
export const narrowsList = (query: ListQuery): boolean => !!query.text.trim() || !!query.filters.length || !!query.tag

/**
 * Reads a query from a URL's search string (`?q=…&filter=mine,hasCode&tag=…&sort=recent`).
 * Tolerant: unknown filters and sorts are dropped, text is cut to `MAX_QUERY_LENGTH`.
 */
export function queryFromSearch(search: string): ListQuery {
  const params = new URLSearchParams(search)
  const filters = (params.get('filter') ?? '')
    .split(',')
    .filter((name, at, all): name is ListFilter => (LIST_FILTERS as readonly string[]).includes(name) && all.indexOf(name) === at)
  const sort = params.get('sort') ?? ''
  return {
    text: (params.get('q') ?? '').slice(0, MAX_QUERY_LENGTH),
    filters,
    tag: (params.get('tag') ?? '').slice(0, MAX_TERM_LENGTH),
    sort: (LIST_SORTS as readonly string[]).includes(sort) ? (sort as ListSort) : 'rank',
  }
}

/** Writes a query as a URL search string ('' for the empty query), in a fixed parameter order. */
export function queryToSearch(query: ListQuery): string {
  const params = new URLSearchParams()
  if (query.text.trim()) params.set('q', query.text.slice(0, MAX_QUERY_LENGTH))
  if (query.filters.length) params.set('filter', LIST_FILTERS.filter((name) => query.filters.includes(name)).join(','))
  if (query.tag) params.set('tag', query.tag)
  if (query.sort !== 'rank') params.set('sort', query.sort)
  const text = params.toString()
  return text ? `?${text}` : ''
}

/** Lower-case with accents removed: what search compares. */
export function foldForSearch(text: string): string {
  return text.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase()
}

/** The search terms of a query's text: folded, split on white space, bounded in number and length. */
export function searchTerms(text: string): string[] {
  return foldForSearch(text.slice(0, MAX_QUERY_LENGTH))
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, MAX_TERMS)
    .map((term) => term.slice(0, MAX_TERM_LENGTH))
}

/** The folded text search reads for one paper; callers may keep it per paper and reuse it. */
export function searchTextOf(paper: Pick<Paper, 'title' | 'authors' | 'abstract' | 'tags'>, note = ''): string {
  return foldForSearch([paper.title, paper.authors.join(' '), paper.abstract, paper.tags.join(' '), note].join('\n'))
}

/** Whether every term occurs in a paper's folded search text. */
export const matchesTerms = (searchText: string, terms: readonly string[]): boolean => terms.every((term) => searchText.includes(term))

/** What filters need to know about a paper beyond its fields: this member's vote and reading. */
export interface PaperFacts {
  votedByMe: boolean
  readByMe: boolean
}

/** Whether a paper passes a query's filters and tag (search is `matchesTerms`). */
export function passesFilters(paper: Pick<Paper, 'codeUrl' | 'pending' | 'tags'>, facts: PaperFacts, query: Pick<ListQuery, 'filters' | 'tag'>): boolean {
  if (query.tag && !paper.tags.includes(query.tag)) return false
  for (const filter of query.filters) {
    if (filter === 'mine' && !facts.votedByMe) return false
    if (filter === 'notMine' && facts.votedByMe) return false
    if (filter === 'unreadByMe' && facts.readByMe) return false
    if (filter === 'hasCode' && !paper.codeUrl) return false
    if (filter === 'pending' && !paper.pending) return false
  }
  return true
}

/** What the non-rank sorts read of a paper. */
export interface SortFacts {
  id: string
  addedAt: number
  published: string
  /** Members who marked it read. */
  readCount: number
  /** Citation count (`readCitations`), or null when unknown; only the `citations` sort reads it. */
  citations?: number | null
}

/**
 * The order of a non-rank sort, ending with a tie-break on id so every device shows the same
 * order: `recent` newest added first, `published` newest publication first (unknown dates
 * last), `mostRead` most readers first, `citations` most cited first (unknown counts last).
 * `rank` is the queue's comparator (`compareRanked`).
 */
export function compareForSort(sort: Exclude<ListSort, 'rank'>, a: SortFacts, b: SortFacts): number {
  let order = 0
  if (sort === 'recent') order = b.addedAt - a.addedAt
  else if (sort === 'published') order = comparePublished(a.published, b.published)
  else if (sort === 'citations') order = compareCounts(a.citations ?? null, b.citations ?? null)
  else order = b.readCount - a.readCount
  return order || compareIds(a.id, b.id)
}

/** Highest count first; a paper whose count is unknown sorts after every counted one. */
function compareCounts(a: number | null, b: number | null): number {
  if (a === null || b === null) return a !== null ? -1 : b !== null ? 1 : 0
  return b - a
}

/** Newest ISO date first; a paper with no date sorts after every dated one. */
function comparePublished(a: string, b: string): number {
  if (!a || !b) return a ? -1 : b ? 1 : 0
  return a < b ? 1 : a > b ? -1 : 0
}
