import { Show, createSignal } from 'solid-js'
import { setDeadline } from '../../doc/club/meetings.js'
import { restoreMeeting } from '../../doc/club/schedule.js'
import { closeVoting, holdMeeting, skipMeeting } from '../../doc/club/undo.js'
import { setAway } from '../../doc/club/rotation.js'
import type { Meeting } from '../../doc/club/schema.js'
import { zonedParts, zonedToUtc } from '../../doc/club/time.js'
import { linkClick, paperPath } from '../router.js'
import { useShortlist } from '../ShortlistContext.js'
import { showToast } from '../toasts.js'
import { escapeCloses } from '../components/ModalDialog.js'
import { nameOf, zonedLabel } from './format.js'
import { PresenterPicker } from './PresenterPicker.js'
import { useClub } from './useClub.js'
import { showUndoToast } from './undoToast.js'

const STATE_LABEL: Record<Meeting['state'], string> = {
  scheduled: 'Voting open',
  closed: 'Paper chosen',
  held: 'Held',
  cancelled: 'Skipped',
}

/** One meeting: when, its paper or voting deadline, presenter, and what I can do with it (close, hold and skip can be undone from the toast). */
export function MeetingItem(props: { meeting: Meeting }) {
  const { session, view, identity, readOnly, members } = useShortlist()
  const club = useClub()
  const doc = session.doc
  const m = () => props.meeting
  const [editingDeadline, setEditingDeadline] = createSignal(false)
  let deadlineToggle: HTMLButtonElement | undefined
  // closing the deadline form (Save, Cancel, Escape) gives focus back to its toggle
  const closeDeadline = () => {
    setEditingDeadline(false)
    deadlineToggle?.focus()
  }
  const title = () => (m().paperId ? view.paper(m().paperId!)?.title ?? m().paper?.title ?? 'A paper on its way' : '')
  const canHold = () => m().state === 'closed' || (m().state === 'scheduled' && club.now() >= m().startsAt)
  const ended = () => m().endsAt <= club.now()
  const who = (memberId: string) => (memberId === identity.memberId ? 'You' : nameOf(members(), memberId))

  const close = () => {
    const receipt = closeVoting(doc, m().id, Date.now(), identity.memberId)
    if (!receipt) return showToast('Nothing in the queue to choose from yet.')
    const paper = view.paper(receipt.paper)?.title
    showUndoToast(doc, paper ? `Voting closed: “${paper}”.` : 'Voting closed.', receipt, who)
  }
  const hold = () => {
    const paper = title()
    const receipt = holdMeeting(doc, m().id, Date.now(), identity.memberId)
    if (receipt) showUndoToast(doc, paper ? `Held: “${paper}” is in the archive.` : 'Marked held.', receipt, who)
  }
  const skip = () => {
    const receipt = skipMeeting(doc, m().id, identity.memberId)
    if (receipt) showUndoToast(doc, `Skipped ${zonedLabel(m().startsAt, m().timeZone)}.`, receipt, who)
  }
  const deadlineValue = () => {
    const at = m().deadline
    if (at === null) return ''
    const local = zonedParts(at, m().timeZone)
    return `${local.date}T${local.time}`
  }
  const saveDeadline = (event: SubmitEvent) => {
    event.preventDefault()
    const raw = String(new FormData(event.currentTarget as HTMLFormElement).get('deadline') ?? '')
    const match = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})$/.exec(raw)
    setDeadline(doc, m().id, match ? zonedToUtc(match[1]!, match[2]!, m().timeZone) : null)
    closeDeadline()
  }

  return (
    <article class="meeting-item card" data-meeting={m().date} data-state={m().state} aria-label={`Meeting ${zonedLabel(m().startsAt, m().timeZone)}`}>
      <div class="meeting-item-head">
        <time class="meeting-when" datetime={new Date(m().startsAt).toISOString()}>{zonedLabel(m().startsAt, m().timeZone)}</time>
        <span class="tag" classList={{ done: m().state === 'held', pending: m().state === 'cancelled' }}>{ended() && m().state !== 'held' && m().state !== 'cancelled' ? 'Not marked held' : STATE_LABEL[m().state]}</span>
      </div>
      <Show when={m().state !== 'cancelled'}>
        <Show when={m().paperId} fallback={
          <p class="meeting-line">{m().deadline !== null ? `Voting open until ${zonedLabel(m().deadline!, m().timeZone)}` : 'Voting open until someone closes it'}</p>
        }>
          {(paperId) => <p class="meeting-paper"><a href={paperPath(session.listId, paperId())} onClick={linkClick}>{title()}</a></p>}
        </Show>
        <PresenterPicker meeting={m()} />
      </Show>
      <Show when={!readOnly}>
        <div class="meeting-actions">
          <Show when={m().state === 'scheduled' && !ended()}>
            <button type="button" class="primary" onClick={close}>Close voting</button>
          </Show>
          <Show when={canHold()}>
            <button type="button" class="primary" onClick={hold}>Mark held</button>
          </Show>
          <Show when={(m().state === 'scheduled' || m().state === 'closed') && !ended()}>
            <button type="button" aria-pressed={club.amAway(m().date)} onClick={() => setAway(doc, identity.memberId, m().date, !club.amAway(m().date))}>
              {club.amAway(m().date) ? 'Away (undo)' : 'I’m away'}
            </button>
            <Show when={m().state === 'scheduled'}>
              <button type="button" ref={deadlineToggle} onClick={() => setEditingDeadline(!editingDeadline())} aria-expanded={editingDeadline()} aria-controls={`deadline-form-${m().id}`}>Deadline</button>
            </Show>
          </Show>
          <Show when={m().state === 'scheduled' || m().state === 'closed'}>
            <button type="button" class="danger" onClick={skip}>Skip</button>
          </Show>
          <Show when={m().state === 'cancelled'}>
            <button type="button" onClick={() => restoreMeeting(doc, m().id)}>Restore</button>
          </Show>
        </div>
        <Show when={editingDeadline()}>
          <form id={`deadline-form-${m().id}`} class="deadline-form" onSubmit={saveDeadline} onKeyDown={escapeCloses(closeDeadline)}
            ref={(form) => queueMicrotask(() => form.querySelector('input')?.focus())}>
            <label for={`deadline-${m().id}`}>Voting closes ({m().timeZone.replace(/_/g, ' ')}); empty for no deadline</label>
            <div class="row">
              <input id={`deadline-${m().id}`} name="deadline" type="datetime-local" value={deadlineValue()} />
              <button type="submit">Save</button>
              <button type="button" onClick={closeDeadline}>Cancel</button>
            </div>
          </form>
        </Show>
      </Show>
    </article>
  )
}
