import { Match, Show, Suspense, Switch, createSignal } from 'solid-js'
import type { JSX } from 'solid-js'
import { FIELD_LIMITS } from '../../doc/limits.js'
import { InvalidInputError, renameList } from '../../doc/ops.js'
import { deleteForEveryone, DeleteError, removeFromDevice } from '../../sync/removeList.js'
import { downloadBackup } from '../backupDownload.js'
import { navigate } from '../router.js'
import { useShortlist } from '../ShortlistContext.js'
import { showToast } from '../toasts.js'
import type { ListAction } from './ListMenu.js'
import { lazyPreloaded } from '../lazyPreloaded.js'
import { ModalDialog } from './ModalDialog.js'
import { lookupBaseUrl } from '../../sync/relayHttpBase.js'

/** The exporters and their dialog load on first use. */
const ExportDialog = lazyPreloaded(() => import('../import/ExportMenu.js'))

/** What the remove dialog says about changes the relay has not confirmed. */
export function unsyncedText(pending: number): string {
  if (pending === 1) return '1 change on this device has not reached the relay.'
  return `${pending > 1 ? `${pending} changes` : 'Changes'} on this device have not reached the relay.`
}

/** Shown when the exporters cannot be loaded. */
const BACKUP_FAILED = 'The backup could not be made. If you are offline, try again once this page has loaded online.'

/**
 * The dialogs behind the list menu: export, rename, remove from this device, delete for
 * everyone. Loaded apart from the start bundle but fetched once the list has painted and the
 * page is idle (`lazyPreloaded` in `ListHeader`): removing a list must work offline even
 * before the service worker has cached the app.
 */
export function ListActionDialog(props: { action: Exclude<ListAction, 'backup'>; name: string; onClose: () => void }) {
  return (
    <Switch>
      <Match when={props.action === 'export'}><Suspense><ExportDialog onClose={props.onClose} /></Suspense></Match>
      <Match when={props.action === 'rename'}><RenameDialog name={props.name} onClose={props.onClose} /></Match>
      <Match when={props.action === 'remove'}><RemoveDialog name={props.name} onClose={props.onClose} /></Match>
      <Match when={props.action === 'delete'}><DeleteDialog name={props.name} onClose={props.onClose} /></Match>
    </Switch>
  )
}

/** A modal dialog that opens on mount and reports every way it closes. */
function Dialog(props: { labelledBy: string; onClose: () => void; children: JSX.Element }) {
  return <ModalDialog class="share-dialog list-dialog" labelledBy={props.labelledBy} onClose={props.onClose}>{props.children}</ModalDialog>
}

function RenameDialog(props: { name: string; onClose: () => void }) {
  const { session } = useShortlist()
  const [name, setName] = createSignal(props.name)
  const [error, setError] = createSignal('')
  let form: HTMLFormElement | undefined
  const save = (event: SubmitEvent) => {
    event.preventDefault()
    try {
      renameList(session.doc, name())
      form?.closest('dialog')?.close()
    } catch (problem) {
      setError(problem instanceof InvalidInputError ? problem.message : 'The name could not be changed.')
    }
  }
  return (
    <Dialog labelledBy="rename-heading" onClose={props.onClose}>
      <h2 id="rename-heading">Rename list</h2>
      <form class="stack" ref={form} onSubmit={save}>
        <label for="rename-field">New name, as every member will see it</label>
        <input id="rename-field" required maxlength={FIELD_LIMITS.listName} value={name()} onInput={(event) => setName(event.currentTarget.value)} />
        <Show when={error()}><p class="error" role="alert">{error()}</p></Show>
        <div class="dialog-actions">
          <button type="button" onClick={(event) => event.currentTarget.closest('dialog')?.close()}>Cancel</button>
          <button type="submit" class="primary" disabled={!name().trim() || name().trim() === props.name}>Save</button>
        </div>
      </form>
    </Dialog>
  )
}

/** Downloads the backup, saying so if it cannot be made; resolves true once it was handed to the browser. */
function useBackup(): { run: () => Promise<boolean>; error: () => string } {
  const { session } = useShortlist()
  const [error, setError] = createSignal('')
  return {
    error,
    run: async () => {
      setError('')
      try {
        await downloadBackup(session.doc)
        return true
      } catch {
        setError(BACKUP_FAILED)
        return false
      }
    },
  }
}

