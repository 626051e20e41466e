import { For, Show, Suspense, createEffect, createMemo, createSignal, on } from 'solid-js'
import type { Accessor } from 'solid-js'
import type { PaperId } from '../../doc/ids.js'
import { queryToSearch, tagChoices } from '../../doc/listQuery.js'
import type { ListQuery } from '../../doc/listQuery.js'
import { restorePaper } from '../../doc/ops.js'
import type { ListMeta } from '../../doc/schema.js'
import { createFindIndex } from '../../reactive/createFindIndex.js'
import { createFoundIds } from '../../reactive/createFoundIds.js'
import { AddPaper } from '../components/AddPaper.js'
import { FindBar, FindStatus, clearedQuery } from '../components/FindBar.js'
import { ListHeader } from '../components/ListHeader.js'
import { NextUpCard } from '../components/NextUpCard.js'
import { PaperList } from '../components/PaperList.js'
import { PAPERS_ID } from '../components/SkipLink.js'
import { useShortlist } from '../ShortlistContext.js'
import { ClubNav } from '../club/ClubNav.js'
import { VoteBudgetNote } from '../club/voting.js'
import { paperShown, paperToShow, showPaper } from '../listFocus.js'
import type { ShowRequest } from '../listFocus.js'
import { listQuery, listSection, setListQuery } from '../router.js'
import { lazyPreloaded } from '../lazyPreloaded.js'

/** Meetings, archive and activity load on first use; the list's home stays light. */
const ClubSection = lazyPreloaded(() => import('../club/ClubSection.js'))

type Tab = 'queue' | 'discussed' | 'deleted'

/** How long a shown row stays highlighted (ms). */
const HIGHLIGHT_MS = 2_500
/** Frames spent bringing a row into a windowed list before giving up (each scrolls closer). */
const REVEAL_ATTEMPTS = 8

/**
 * A list: header, what comes next, the find bar with the Add button, and the papers of the
 * chosen tab (queue, discussed, deleted) as the find query in the address shows them.
 */
export function ListPage(props: { meta: ListMeta }) {
  const { session, identity, view, readOnly } = useShortlist()
  const [tab, setTab] = createSignal<Tab>('queue')
  const find = createFindIndex(session.doc, identity.memberId)
  const query = createMemo(listQuery, undefined, { equals: (a, b) => queryToSearch(a) === queryToSearch(b) && a.text === b.text })
  /** The ids of a tab as the query shows them; the plain list is the view's own order. */
  const found = (base: Accessor<PaperId[]>) => createFoundIds(base, query, find)
  const queue = found(view.queue)
  const discussed = found(view.discussed)
  let tagCache: { version: number; tags: string[] } = { version: -1, tags: [] }
  // read only while the filter panel is open: building every entry is a pass over the list
  const tags = () => {
    const version = find.version()
    if (tagCache.version !== version) tagCache = { version, tags: tagChoices(find.entries()) }
    return tagCache.tags
  }
  const changeQuery = (next: ListQuery) => setListQuery(next)
  const tabs: { id: Tab; label: string; count: () => number }[] = [
    { id: 'queue', label: 'Queue', count: () => view.queue().length },
    { id: 'discussed', label: 'Discussed', count: () => view.discussed().length },
    { id: 'deleted', label: 'Deleted', count: () => view.deleted().length },
  ]
  const shownIds = (): PaperId[] => (tab() === 'discussed' ? discussed() : tab() === 'queue' ? queue() : view.deleted())

  const reveal = async (request: ShowRequest) => {
    const paper = view.paper(request.id)
    if (!paper || paper.deletedAt) return paperShown(request)
    setTab(paper.status === 'discussed' ? 'discussed' : 'queue')
    if (!shownIds().includes(request.id)) setListQuery(clearedQuery(query()))
    await revealRow(request.id, shownIds)
    paperShown(request)
  }
  createEffect(on(paperToShow, (request) => request && !listSection() && void reveal(request)))

  return (
    <>
      <ListHeader name={props.meta.name} />
      <main class="page">
        <ClubNav current={listSection()} />
        <Show when={!listSection()} fallback={<Suspense><ClubSection section={listSection()!} /></Suspense>}>
        <Show when={props.meta.description}><p class="muted description">{props.meta.description}</p></Show>
        <NextUpCard />
        <FindBar query={query()} onChange={changeQuery} tags={tags} onFocus={find.warm}>
          <Show when={!readOnly}><AddPaper onAdded={(ids) => ids[0] && showPaper(ids[0])} /></Show>
        </FindBar>
        <Show when={tab() !== 'deleted'}>
          <FindStatus query={query()} shown={shownIds().length} total={tab() === 'discussed' ? view.discussed().length : view.queue().length} onClear={() => setListQuery(clearedQuery(query()))} />
        </Show>
        <VoteBudgetNote />
        <div class="tabs" role="tablist" aria-label="Papers">
          <For each={tabs}>
            {(item) => (
              <button type="button" role="tab" id={`tab-${item.id}`} aria-selected={tab() === item.id} aria-controls={PAPERS_ID} onClick={() => setTab(item.id)}>
                {item.label} <span class="count">{item.count()}</span>
              </button>
            )}
          </For>
        </div>
        <section id={PAPERS_ID} tabindex="-1" role="tabpanel" aria-labelledby={`tab-${tab()}`}>
          <Show when={tab() === 'queue'}>
            <PaperList ids={queue()} queryKey={queryToSearch(query())} label="Ranked papers" empty={view.queue().length ? 'No papers match.' : 'No papers in the queue.'} />
          </Show>
          <Show when={tab() === 'discussed'}>
            <PaperList ids={discussed()} queryKey={queryToSearch(query())} label="Discussed papers" empty={view.discussed().length ? 'No papers match.' : 'Nothing discussed yet.'} />
          </Show>
          <Show when={tab() === 'deleted'}>
            <DeletedList ids={view.deleted()} />
          </Show>
        </section>
        </Show>
      </main>
    </>
  )
}

