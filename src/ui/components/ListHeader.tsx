import { Show, createSignal, lazy, Suspense } from 'solid-js'
import { createPresence } from '../../reactive/createPresence.js'
import { downloadBackup } from '../backupDownload.js'
import { linkClick } from '../router.js'
import { useShortlist } from '../ShortlistContext.js'
import { showToast } from '../toasts.js'
import { takeMoveNotice } from '../../sync/moveNotice.js'
import { ListMenu, type ListAction } from './ListMenu.js'
import { Presence } from './Presence.js'
import { SyncBadge } from './SyncBadge.js'
import { UnsyncedWarning } from './UnsyncedWarning.js'
import { fillPending, pendingPapers } from './PendingDetails.js'
import { lazyPreloaded } from '../lazyPreloaded.js'

const ShareDialog = lazyPreloaded(() => import('./ShareDialog.js'))
/** The list menu's dialogs (rename, remove, delete, export): off the start bundle, fetched when idle so they work offline. */
const ListActionDialog = lazyPreloaded(() => import('./ListActions.js').then((module) => ({ default: module.ListActionDialog })))
const UnclaimedListNotice = lazy(() => import('./UnclaimedListNotice.js'))

/**
 * The list header: back home, the list name, Share and the list menu, who is here, the sync
 * badge, and the notices that concern the whole list (read only, deleted for everyone,
 * changes waiting too long for the relay, storage problems).
 */
export function ListHeader(props: { name: string }) {
  const { session, identity, readOnly } = useShortlist()
  const peers = createPresence(() => session.relay()?.awareness ?? null, identity.memberId)
  // right after "Move to a new link", the new list opens with its share link showing
  const justMoved = takeMoveNotice(session.listId)
  const [sharing, setSharing] = createSignal(justMoved)
  const [action, setAction] = createSignal<Exclude<ListAction, 'backup'> | null>(null)
  const backup = () =>
    downloadBackup(session.doc, props.name).catch(() => showToast('The backup could not be made. Try again once this page has loaded online.'))
  const onAction = (picked: ListAction) => (picked === 'backup' ? void backup() : picked === 'fillPending' ? fillPending(session) : setAction(picked))
  return (
    <header class="list-header">
      <div class="header-row">
        <a class="back" href="/" onClick={linkClick} aria-label="My lists">‹</a>
        <h1 class="list-title">{props.name || (session.status.connection() === 'synced' ? 'Untitled list' : 'Opening the list…')}</h1>
        <Show when={!session.deleted()}>
          <button type="button" class="share-button" onClick={() => setSharing(true)}>Share</button>
        </Show>
        <ListMenu readOnly={readOnly || session.deleted()} onAction={onAction} pendingCount={() => pendingPapers(session.doc).length} />
      </div>
      <div class="header-row secondary">
        <Presence peers={peers()} me={identity} />
        <Show when={!session.deleted()}>
          <SyncBadge connection={session.status.connection()} unsynced={session.status.unsynced()} pending={session.status.pending()} stopped={session.status.stopped()} cannotSave={session.status.cannotSave()} />
        </Show>
      </div>
      <Show when={readOnly}><p class="banner">Read only: you can read this list but not change it.</p></Show>
      <Show when={!readOnly && session.status.refused()}><Suspense><UnclaimedListNotice /></Suspense></Show>
      <Show when={session.deleted()}>
        <div class="banner warning deleted-notice" role="alert">
          <p><strong>This list was deleted for everyone.</strong> Nothing syncs any more. This device still has its copy: download a backup to keep it, then remove it from this device.</p>
          <div class="row">
            <button type="button" onClick={() => void backup()}>Download backup</button>
            <button type="button" onClick={() => setAction('remove')}>Remove from this device…</button>
          </div>
        </div>
      </Show>
      <Show when={!session.deleted()}>
        <UnsyncedWarning listId={session.listId} unsynced={session.status.unsynced()} onBackup={() => void backup()} />
      </Show>
      <Show when={session.storageProblem()}>{(problem) => <p class="banner warning" role="alert">{problem()}</p>}</Show>
      <Show when={sharing()}>
        <Suspense>
          <ShareDialog listId={session.listId} listName={props.name} access={session.access} moved={justMoved} onClose={() => setSharing(false)} />
        </Suspense>
      </Show>
      <Show when={action()} keyed>
        {(current) => <Suspense><ListActionDialog action={current} name={props.name} onClose={() => setAction(null)} /></Suspense>}
      </Show>
    </header>
  )
}
