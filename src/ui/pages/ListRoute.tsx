import { Match, Show, Switch, createEffect, createMemo, createResource, createSignal, onCleanup, onMount } from 'solid-js'
import type { Accessor } from 'solid-js'
import type { PaperId } from '../../doc/ids.js'
import { createList, upsertMember } from '../../doc/ops.js'
import { listMembers, readMeta } from '../../doc/queries.js'
import { rankReason } from '../../doc/club/rankReason.js'
import { membersOf, metaOf } from '../../doc/schema.js'
import { createListView } from '../../reactive/createListView.js'
import type { ListView } from '../../reactive/createListView.js'
import { createYValue } from '../../reactive/createYValue.js'
import { parseFragment } from '../../sync/access.js'
import type { ListAccess } from '../../sync/access.js'
import type { Identity } from '../../sync/identity.js'
import { findList, rememberList, renameKnownList, takeNameToWrite } from '../../sync/lists.js'
import { splitLinkFragment } from '../../sync/shareLink.js'
import { openListSession } from '../../sync/session.js'
import type { ListSession } from '../../sync/session.js'
import { CACHED_ROWS, CACHED_TEXT_LIMIT, CACHED_VIEW_VERSION, readCachedView, scheduleCachedViewWrites } from '../../sync/cachedView.js'
import type { CachedRow, CachedView } from '../../sync/cachedView.js'
import { createVoteIntents } from '../../sync/voteIntents.js'
import { takeEarlyStart } from '../../boot/earlyStart.js'
import type { VoteIntents } from '../../sync/voteIntents.js'
import { ShownOrderHostContext } from '../components/PaperList.js'
import type { ShownOrderHost } from '../components/PaperList.js'
import { authorLine } from '../components/PaperLinks.js'
import { rowFieldsOf } from '../components/PaperRow.js'
import { CachedListPage } from './CachedListPage.js'
import type { Handover } from './CachedListPage.js'
import { afterPaint } from '../afterPaint.js'
import { linkClick, navigate } from '../router.js'
import { ShortlistProvider } from '../ShortlistContext.js'
import { ClubProvider } from '../club/ClubProvider.js'
import { ListPage } from './ListPage.js'
import { lazyPreloaded } from '../lazyPreloaded.js'

/** A paper's page is loaded on first use; the service worker precaches it for offline starts. */
const PaperPage = lazyPreloaded(() => import('./PaperPage.js').then((module) => ({ default: module.PaperPage })))

interface RouteProps {
  listId: string
  fragment: string
  paperId: string | null
  identity: Identity
  syncUrl: string
}

/**
 * Works out the access to a list from its link (storing the secret on this device and
 * taking it out of the address bar) or from what the device already holds. The list name a
 * link carries is only remembered for a list this device does not know yet.
 */
function resolveAccess(listId: string, fragment: string): (ListAccess & { listId: string }) | null {
  if (fragment) {
    const link = splitLinkFragment(fragment)
    const fromLink = parseFragment(link.access)
    if (fromLink) {
      const known = findList(listId)
      const stored = rememberList({ id: listId, fragment: fromLink.fragment, ...(known ? {} : { name: link.name }) })
      queueMicrotask(() => navigate(location.pathname + location.search, { replace: true }))
      const access = stored ? parseFragment(stored.fragment) : fromLink
      return access ? { ...access, listId } : null
    }
  }
  const known = findList(listId)
  const access = known ? parseFragment(known.fragment) : null
  return access ? { ...access, listId } : null
}

/** How long the document waits for the cached view to be read before it is read anyway (a stuck database must not hold the list back). */
const CACHED_VIEW_WAIT_MS = 150

/** A list page from its URL: checks the link, opens the list, shows the list or one paper. */
export function ListRoute(props: RouteProps) {
  const access = createMemo(() => resolveAccess(props.listId, props.fragment), null, {
    equals: (a, b) => a?.listId === b?.listId && a?.fragment === b?.fragment,
  })
  return (
    <Show when={access()} keyed fallback={<MissingKey hadFragment={!!props.fragment} />}>
      {(granted) => <OpenList access={granted} listId={granted.listId} paperId={props.paperId} identity={props.identity} syncUrl={props.syncUrl} />}
    </Show>
  )
}

function MissingKey(props: { hadFragment: boolean }) {
  return (
    <main class="page narrow">
      <h1>This link is incomplete</h1>
      <p>
        {props.hadFragment
          ? 'The key after “#” in this link is not valid. Ask for the link again and open it exactly as shared.'
          : 'This list is not on this device, and the link has no key after “#”. Ask for the full share link.'}
      </p>
      <p><a href="/" onClick={linkClick}>Go to my lists</a></p>
    </main>
  )
}

