import { createMemo } from 'solid-js'
import type { Accessor } from 'solid-js'
import type { PaperId } from '../doc/ids.js'
import { applyListQuery, isEmptyQuery, narrowsQuery, queryToSearch } from '../doc/listQuery.js'
import type { ListQuery } from '../doc/listQuery.js'
import type { FindIndex } from './createFindIndex.js'

/**
 * Results kept per query while the ids and the find index stay the same: deleting a search
 * letter by letter finds each shorter query's result here. Each holds at most the list's ids.
 */
const KEPT_RESULTS = 16

/**
 * The ids `base` (a tab's order) shows under the reader's `query`, kept current as either
 * changes. The empty query is `base` itself. A keystroke that narrows the last query
 * (`narrowsQuery`) matches only the last result, and a query seen since the ids or the index
 * last changed (deleting what was typed) is taken from the last {@link KEPT_RESULTS} results,
 * so typing and deleting need no pass over the whole list once it was searched.
 */
export function createFoundIds(base: Accessor<PaperId[]>, query: Accessor<ListQuery>, find: Pick<FindIndex, 'version' | 'entry' | 'facts'>): Accessor<PaperId[]> {
  /** The ids and index version the kept results were found from. */
  let from: { ids: PaperId[]; version: number } | null = null
  let last: { query: ListQuery; ids: PaperId[] } | null = null
  const kept = new Map<string, PaperId[]>()
  return createMemo(() => {
    const current = query()
    const ids = base()
    if (isEmptyQuery(current)) return ids
    const version = find.version()
    if (from?.ids !== ids || from.version !== version) {
      from = { ids, version }
      last = null
      kept.clear()
    }
    const key = `${queryToSearch(current)}\n${current.text}`
    let found = kept.get(key)
    if (!found) {
      found = applyListQuery(last && narrowsQuery(last.query, current) ? last.ids : ids, current, find.entry, find.facts)
      if (kept.size >= KEPT_RESULTS) kept.delete(kept.keys().next().value!)
      kept.set(key, found)
    }
    last = { query: current, ids: found }
    return found
  })
}
