import { Show, createSignal } from 'solid-js'
import { closeMeeting, markHeld, setDeadline } from '../../doc/club/meetings.js'
import { cancelMeeting, restoreMeeting } from '../../doc/club/schedule.js'
import { setAway } from '../../doc/club/rotation.js'
import type { Meeting } from '../../doc/club/schema.js'
import { zonedParts, zonedToUtc } from '../../doc/club/time.js'
import { linkClick, paperPath } from '../router.js'
import { useShortlist } from '../ShortlistContext.js'
import { showToast } from '../toasts.js'
import { zonedLabel } from './format.js'
import { PresenterPicker } from './PresenterPicker.js'
import { useClub } from './useClub.js'

const STATE_LABEL: Record<Meeting['state'], string> = {
  scheduled: 'Voting open',
  closed: 'Paper chosen',
  held: 'Held',
  cancelled: 'Skipped',
}

/** One upcoming meeting: when, its paper or voting deadline, presenter, and what I can do with it. */
export function MeetingItem(props: { meeting: Meeting }) {
  const { session, view, identity, readOnly } = useShortlist()
  const club = useClub()
  const doc = session.doc
  const m = () => props.meeting
  const [editingDeadline, setEditingDeadline] = createSignal(false)
  const title = () => (m().paperId ? view.paper(m().paperId!)?.title ?? m().paper?.title ?? 'A paper on its way' : '')
  const canHold = () => m().state === 'closed' || (m().state === 'scheduled' && club.now() >= m().startsAt)

  const close = () => {
    const chosen = closeMeeting(doc, m().id, Date.now(), identity.memberId)
    if (!chosen) showToast('Nothing in the queue to choose from yet.')
  }
  const hold = () => {
    const paper = title()
    if (markHeld(doc, m().id, Date.now(), identity.memberId)) showToast(paper ? `Held: “${paper}” is in the archive.` : 'Marked held.')
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
    setEditingDeadline(false)
  }

  return (
    <article class="meeting-item card" data-meeting={m().date} data-state={m().state} aria-label={`Meeting ${zonedLabel(m().startsAt, m().timeZone)}`}>
      <div class="meeting-item-head">
        <time class="meeting-when" datetime={new Date(m().startsAt).toISOString()}>{zonedLabel(m().startsAt, m().timeZone)}</time>
        <span class="tag" classList={{ done: m().state === 'held', pending: m().state === 'cancelled' }}>{STATE_LABEL[m().state]}</span>
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
          <Show when={m().state === 'scheduled'}>
            <button type="button" class="primary" onClick={close}>Close voting</button>
          </Show>
          <Show when={canHold()}>
            <button type="button" class="primary" onClick={hold}>Mark held</button>
          </Show>
          <Show when={m().state === 'scheduled' || m().state === 'closed'}>
            <button type="button" aria-pressed={club.amAway(m().date)} onClick={() => setAway(doc, identity.memberId, m().date, !club.amAway(m().date))}>
              {club.amAway(m().date) ? 'Away (undo)' : 'I’m away'}
            </button>
            <Show when={m().state === 'scheduled'}>
              <button type="button" onClick={() => setEditingDeadline(!editingDeadline())} aria-expanded={editingDeadline()}>Deadline</button>
            </Show>
            <button type="button" class="danger" onClick={() => cancelMeeting(doc, m().id, identity.memberId)}>Skip</button>
          </Show>
          <Show when={m().state === 'cancelled'}>
            <button type="button" onClick={() => restoreMeeting(doc, m().id)}>Restore</button>
          </Show>
        </div>
        <Show when={editingDeadline()}>
          <form class="deadline-form" onSubmit={saveDeadline}>
            <label for={`deadline-${m().id}`}>Voting closes ({m().timeZone.replace(/_/g, ' ')}); empty for no deadline</label>
            <div class="row">
              <input id={`deadline-${m().id}`} name="deadline" type="datetime-local" value={deadlineValue()} />
              <button type="submit">Save</button>
            </div>
          </form>
        </Show>
      </Show>
    </article>
  )
}
