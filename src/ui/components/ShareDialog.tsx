import { Show, createResource, createSignal } from 'solid-js'
import { readOnlyFragment } from '../../sync/access.js'
import type { ListAccess } from '../../sync/access.js'
import { leaveMoveNotice } from '../../sync/moveNotice.js'
import { moveToNewLink } from '../../sync/moveToNewLink.js'
import { shareLink } from '../../sync/shareLink.js'
import { listPath, navigate } from '../router.js'
import { useShortlist } from '../ShortlistContext.js'
import { ModalDialog } from './ModalDialog.js'
import { QrCode } from './QrCode.js'

/** What the confirm box says before a move: what happens to the old link and to members. */
export const MOVE_CONFIRM_TEXT =
  'Move this list to a new link?\n\n' +
  'A new list with everything in this one is made on this device and on the relay, with a new secret link. ' +
  'The current link then stops taking changes for good: people who have it can still read what was there, ' +
  'but to keep editing they must ask you for the new link. Share the new link only with people who should keep access.'

/** What the copy button says and confirms, per kind of link: each names the link it copies. */
export const COPY_TEXT = {
  full: { button: 'Copy edit link', done: 'Edit link copied' },
  read: { button: 'Copy read-only link', done: 'Read-only link copied' },
} as const

/**
 * Share a list: the full link (members can edit), the read-only link, and a QR code for
 * phones. Each link carries the list's name, so the invitee's join prompt can name it. The
 * "copied" note belongs to the link that was copied: switching links clears it. Loaded
 * lazily, so the QR encoder is not in the main chunk. With the edit link it also offers
 * "Move to a new link" (when a link leaked); `moved` says this list was just made that way,
 * so the dialog says so above its new link.
 */
export default function ShareDialog(props: { listId: string; listName: string; access: ListAccess; onClose: () => void; moved?: boolean }) {
  const { session, identity } = useShortlist()
  const [moving, setMoving] = createSignal(false)
  const [moveError, setMoveError] = createSignal('')
  let dialog!: HTMLDialogElement
  const [kind, setKind] = createSignal<'full' | 'read'>(props.access.readOnly ? 'read' : 'full')
  const [copied, setCopied] = createSignal<{ link: string; text: string } | null>(null)
  const [readOnly] = createResource(async () => (props.access.readOnly ? props.access.fragment : await readOnlyFragment(props.access.fragment)))
  const link = () => {
    const fragment = kind() === 'full' ? props.access.fragment : readOnly()
    return fragment ? shareLink(location.origin, props.listId, fragment, props.listName) : ''
  }
  const copiedNote = () => (copied()?.link === link() ? copied()!.text : '')
  const copy = async () => {
    const copying = link()
    const which = kind()
    try {
      await navigator.clipboard.writeText(copying)
      setCopied({ link: copying, text: COPY_TEXT[which].done })
    } catch {
      setCopied({ link: copying, text: 'Select the link and copy it' })
    }
  }
  const move = async () => {
    if (moving() || !confirm(MOVE_CONFIRM_TEXT)) return
    setMoving(true)
    setMoveError('')
    try {
      const moved = await moveToNewLink({ doc: session.doc, listId: props.listId, access: props.access, syncUrl: session.syncUrl, identity })
      leaveMoveNotice(moved.listId)
      dialog.close()
      navigate(listPath(moved.listId))
    } catch (error) {
      setMoveError(error instanceof Error ? error.message : 'The list could not be moved.')
    } finally {
      setMoving(false)
    }
  }
  return (
    <ModalDialog ref={(element) => (dialog = element)} class="share-dialog" labelledBy="share-heading" onClose={props.onClose}>
      <h2 id="share-heading">Share this list</h2>
      <Show when={props.moved}>
        <p class="banner" role="status">This list moved to this new link. Send it to the people who should keep access; the old link now only reads.</p>
      </Show>
      <Show when={!props.access.readOnly}>
        <div class="segmented" role="group" aria-label="Kind of link">
          <button type="button" aria-pressed={kind() === 'full'} onClick={() => setKind('full')}>Can edit</button>
          <button type="button" aria-pressed={kind() === 'read'} onClick={() => setKind('read')}>Read only</button>
        </div>
      </Show>
      <p class="muted small">
        {kind() === 'full' ? 'Anyone with this link can add papers, vote and edit.' : 'Anyone with this link can read the list, but not change it.'}
      </p>
      <Show when={link()} fallback={<p class="muted">Preparing the link…</p>}>
        <label class="visually-hidden" for="share-link">Share link</label>
        <input id="share-link" class="share-link" readonly value={link()} onFocus={(event) => event.currentTarget.select()} />
        <div class="row">
          <button type="button" class="primary" onClick={copy}>{COPY_TEXT[kind()].button}</button>
          <span class="muted small" role="status">{copiedNote()}</span>
        </div>
        <div class="qr-wrap">
          {(() => {
            const text = link()
            return <QrCode text={text} label="QR code for phones" />
          })()}
        </div>
      </Show>
      <Show when={!props.access.readOnly}>
        <details class="move-list">
          <summary>Move to a new link…</summary>
          <p class="muted small">If this link reached people it should not have: make a new link for the same list and stop the old one from taking changes.</p>
          <button type="button" onClick={move} disabled={moving()}>{moving() ? 'Moving…' : 'Move to a new link'}</button>
          <Show when={moveError()}><p class="warning small" role="alert">{moveError()}</p></Show>
        </details>
      </Show>
      <form method="dialog"><button type="submit">Close</button></form>
    </ModalDialog>
  )
}
