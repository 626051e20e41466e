/**
 * Finding papers in a list: a query (search text, filters, a tag, a sort) that lives in the
 * URL, so a shared link or a reload shows the same view, and the pure rules that apply it.
 * The list view's find bar (see `src/ui/README.md`, "The list view") calls these and filters
 * or sorts nothing on its own; `src/reactive/createFindIndex.ts` keeps one `FindEntry` per
 * paper, so a keystroke only runs `applyListQuery` over prepared entries.
 *
 * Search matches every term (case and accents ignored) anywhere in a paper's title,
 * authors, abstract, tags and note. Work per paper is bounded: at most `MAX_TERMS` terms, each
 * at most `MAX_TERM_LENGTH` characters, over a haystack whose fields the document layer
 * already caps in length.
 */
import { compareIds } from './ids.js'
import type { PaperId } from './ids.js'
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

/** Lower-case with accents removed: what search compares. Plain ASCII text (most papers) skips the Unicode decomposition. */
export function foldForSearch(text: string): string {
  if (/^[\u0000-\u007f]*$/.test(text)) return text.toLowerCase()
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

/** What find keeps of one paper: its folded search text and the fields filters and sorts read. Built once per change. */
export interface FindEntry {
  text: string
  codeUrl: string
  pending: boolean
  tags: string[]
  addedAt: number
  published: string
}

/** The find entry of a paper and its note. */
export function findEntryOf(paper: Pick<Paper, 'title' | 'authors' | 'abstract' | 'tags' | 'codeUrl' | 'pending' | 'addedAt' | 'published'>, note = ''): FindEntry {
  return { text: searchTextOf(paper, note), codeUrl: paper.codeUrl, pending: paper.pending, tags: paper.tags, addedAt: paper.addedAt, published: paper.published }
}

/** What find reads live of a paper besides its entry: this member's vote and reading, and how many have read it. */
export interface FindFacts extends PaperFacts {
  readCount: number
}

/**
 * The ids a query shows, from `ids` in rank order: those matching every search term and
 * passing the filters, in the query's sort (`rank` keeps the given order). A paper without
 * an entry (not on this replica) is left out. Work is one pass over `ids` (each a bounded
 * `includes` per term) plus a sort when the query asks for one.
 */
export function applyListQuery(
  ids: readonly PaperId[],
  query: ListQuery,
  entryOf: (id: PaperId) => FindEntry | undefined,
  factsOf: (id: PaperId) => FindFacts,
): PaperId[] {
  const terms = searchTerms(query.text)
  const filtering = terms.length > 0 || query.filters.length > 0 || !!query.tag
  let shown: PaperId[] = ids as PaperId[]
  if (filtering) {
    shown = []
    for (const id of ids) {
      const entry = entryOf(id)
      if (!entry) continue
      if (terms.length && !matchesTerms(entry.text, terms)) continue
      if ((query.filters.length || query.tag) && !passesFilters(entry, query.filters.some(needsFacts) ? factsOf(id) : NO_FACTS, query)) continue
      shown.push(id)
    }
  }
  if (query.sort === 'rank') return shown === ids ? ids.slice() : shown
  const sort = query.sort
  const keyed = shown.map((id) => {
    const entry = entryOf(id)
    return { id, addedAt: entry?.addedAt ?? 0, published: entry?.published ?? '', readCount: sort === 'mostRead' ? factsOf(id).readCount : 0 }
  })
  return keyed.sort((a, b) => compareForSort(sort, a, b)).map((facts) => facts.id)
}

/**
 * Whether every paper `next` shows is among those `previous` shows, from the same ids and
 * facts: the same filters, tag and sort, and each search term of `previous` inside one of
 * `next`'s (a paper holding the longer term holds the shorter). Typing on at the end of a
 * query narrows it, so a keystroke can match only what the last one showed.
 */
export function narrowsQuery(previous: ListQuery, next: ListQuery): boolean {
  if (previous.tag !== next.tag || previous.sort !== next.sort) return false
  if (previous.filters.length !== next.filters.length || previous.filters.some((filter) => !next.filters.includes(filter))) return false
  const nextTerms = searchTerms(next.text)
  return searchTerms(previous.text).every((term) => nextTerms.some((longer) => longer.includes(term)))
}

const NO_FACTS: FindFacts = { votedByMe: false, readByMe: false, readCount: 0 }
const needsFacts = (filter: ListFilter): boolean => filter === 'mine' || filter === 'notMine' || filter === 'unreadByMe'

/** Most tags offered in the tag filter. */
export const MAX_TAG_CHOICES = 200

/** The tags on a list's papers, each once, in alphabetical order, at most `MAX_TAG_CHOICES`. */
export function tagChoices(entries: Iterable<Pick<FindEntry, 'tags'>>): string[] {
  const tags = new Set<string>()
  // bounded: the replica's papers, each with at most FIELD_LIMITS.tags tags (`readTags` caps them)
  for (const entry of entries) for (const tag of entry.tags) if (tag) tags.add(tag)
  return [...tags].sort((a, b) => a.localeCompare(b)).slice(0, MAX_TAG_CHOICES)
}