/**
 * Opens a list: with a cached view for this page's query, the list paints from it first and
 * its document is read after that paint; without one, the document is read at once. The
 * document's page takes over once it has loaded, keeping the rows on screen in place.
 */
function OpenList(props: { access: ListAccess; listId: string; paperId: string | null; identity: Identity; syncUrl: string }) {
  const [session, setSession] = createSignal<ListSession | null>(null)
  let closed = false
  // the document is read once the cached view has painted (its decoding is one long task that would hold the first frame back), or at once without one
  const openDocument = () => {
    if (closed || session()) return
    setSession(openListSession({ listId: props.listId, access: props.access, identity: props.identity, syncUrl: props.syncUrl }))
  }
  onCleanup(() => {
    closed = true
    session()?.destroy()
  })
  const [loaded] = createResource(session, (opened) => opened.whenLoaded.then(() => true))
  const query = location.search
  // the rows the page's first script painted: taken over in this render (no frame without rows), with the taps made on them
  const early = props.paperId ? null : takeEarlyStart(props.listId, query)
  const [cached, setCached] = createSignal<CachedView | null>(early?.view ?? null)
  if (early) afterPaint(openDocument)
  else {
    const waiting = setTimeout(openDocument, CACHED_VIEW_WAIT_MS)
    onCleanup(() => clearTimeout(waiting))
    void readCachedView(props.listId).then((view) => {
      clearTimeout(waiting)
      // a view read late still paints if the document has not loaded yet
      if (view && view.query === query && !props.paperId && !loaded()) {
        setCached(view)
        afterPaint(openDocument)
      } else openDocument()
    })
  }
  const intents = createVoteIntents(early?.wants)
  // set by the cached page; read once when the document's page takes over
  const handover: { take: (() => Handover) | null } = { take: null }
  return (
    <Switch fallback={<main class="page narrow" aria-busy="true"><p class="muted">Opening the list…</p></main>}>
      <Match when={loaded.error}>
        {(error) => (
          <main class="page narrow" role="alert">
            <h1>This list cannot be opened here</h1>
            <p>{error() instanceof Error ? (error() as Error).message : 'The browser refused to store data.'}</p>
            <p>Shortlist keeps each list on your device so it works offline. Allow site data for this page, or leave private browsing, and reload.</p>
          </main>
        )}
      </Match>
      <Match when={loaded()}>
        <LoadedList session={session()!} paperId={props.paperId} identity={props.identity} intents={intents} handover={handover.take?.() ?? null} />
      </Match>
      <Match when={!props.paperId && cached()}>
        {(view) => (
          <CachedListPage view={view()} listId={props.listId} readOnly={props.access.readOnly} intents={intents} focusPaperId={early?.focusAtHandover ?? null} onHandover={(take) => (handover.take = take)} />
        )}
      </Match>
    </Switch>
  )
}

/**
 * The list from its loaded document: its views, the list page or a paper's page, the votes
 * tapped on the cached view (applied once), and the cached view written back from the list
 * shown (its shown order) when the page is idle after changes and on `pagehide`.
 */
