import { Show, createResource, createSignal, onMount } from 'solid-js'
import { readOnlyFragment } from '../../sync/access.js'
import type { ListAccess } from '../../sync/access.js'
import { QrCode } from './QrCode.js'

/** The share link of a list for a fragment. */
export const shareLink = (origin: string, listId: string, fragment: string): string => `${origin}/l/${listId}#${fragment}`

/**
 * Share a list: the full link (members can edit), the read-only link, and a QR code for
 * phones. Loaded lazily, so the QR encoder is not in the main chunk.
 */
export default function ShareDialog(props: { listId: string; access: ListAccess; onClose: () => void }) {
  let dialog!: HTMLDialogElement
  const [kind, setKind] = createSignal<'full' | 'read'>(props.access.readOnly ? 'read' : 'full')
  const [copied, setCopied] = createSignal('')
  const [readOnly] = createResource(async () => (props.access.readOnly ? props.access.fragment : await readOnlyFragment(props.access.fragment)))
  const link = () => {
    const fragment = kind() === 'full' ? props.access.fragment : readOnly()
    return fragment ? shareLink(location.origin, props.listId, fragment) : ''
  }
  onMount(() => dialog.showModal())
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(link())
      setCopied('Link copied')
    } catch {
      setCopied('Select the link and copy it')
    }
  }
  return (
    <dialog ref={dialog} class="share-dialog" aria-labelledby="share-heading" onClose={() => props.onClose()}>
      <h2 id="share-heading">Share this list</h2>
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
          <button type="button" class="primary" onClick={copy}>Copy link</button>
          <span class="muted small" role="status">{copied()}</span>
        </div>
        <div class="qr-wrap">
          {(() => {
            const text = link()
            return <QrCode text={text} label="QR code for phones" />
          })()}
        </div>
      </Show>
      <form method="dialog"><button type="submit">Close</button></form>
    </dialog>
  )
}