const nextFrame = () => new Promise<void>((resolve) => requestAnimationFrame(() => resolve()))

/**
 * Scrolls a paper's row into the middle of the viewport and highlights it. A windowed list
 * renders only the rows near the viewport, so when the row is not in the DOM yet the page
 * scrolls by the distance the rendered rows suggest (their measured pitch times the rows
 * between) and looks again, at most `REVEAL_ATTEMPTS` frames.
 */
async function revealRow(id: PaperId, ids: () => PaperId[]): Promise<boolean> {
  for (let attempt = 0; attempt < REVEAL_ATTEMPTS; attempt++) {
    await nextFrame()
    const rows = [...document.querySelectorAll<HTMLElement>(`#${PAPERS_ID} article.paper-row[data-paper-id]`)]
    const row = rows.find((candidate) => candidate.dataset.paperId === id)
    if (row) {
      row.scrollIntoView({ block: 'center' })
      row.classList.add('just-shown')
      setTimeout(() => row.classList.remove('just-shown'), HIGHLIGHT_MS)
      return true
    }
    const order = ids()
    const target = order.indexOf(id)
    if (target < 0 || !rows.length) return false
    const first = rows[0]!
    const last = rows[rows.length - 1]!
    const firstAt = order.indexOf(first.dataset.paperId as PaperId)
    const lastAt = order.indexOf(last.dataset.paperId as PaperId)
    const firstTop = first.getBoundingClientRect().top
    const pitch = lastAt > firstAt ? (last.getBoundingClientRect().top - firstTop) / (lastAt - firstAt) : first.getBoundingClientRect().height
    window.scrollBy(0, firstTop + (target - firstAt) * pitch - window.innerHeight / 2)
  }
  return false
}

function DeletedList(props: { ids: PaperId[] }) {
  const { session, view, readOnly } = useShortlist()
  return (
    <Show when={props.ids.length} fallback={<p class="muted empty">Nothing deleted.</p>}>
      <ul class="paper-list deleted" aria-label="Deleted papers">
        <For each={props.ids}>
          {(id) => (
            <li class="deleted-row">
              <span class="paper-title">{view.paper(id)?.title}</span>
              <Show when={!readOnly}>
                <button type="button" onClick={() => restorePaper(session.doc, id)} aria-label={`Restore ${view.paper(id)?.title ?? ''}`}>Restore</button>
              </Show>
            </li>
          )}
        </For>
      </ul>
    </Show>
  )
}
