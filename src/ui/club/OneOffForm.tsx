import { Show, createSignal } from 'solid-js'
import { addMeeting, skipDate } from '../../doc/club/schedule.js'
import { initClubSettings } from '../../doc/club/settings.js'
import { deviceTimeZone } from '../../doc/club/time.js'
import { useShortlist } from '../ShortlistContext.js'
import { Field } from './Field.js'
import { useClub } from './useClub.js'

/** Adds a one-off meeting on a date, or skips one date of the recurring slot. */
export function OneOffForm() {
  const { session, identity } = useShortlist()
  const club = useClub()
  const [error, setError] = createSignal('')
  const [done, setDone] = createSignal('')
  const run = (event: SubmitEvent, action: 'add' | 'skip') => {
    event.preventDefault()
    const form = new FormData(event.currentTarget as HTMLFormElement)
    const date = String(form.get('date') ?? '')
    try {
      if (action === 'add') {
        // a list's first meeting fixes its zone to the creator's, so every device reads the same time
        initClubSettings(session.doc, { timeZone: deviceTimeZone() })
        addMeeting(session.doc, { date, time: String(form.get('time') ?? '') }, identity.memberId)
        setDone(`Meeting added on ${date}.`)
      } else {
        skipDate(session.doc, date, identity.memberId)
        setDone(`${date} is skipped.`)
      }
      setError('')
      ;(event.currentTarget as HTMLFormElement).reset()
    } catch (failure) {
      setDone('')
      setError(failure instanceof Error ? failure.message : 'That did not work.')
    }
  }
  return (
    <section class="club-section" aria-labelledby="one-off-heading">
      <h2 id="one-off-heading">One date</h2>
      <form class="card club-form" onSubmit={(event) => run(event, 'add')} aria-label="One-off meeting">
        <div class="form-grid">
          <Field id="one-off-date" label="Date"><input id="one-off-date" name="date" type="date" required /></Field>
          <Field id="one-off-time" label="At"><input id="one-off-time" name="time" type="time" required value={club.settings().schedule?.time ?? '16:00'} /></Field>
        </div>
        <button type="submit">Add meeting</button>
      </form>
      <Show when={club.settings().schedule}>
        <form class="card club-form" onSubmit={(event) => run(event, 'skip')} aria-label="Skip a date">
          <div class="form-grid">
            <Field id="skip-date" label="Skip the meeting on" wide><input id="skip-date" name="date" type="date" required /></Field>
          </div>
          <button type="submit">Skip date</button>
        </form>
      </Show>
      <Show when={error()}><p class="error" role="alert">{error()}</p></Show>
      <Show when={done()}><p class="muted small" role="status">{done()}</p></Show>
    </section>
  )
}
