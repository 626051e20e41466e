import { For, Show } from 'solid-js'
import type { PaperId } from '../../doc/ids.js'
import { setReading } from '../../doc/ops.js'
import { readersOf, readingState } from '../../doc/queries.js'
import { readingOf } from '../../doc/schema.js'
import { createYValue } from '../../reactive/createYValue.js'
import { useShortlist } from '../ShortlistContext.js'
import { READING_CHOICES } from '../readingChoices.js'
import { nameOf } from '../club/format.js'

/** Readers named; the rest are counted (a peer can mark any number of made-up members as readers). */
export const READERS_SHOWN = 40

/** My reading state of a paper, and who else is reading or has read it (the first 40 named). */
export function PaperReading(props: { paperId: PaperId }) {
  const { session, identity, readOnly, members } = useShortlist()
  const doc = session.doc
  const reading = createYValue(readingOf(doc), () => ({ mine: readingState(doc, { paperId: props.paperId, memberId: identity.memberId }), readers: readersOf(doc, props.paperId) }))
  const colourOf = (memberId: string) => members().get(memberId)?.colour ?? '#888888'
  return (
    <section aria-labelledby="reading-heading">
      <h2 id="reading-heading">Reading</h2>
      <div class="segmented" role="group" aria-label="My reading state">
        <For each={READING_CHOICES}>
          {(option) => (
            <button type="button" aria-pressed={reading().mine === option.state} disabled={readOnly}
              onClick={() => setReading(doc, { paperId: props.paperId, memberId: identity.memberId, state: option.state })}>{option.label}</button>
          )}
        </For>
      </div>
      <Show when={reading().readers.length} fallback={<p class="muted small">Nobody has marked it read yet.</p>}>
        <ul class="readers" aria-label="Who is reading or has read it">
          <For each={reading().readers.slice(0, READERS_SHOWN)}>
            {(reader) => (
              <li><span class="avatar small" style={{ '--c': colourOf(reader.memberId) }} aria-hidden="true" />{nameOf(members(), reader.memberId)} <span class="muted">({reader.state})</span></li>
            )}
          </For>
          <Show when={reading().readers.length > READERS_SHOWN}>
            <li class="muted">and {reading().readers.length - READERS_SHOWN} more</li>
          </Show>
        </ul>
      </Show>
    </section>
  )
}
