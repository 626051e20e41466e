import { For, Show, createSignal, onMount } from 'solid-js'
import type { PaperId } from '../../doc/ids.js'
import type { CachedRow, CachedView } from '../../sync/cachedView.js'
import type { VoteIntents } from '../../sync/voteIntents.js'
import type { ListSeed } from '../components/PaperList.js'
import { RowLayout } from '../components/PaperRow.js'
import { rowIdsOnScreen, rowTop } from '../components/rowsOnScreen.js'
import { linkClick } from '../router.js'

/** What the cached page hands to the document's page: its order, the rows on screen, and where the first of them stood. */
export type Handover = ListSeed

/**
 * A list painted from its cached view while its document loads: the header's name, the
 * next-up card and the first rows, each where the list's page last had it (the page below
 * the header is laid out to the recorded offsets, so nothing moves when the document's page
 * takes over). A vote tapped here is kept as an intent and shown at once; it is applied
 * when the document has loaded. Painted over the page's first script's rows (same markup), it
 * keeps the focus on the vote button that had it (`focusPaperId`). `onHandover` receives what the document's page needs to
 * keep the rows on screen in place.
 */
export function CachedListPage(props: { view: CachedView; listId: string; readOnly: boolean; intents: VoteIntents; focusPaperId?: string | null; onHandover: (take: () => Handover) => void }) {
  const view = props.view
  // each row's vote as the reader wants it (the intents are plain data: a signal per tap redraws the row)
  const [taps, setTaps] = createSignal(0)
  const voted = (row: CachedRow) => {
    taps()
    return props.intents.wanted(row.id as PaperId) ?? row.voted
  }
  const votes = (row: CachedRow) => row.votes + (voted(row) === row.voted ? 0 : voted(row) ? 1 : -1)
  const toggle = (row: CachedRow) => {
    props.intents.want(row.id as PaperId, !voted(row))
    setTaps((count) => count + 1)
  }
  let lead: HTMLDivElement | undefined
  let card: HTMLElement | undefined
  let list: HTMLOListElement | undefined
  const [leadHeight, setLeadHeight] = createSignal<number | null>(null)
  onMount(() => {
    if (props.focusPaperId) list?.querySelector<HTMLElement>(`article[data-paper-id="${CSS.escape(props.focusPaperId)}"] button.vote`)?.focus({ preventScroll: true })
    // lay the page out as it was recorded (same width only), before the first paint
    if (!list || !lead || Math.abs(view.layout.width - window.innerWidth) > 1) return
    const documentTop = (element: Element) => element.getBoundingClientRect().top + window.scrollY
    // the card's offset is set on the element at once: the list's place below is measured with it
    const offset = card && view.layout.nextUpTop !== null ? Math.max(0, view.layout.nextUpTop - documentTop(card)) : 0
    if (card && offset) card.style.marginTop = `${offset}px`
    const shift = view.layout.listTop - documentTop(list)
    setLeadHeight(Math.max(0, lead.getBoundingClientRect().height + shift))
  })
  props.onHandover(() => {
    const onScreen = list ? rowIdsOnScreen(list) : []
    const first = onScreen[0]
    return {
      label: view.label,
      ids: view.rows.map((row) => row.id as PaperId),
      onScreen,
      anchor: first && list ? { id: first, top: rowTop(list, first)! } : null,
    }
  })
  return (
    <>
      <header class="list-header">
        <div class="header-row">
          <a class="back" href="/" onClick={linkClick} aria-label="My lists">‹</a>
          <h1 class="list-title">{view.name || 'Opening the list…'}</h1>
        </div>
      </header>
      <main class="page" aria-busy="true">
        <div ref={lead} class="cached-lead" style={leadHeight() === null ? {} : { height: `${leadHeight()}px`, overflow: 'hidden' }}>
          <section ref={card} class="next-up" aria-labelledby="next-up-heading" data-testid="next-up">
            <h2 id="next-up-heading">Next up</h2>
            <Show when={view.nextUp} fallback={<p class="muted">Nothing queued yet. Add a paper below.</p>}>
              {(next) => (
                <>
                  <p class="next-title">{next().title}</p>
                  <p class="paper-meta">
                    <span>{next().authors}</span>
                    <span class="votes-label">{next().votes} {next().votes === 1 ? 'vote' : 'votes'}</span>
                  </p>
                </>
              )}
            </Show>
          </section>
        </div>
        <ol ref={list} class="paper-list" aria-label={view.label} data-cached-view="">
          {/* bound: CACHED_ROWS rows (readCachedView refuses a view with more) */}
          <For each={view.rows}>
            {(row) => (
              <li data-row-id={row.id}>
                <RowLayout
                  id={row.id as PaperId}
                  listId={props.listId}
                  fields={row}
                  votes={votes(row)}
                  voted={voted(row)}
                  disabled={props.readOnly}
                  onToggle={() => toggle(row)}
                  nowRank={null}
                  reason={row.reason ? <span class="rank-reason">{row.reason}</span> : undefined}
                />
              </li>
            )}
          </For>
        </ol>
      </main>
    </>
  )
}