function RemoveDialog(props: { name: string; onClose: () => void }) {
  const { session } = useShortlist()
  const backup = useBackup()
  const [backedUp, setBackedUp] = createSignal(false)
  // read once: the warning must not vanish under the member's finger as a probe answers
  // a deleted list's changes can never reach the relay: the dialog speaks of the last copy instead
  const unsynced = session.status.unsynced() && !session.deleted()
  const pending = session.status.pending()
  const remove = () => {
    // forgotten before the home page renders; the database goes once the list's session closes
    void removeFromDevice(session.listId)
    navigate('/')
    showToast(`‘${props.name || 'Untitled list'}’ was removed from this device.`)
  }
  return (
    <Dialog labelledBy="remove-heading" onClose={props.onClose}>
      <h2 id="remove-heading">Remove from this device?</h2>
      <p>
        <Show when={session.deleted()} fallback={<>‘{props.name || 'Untitled list'}’ stays on the relay and on other members’ devices. Open its link again to get it back.</>}>
          ‘{props.name || 'Untitled list'}’ was deleted for everyone: this device holds its last copy here. Removing it deletes that copy.
        </Show>
      </p>
      <Show when={unsynced || session.deleted()}>
        <p class="banner warning" role="alert">
          <Show when={unsynced} fallback="Download a backup first if you may want it later.">
            {unsyncedText(pending)} Removing the list now loses them.
          </Show>
        </p>
        <button type="button" class="primary" onClick={async () => setBackedUp(await backup.run())}>
          {backedUp() ? 'Backup downloaded' : 'Download backup first'}
        </button>
        <Show when={backup.error()}><p class="error" role="alert">{backup.error()}</p></Show>
      </Show>
      <div class="dialog-actions">
        <button type="button" onClick={(event) => event.currentTarget.closest('dialog')?.close()}>Cancel</button>
        <button type="button" class="danger" onClick={remove}>{unsynced && !backedUp() ? 'Remove anyway' : 'Remove'}</button>
      </div>
    </Dialog>
  )
}

function DeleteDialog(props: { name: string; onClose: () => void }) {
  const { session } = useShortlist()
  const backup = useBackup()
  const [typed, setTyped] = createSignal('')
  const [busy, setBusy] = createSignal(false)
  const [error, setError] = createSignal('')
  // an unnamed list is confirmed by typing "delete"
  const expected = props.name.trim() || 'delete'
  const matches = () => typed().trim() === expected
  const confirmDelete = async (event: SubmitEvent) => {
    event.preventDefault()
    if (!matches() || busy()) return
    setBusy(true)
    setError('')
    try {
      // deleting needs the relay anyway, so its HTTP helpers load only now
      await deleteForEveryone(lookupBaseUrl(session.syncUrl), session.listId, session.access)
      void removeFromDevice(session.listId)
      navigate('/')
      showToast(`‘${props.name.trim() || 'Untitled list'}’ was deleted for everyone.`)
    } catch (problem) {
      setError(problem instanceof DeleteError ? problem.message : 'The list could not be deleted.')
      setBusy(false)
    }
  }
  return (
    <Dialog labelledBy="delete-heading" onClose={props.onClose}>
      <h2 id="delete-heading">Delete for everyone?</h2>
      <p>The relay deletes ‘{props.name.trim() || 'Untitled list'}’ and stops accepting its links. Other members keep the copy on their devices, but nothing syncs any more. This cannot be undone.</p>
      <button type="button" class="link-button" onClick={() => void backup.run()}>Download a backup first</button>
      <Show when={backup.error()}><p class="error" role="alert">{backup.error()}</p></Show>
      <form class="stack" onSubmit={confirmDelete}>
        <label for="delete-confirm">{props.name.trim() ? 'Type the list’s name to confirm:' : 'Type this word to confirm:'} <strong class="confirm-name">{expected}</strong></label>
        <input id="delete-confirm" autocomplete="off" value={typed()} onInput={(event) => setTyped(event.currentTarget.value)} />
        <Show when={error()}><p class="error" role="alert">{error()}</p></Show>
        <div class="dialog-actions">
          <button type="button" onClick={(event) => event.currentTarget.closest('dialog')?.close()}>Cancel</button>
          <button type="submit" class="danger solid" disabled={!matches() || busy()}>{busy() ? 'Deleting…' : 'Delete for everyone'}</button>
        </div>
      </form>
    </Dialog>
  )
}
