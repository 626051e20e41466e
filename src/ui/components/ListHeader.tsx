import { Show, createSignal, lazy, Suspense } from 'solid-js'
import { createPresence } from '../../reactive/createPresence.js'
import { linkClick } from '../router.js'
import { useShortlist } from '../ShortlistContext.js'
import { takeMoveNotice } from '../../sync/moveToNewLink.js'
import { Presence } from './Presence.js'
import { SyncBadge } from './SyncBadge.js'

const ShareDialog = lazy(() => import('./ShareDialog.js'))

/** The list header: back home, the list name, who is here, the sync badge and Share. */
export function ListHeader(props: { name: string }) {
  const { session, identity, readOnly } = useShortlist()
  const peers = createPresence(() => session.relay()?.awareness ?? null, identity.memberId)
  // right after "Move to a new link", the new list opens with its share link showing
  const justMoved = takeMoveNotice(session.listId)
  const [sharing, setSharing] = createSignal(justMoved)
  return (
    <header class="list-header">
      <div class="header-row">
        <a class="back" href="/" onClick={linkClick} aria-label="My lists">‹</a>
        <h1 class="list-title">{props.name || (session.status.connection() === 'synced' ? 'Untitled list' : 'Opening the list…')}</h1>
        <button type="button" class="share-button" onClick={() => setSharing(true)}>Share</button>
      </div>
      <div class="header-row secondary">
        <Presence peers={peers()} me={identity} />
        <SyncBadge connection={session.status.connection()} unsynced={session.status.unsynced()} pending={session.status.pending()} refused={session.status.refused()} moved={session.status.moved()} stopped={session.status.stopped()} />
      </div>
      <Show when={readOnly}><p class="banner">Read only: you can read this list but not change it.</p></Show>
      <Show when={session.storageProblem()}>{(problem) => <p class="banner warning" role="alert">{problem()}</p>}</Show>
      <Show when={sharing()}>
        <Suspense>
          <ShareDialog listId={session.listId} access={session.access} moved={justMoved} onClose={() => setSharing(false)} />
        </Suspense>
      </Show>
    </header>
  )
}
