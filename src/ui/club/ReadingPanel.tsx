import { For, Show } from 'solid-js'
import { readingLine } from '../../doc/club/reading.js'
import type { PaperId } from '../../doc/ids.js'
import { setReading } from '../../doc/ops.js'
import { useShortlist } from '../ShortlistContext.js'
import { READING_CHOICES } from '../readingChoices.js'
import { nameOf, namesLine } from './format.js'
import { useClub } from './useClub.js'

/** "4 of 7 have read it", who, and my own unread / reading / read for the meeting's paper. */
export function ReadingPanel(props: { paperId: PaperId }) {
  const { session, identity, readOnly, members } = useShortlist()
  const club = useClub()
  const summary = () => club.reading(props.paperId)
  const names = (ids: string[]) => namesLine(ids.map((id) => nameOf(members(), id)))
  return (
    <div class="reading-panel">
      <p class="meeting-line reading-line" data-testid="reading-line">
        <strong>{readingLine(summary())}</strong>
        <Show when={summary().read.length}><span class="muted"> · {names(summary().read)}</span></Show>
        <Show when={summary().reading.length}><span class="muted"> · reading: {names(summary().reading)}</span></Show>
      </p>
      <Show when={!readOnly}>
        <div class="segmented compact" role="group" aria-label="My reading of the meeting's paper">
          <For each={READING_CHOICES}>
            {(option) => (
              <button type="button" aria-pressed={club.myReading(props.paperId) === option.state}
                onClick={() => setReading(session.doc, { paperId: props.paperId, memberId: identity.memberId, state: option.state })}>{option.label}</button>
            )}
          </For>
        </div>
      </Show>
    </div>
  )
}
