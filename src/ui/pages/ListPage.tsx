import { For, Show, Suspense, createSignal, lazy } from 'solid-js'
import type { PaperId } from '../../doc/ids.js'
import { restorePaper } from '../../doc/ops.js'
import type { ListMeta } from '../../doc/schema.js'
import { AddPaper } from '../components/AddPaper.js'
import { ExportMenu } from '../import/ExportMenu.js'
import { ListHeader } from '../components/ListHeader.js'
import { NextUpCard } from '../components/NextUpCard.js'
import { PaperList } from '../components/PaperList.js'
import { PAPERS_ID } from '../components/SkipLink.js'
import { useShortlist } from '../ShortlistContext.js'
import { ClubNav } from '../club/ClubNav.js'
import { NextMeetingCard } from '../club/NextMeetingCard.js'
import { VoteBudgetNote } from '../club/voting.js'
import { listSection } from '../router.js'

/** Meetings, archive and activity load on first use; the list's home stays light. */
const ClubSection = lazy(() => import('../club/ClubSection.js'))

type Tab = 'queue' | 'discussed' | 'deleted'

/** A list: header, next up, add a paper, and the ranked queue (or the discussed / deleted papers). */
export function ListPage(props: { meta: ListMeta }) {
  const { view, readOnly } = useShortlist()
  const [tab, setTab] = createSignal<Tab>('queue')
  const tabs: { id: Tab; label: string; count: () => number }[] = [
    { id: 'queue', label: 'Queue', count: () => view.queue().length },
    { id: 'discussed', label: 'Discussed', count: () => view.discussed().length },
    { id: 'deleted', label: 'Deleted', count: () => view.deleted().length },
  ]
  return (
    <>
      <ListHeader name={props.meta.name} />
      <main class="page">
        <ClubNav current={listSection()} />
        <Show when={!listSection()} fallback={<Suspense><ClubSection section={listSection()!} /></Suspense>}>
        <Show when={props.meta.description}><p class="muted description">{props.meta.description}</p></Show>
        <NextMeetingCard />
        <NextUpCard />
        <Show when={!readOnly}><AddPaper /></Show>
        <div class="list-tools"><ExportMenu /></div>
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
            <PaperList ids={view.queue()} label="Ranked papers" empty="No papers in the queue." />
          </Show>
          <Show when={tab() === 'discussed'}>
            <PaperList ids={view.discussed()} label="Discussed papers" empty="Nothing discussed yet." />
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
