import { For, Show, createSignal } from 'solid-js'
import type { JSX } from 'solid-js'
import { EMPTY_QUERY, LIST_FILTERS, LIST_SORTS, MAX_QUERY_LENGTH, narrowsList } from '../../doc/listQuery.js'
import type { ListFilter, ListQuery, ListSort } from '../../doc/listQuery.js'
import './findBar.css'

const FILTER_LABELS: Record<ListFilter, string> = {
  mine: 'My votes',
  notMine: 'Not voted by me',
  unreadByMe: 'Unread by me',
  hasCode: 'Has code',
  pending: 'Details pending',
}

const SORT_LABELS: Record<ListSort, string> = {
  rank: 'Rank',
  recent: 'Recently added',
  published: 'Publication date',
  mostRead: 'Most read',
  citations: 'Most cited',
}

/** Counts as "1,234": one formatter for the page (`toLocaleString` builds one per call, on every keystroke). */
const COUNT_FORMAT = new Intl.NumberFormat('en-US')

/** How many choices of the filter panel differ from the plain list (shown on its button). */
const activeChoices = (query: ListQuery): number => query.filters.length + (query.tag ? 1 : 0) + (query.sort !== 'rank' ? 1 : 0)

/**
 * The find bar above the papers: a search box (instant, as you type), a Filters button that
 * opens the filters (my votes, not voted by me, unread by me, has code, details pending, a
 * tag) and the sort, and room for one more control (`children`, the Add button). It only
 * edits the query; the list page applies it (`applyListQuery`) and keeps it in the address.
 */
export function FindBar(props: { query: ListQuery; onChange: (query: ListQuery) => void; tags: () => string[]; onFocus?: () => void; children?: JSX.Element }) {
  const [open, setOpen] = createSignal(activeChoices(props.query) > 0)
  const update = (change: Partial<ListQuery>) => props.onChange({ ...props.query, ...change })
  const toggle = (filter: ListFilter) => {
    const on = props.query.filters.includes(filter)
    // "my votes" and "not voted by me" exclude each other: turning one on turns the other off
    const other: ListFilter | null = filter === 'mine' ? 'notMine' : filter === 'notMine' ? 'mine' : null
    const rest = props.query.filters.filter((name) => name !== filter && name !== other)
    update({ filters: on ? rest : [...rest, filter] })
  }
  return (
    <div class="find-bar" role="search" aria-label="Find papers">
      <div class="find-row">
        <label class="visually-hidden" for="find-input">Search papers</label>
        <input
          id="find-input"
          class="find-input"
          type="search"
          autocomplete="off"
          enterkeyhint="search"
          maxlength={MAX_QUERY_LENGTH}
          placeholder="Search papers"
          value={props.query.text}
          onInput={(event) => update({ text: event.currentTarget.value })}
          onFocus={() => props.onFocus?.()}
        />
        <button type="button" class="filters-button" aria-expanded={open()} aria-controls="find-filters" onClick={() => setOpen(!open())}>
          Filters<Show when={activeChoices(props.query)}>{(count) => <span class="filters-count"> · {count()}</span>}</Show>
        </button>
        {props.children}
      </div>
      <Show when={open()}>
        <div class="find-filters" id="find-filters">
          <div class="filter-chips" role="group" aria-label="Filters">
            <For each={LIST_FILTERS}>
              {(filter) => (
                <button type="button" class="chip" aria-pressed={props.query.filters.includes(filter)} onClick={() => toggle(filter)}>
                  {FILTER_LABELS[filter]}
                </button>
              )}
            </For>
          </div>
          <div class="find-selects">
            <label class="find-select">
              Tag
              <select value={props.query.tag} onChange={(event) => update({ tag: event.currentTarget.value })}>
                <option value="">Any tag</option>
                <For each={props.tags()}>{(tag) => <option value={tag} selected={tag === props.query.tag}>{tag}</option>}</For>
                <Show when={props.query.tag && !props.tags().includes(props.query.tag)}>
                  <option value={props.query.tag} selected>{props.query.tag}</option>
                </Show>
              </select>
            </label>
            <label class="find-select">
              Sort
              <select value={props.query.sort} onChange={(event) => update({ sort: event.currentTarget.value as ListSort })}>
                <For each={LIST_SORTS}>{(sort) => <option value={sort} selected={sort === props.query.sort}>{SORT_LABELS[sort]}</option>}</For>
              </select>
            </label>
          </div>
        </div>
      </Show>
    </div>
  )
}

/**
 * What the list says under a query that narrows it: "12 of 80 papers" with a Clear button,
 * or, when nothing matches, that nothing matches and an offer to clear.
 */
export function FindStatus(props: { query: ListQuery; shown: number; total: number; onClear: () => void }) {
  return (
    <Show when={narrowsList(props.query)}>
      <div class="find-status" role="status" data-testid="find-status">
        <Show when={props.shown > 0} fallback={<p><strong>No papers match</strong>{props.query.text.trim() ? <> “{props.query.text.trim()}”</> : null} with these filters.</p>}>
          <p>{COUNT_FORMAT.format(props.shown)} of {COUNT_FORMAT.format(props.total)} {props.total === 1 ? 'paper' : 'papers'}</p>
        </Show>
        <button type="button" class="clear-find" onClick={() => props.onClear()}>Clear search and filters</button>
      </div>
    </Show>
  )
}

/** The query with search and filters cleared; the sort stays (it hides nothing). */
export const clearedQuery = (query: ListQuery): ListQuery => ({ ...EMPTY_QUERY, sort: query.sort })