function LoadedList(props: { session: ListSession; paperId: string | null; identity: Identity; intents: VoteIntents; handover: Handover | null }) {
  const { session, identity } = props
  const doc = session.doc
  const readOnly = session.access.readOnly
  performance.mark('shortlist:render-list')
  const view = createListView(doc, identity.memberId)
  const members = createYValue(membersOf(doc), () => new Map(listMembers(doc).map((member) => [member.id, member])))
  const meta = createYValue(metaOf(doc), () => readMeta(doc))
  // before the list's own name arrives, show the one this device remembered (from its link)
  const rememberedName = findList(session.listId)?.name ?? ''
  const listName = () => meta().name || rememberedName
  const shownOrders = createShownOrderHost(props.handover)
  const cachedViewWrites = scheduleCachedViewWrites(() => cachedViewOf(session.listId, listName(), view, shownOrders.showing()))
  onCleanup(() => cachedViewWrites.destroy())
  createEffect(() => {
    // what the cached view holds: a change of any of it schedules a write (when the page is idle)
    const showing = shownOrders.showing()
    if (!showing) return
    listName()
    view.queue().length
    const next = view.nextUp()
    if (next) view.votes(next)
    for (const id of showing.ids().slice(0, CACHED_ROWS)) {
      view.paper(id)
      view.votes(id)
      view.myVote(id)
    }
    cachedViewWrites.changed()
  })
  onMount(() => {
    const nameToWrite = readOnly ? null : takeNameToWrite(session.listId)
    if (nameToWrite && !readMeta(doc).name) createList(doc, { name: nameToWrite })
    if (!readOnly) {
      upsertMember(doc, { id: identity.memberId, name: identity.name, colour: identity.colour })
      // votes tapped on the cached view, once each
      props.intents.apply(doc, identity.memberId)
    }
    // the list paints first; the relay (and what follows it: presence, lookups) comes a frame
    // later, so its set-up never lands in the task that follows the first paint
    afterPaint(() => afterPaint(() => void session.connect().catch(() => undefined)))
  })
  createEffect(() => {
    const name = meta().name
    if (name) renameKnownList(session.listId, name)
  })
  createEffect(() => session.relay()?.setViewing(props.paperId ?? undefined))
  return (
    <ShortlistProvider value={{ session, view, identity, readOnly, members }}>
      <ShownOrderHostContext.Provider value={shownOrders}>
        <ClubProvider>
          <Show when={props.paperId} fallback={<ListPage meta={{ ...meta(), name: listName() }} />}>
            {(paperId) => <PaperPage paperId={paperId()} listName={listName()} />}
          </Show>
        </ClubProvider>
      </ShownOrderHostContext.Provider>
    </ShortlistProvider>
  )
}

/** A list on the page: its label, shown order and element. */
interface Showing {
  label: string
  ids: Accessor<readonly PaperId[]>
  element: () => HTMLElement | undefined
}

/** The page's side of the shown order: the cached view's handover (taken once) and the list shown now. */
function createShownOrderHost(handover: Handover | null): ShownOrderHost & { showing: Accessor<Showing | null> } {
  let seed = handover
  const [showing, setShowing] = createSignal<Showing | null>(null)
  return {
    takeSeed(label) {
      const taken = seed
      seed = null
      return taken && taken.label === label && taken.ids.length ? taken : null
    },
    show(label, ids, element) {
      const entry = { label, ids, element }
      setShowing(entry)
      onCleanup(() => setShowing((current) => (current === entry ? null : current)))
    },
    showing,
  }
}

/** The cached view of the list as shown now (the first rows of the shown order, where they stand on the page); null when no list is shown. */
function cachedViewOf(listId: string, name: string, view: ListView, showing: Showing | null): CachedView | null {
  const list = showing?.element()
  // a list removed from this device keeps no cached view
  if (!showing || !list || !list.isConnected || !findList(listId)) return null
  const documentTop = (element: Element) => Math.max(0, element.getBoundingClientRect().top + window.scrollY)
  const card = document.querySelector('[data-testid="next-up"]')
  const next = view.nextUp()
  const nextPaper = next ? view.paper(next) : undefined
  const rows: CachedRow[] = []
  const now = Date.now()
  for (const id of showing.ids().slice(0, CACHED_ROWS)) {
    const paper = view.paper(id)
    if (!paper) continue
    const votes = view.votes(id)
    rows.push({ id, ...rowFieldsOf(paper), reason: paper.status === 'queued' ? rankReason({ paper, votes }, now) : '', votes, voted: view.myVote(id) })
  }
  return {
    version: CACHED_VIEW_VERSION,
    listId,
    savedAt: now,
    name,
    label: showing.label,
    query: location.search,
    queued: view.queue().length,
    nextUp: next && nextPaper ? { id: next, title: nextPaper.title, authors: authorLine(nextPaper), votes: view.votes(next) } : null,
    layout: { width: window.innerWidth, listTop: documentTop(list), nextUpTop: card ? documentTop(card) : null },
    rows: rows.map(clampRow),
  }
}

/** Row text within the cached view's field bound (a row shows a line or two of it). */
function clampRow(row: CachedRow): CachedRow {
  const clamp = (text: string) => (text.length > CACHED_TEXT_LIMIT ? text.slice(0, CACHED_TEXT_LIMIT) : text)
  return { ...row, title: clamp(row.title), authors: clamp(row.authors), reason: clamp(row.reason), url: row.url.length > CACHED_TEXT_LIMIT ? '' : row.url, pdfUrl: row.pdfUrl.length > CACHED_TEXT_LIMIT ? '' : row.pdfUrl, codeUrl: row.codeUrl.length > CACHED_TEXT_LIMIT ? '' : row.codeUrl }
}
