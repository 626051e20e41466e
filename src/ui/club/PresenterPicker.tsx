import { For, Show, createMemo } from 'solid-js'
import { setPresenter } from '../../doc/club/rotation.js'
import type { Meeting } from '../../doc/club/schema.js'
import { useShortlist } from '../ShortlistContext.js'
import { nameOf } from './format.js'
import { presenterChoices } from './presenterChoices.js'

/**
 * A meeting's presenter: one list of members, the rotation's suggestion marked inside it
 * ("Ben (suggested)") and selected while nobody is set. "Nobody yet" appears only when there
 * is neither a presenter nor a suggestion. Readers see the name only.
 */
export function PresenterPicker(props: { meeting: Meeting }) {
  const { session, readOnly, members } = useShortlist()
  const choices = createMemo(() => presenterChoices([...members().values()], props.meeting))
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
          value={choices().selected}
          onChange={(event) => setPresenter(session.doc, { meetingId: props.meeting.id, memberId: event.currentTarget.value || null })}
        >
          <For each={choices().options}>
            {(option) => <option value={option.value} selected={option.value === choices().selected}>{option.label}</option>}
          </For>
        </select>
      </Show>
    </p>
  )
}
