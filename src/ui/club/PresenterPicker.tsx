import { For, Show, createMemo } from 'solid-js'
import { setPresenter } from '../../doc/club/rotation.js'
import type { Meeting } from '../../doc/club/schema.js'
import { useShortlist } from '../ShortlistContext.js'
import { nameOf } from './format.js'

/**
 * A meeting's presenter: the one set, or the fair-rotation suggestion (marked as such), with
 * a picker to override it. Readers see the name only.
 */
export function PresenterPicker(props: { meeting: Meeting }) {
  const { session, readOnly, members } = useShortlist()
  const people = createMemo(() => [...members().values()].sort((a, b) => a.name.localeCompare(b.name) || (a.id < b.id ? -1 : 1)))
  const suggested = () => (props.meeting.presenter ? null : props.meeting.suggestedPresenter)
  const fieldId = () => `presenter-${props.meeting.id}`
  return (
    <p class="meeting-line presenter-line">
      <Show when={!readOnly} fallback={
        <span>Presenter: <strong>{props.meeting.presenter || suggested() ? nameOf(members(), props.meeting.presenter ?? suggested()) : 'nobody yet'}</strong>
          <Show when={suggested()}> <span class="muted">(suggested)</span></Show></span>
      }>
        <label for={fieldId()}>Presenter</label>
        <select
          id={fieldId()}
          class="presenter-select"
          value={props.meeting.presenter ?? ''}
          onChange={(event) => setPresenter(session.doc, { meetingId: props.meeting.id, memberId: event.currentTarget.value || null })}
        >
          <option value="">{suggested() ? `${nameOf(members(), suggested())} (suggested)` : 'Nobody available'}</option>
          <For each={people()}>{(member) => <option value={member.id} selected={member.id === props.meeting.presenter}>{member.name}</option>}</For>
        </select>
      </Show>
    </p>
  )
}
