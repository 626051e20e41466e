import { Match, Show, Switch, createEffect, createMemo, createResource, lazy, onCleanup, onMount } from 'solid-js'
import { createList, upsertMember } from '../../doc/ops.js'
import { listMembers, readMeta } from '../../doc/queries.js'
import { membersOf, metaOf } from '../../doc/schema.js'
import { createListView } from '../../reactive/createListView.js'
import { createYValue } from '../../reactive/createYValue.js'
import { parseFragment } from '../../sync/access.js'
import type { ListAccess } from '../../sync/access.js'
import type { Identity } from '../../sync/identity.js'
import { findList, rememberList, renameKnownList, takeNameToWrite } from '../../sync/lists.js'
import { splitLinkFragment } from '../../sync/shareLink.js'
import { openListSession } from '../../sync/session.js'
import type { ListSession } from '../../sync/session.js'
import { afterPaint } from '../afterPaint.js'
import { linkClick, navigate } from '../router.js'
import { ShortlistProvider } from '../ShortlistContext.js'
import { ClubProvider } from '../club/ClubProvider.js'
import { ListPage } from './ListPage.js'

/** A paper's page is loaded on first use; the service worker precaches it for offline starts. */
const PaperPage = lazy(() => import('./PaperPage.js').then((module) => ({ default: module.PaperPage })))

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

function OpenList(props: { access: ListAccess; listId: string; paperId: string | null; identity: Identity; syncUrl: string }) {
  const session = openListSession({ listId: props.listId, access: props.access, identity: props.identity, syncUrl: props.syncUrl })
  onCleanup(() => session.destroy())
  const [loaded] = createResource(() => session.whenLoaded.then(() => true))
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
        <LoadedList session={session} paperId={props.paperId} identity={props.identity} />
      </Match>
    </Switch>
  )
}

function LoadedList(props: { session: ListSession; paperId: string | null; identity: Identity }) {
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
  onMount(() => {
    const nameToWrite = readOnly ? null : takeNameToWrite(session.listId)
    if (nameToWrite && !readMeta(doc).name) createList(doc, { name: nameToWrite })
    if (!readOnly) upsertMember(doc, { id: identity.memberId, name: identity.name, colour: identity.colour })
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
      <ClubProvider>
        <Show when={props.paperId} fallback={<ListPage meta={{ ...meta(), name: listName() }} />}>
          {(paperId) => <PaperPage paperId={paperId()} listName={listName()} />}
        </Show>
      </ClubProvider>
    </ShortlistProvider>
  )
}
