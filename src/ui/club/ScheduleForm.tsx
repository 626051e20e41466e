import { For, Show, createSignal } from 'solid-js'
import { clearSchedule, setSchedule, setTimeZone } from '../../doc/club/settings.js'
import { addDays, deviceTimeZone, isValidTimeZone, weekdayOf, zonedParts } from '../../doc/club/time.js'
import { useShortlist } from '../ShortlistContext.js'
import { minutesLabel, WEEKDAYS } from './format.js'
import { Field } from './Field.js'
import { useClub } from './useClub.js'

/** Deadline choices offered for a recurring slot (minutes before the meeting). */
const DEADLINES = [60, 180, 1440, 2880, 10080]
/** Weekday order for the picker: Monday first, as most calendars at work. */
const WEEK_ORDER = [1, 2, 3, 4, 5, 6, 0]

const zoneNames = (): string[] => {
  const supported = (Intl as unknown as { supportedValuesOf?: (key: string) => string[] }).supportedValuesOf
  try {
    return supported ? supported('timeZone') : []
  } catch {
    return []
  }
}

/** What the schedule says in one line: "Weekly on Thursday at 16:00 · voting closes 1 day before". */
export function scheduleLine(schedule: { startDate: string; time: string; everyWeeks: number; deadlineMinutesBefore: number | null }): string {
  const every = schedule.everyWeeks === 1 ? 'Weekly' : `Every ${schedule.everyWeeks} weeks`
  const deadline = schedule.deadlineMinutesBefore === null ? '' : ` · voting closes ${minutesLabel(schedule.deadlineMinutesBefore)} before`
  return `${every} on ${WEEKDAYS[weekdayOf(schedule.startDate)]} at ${schedule.time}${deadline}`
}

/** Sets up (or changes, or removes) the recurring slot and the list's time zone. */
export function ScheduleForm() {
  const { session, identity } = useShortlist()
  const club = useClub()
  const doc = session.doc
  const current = () => club.settings().schedule
  const zone = () => (club.hasTimeZone() ? club.settings().timeZone : deviceTimeZone())
  const [editing, setEditing] = createSignal(false)
  const [error, setError] = createSignal('')
  const today = () => zonedParts(Date.now(), zone()).date

  const submit = (event: SubmitEvent) => {
    event.preventDefault()
    const form = new FormData(event.currentTarget as HTMLFormElement)
    const timeZone = String(form.get('timeZone') ?? '').trim()
    if (!isValidTimeZone(timeZone)) {
      setError('“' + timeZone + '” is not a time zone this browser knows (try a name like Europe/Berlin).')
      return
    }
    const deadline = String(form.get('deadline') ?? '')
    try {
      setTimeZone(doc, timeZone)
      setSchedule(doc, {
        weekday: Number(form.get('weekday')),
        time: String(form.get('time') ?? ''),
        from: String(form.get('from') ?? ''),
        everyWeeks: Number(form.get('everyWeeks')),
        deadlineMinutesBefore: deadline ? Number(deadline) : null,
      }, identity.memberId)
      setError('')
      setEditing(false)
    } catch (failure) {
      setError(failure instanceof Error ? failure.message : 'That schedule could not be saved.')
    }
  }

  return (
    <section class="club-section" aria-labelledby="schedule-heading">
      <h2 id="schedule-heading">Schedule</h2>
      <Show when={!editing() && current()} fallback={
        <form class="card club-form" onSubmit={submit} aria-label="Recurring meeting">
          <div class="form-grid">
            <Field id="schedule-every" label="Repeats">
              <select id="schedule-every" name="everyWeeks" value={String(current()?.everyWeeks ?? 1)}>
                <option value="1">Weekly</option>
                <For each={[2, 3, 4, 6, 8]}>{(n) => <option value={String(n)}>Every {n} weeks</option>}</For>
              </select>
            </Field>
            <Field id="schedule-weekday" label="On">
              <select id="schedule-weekday" name="weekday" value={String(current() ? weekdayOf(current()!.startDate) : weekdayOf(addDays(today(), 1)))}>
                <For each={WEEK_ORDER}>{(day) => <option value={String(day)}>{WEEKDAYS[day]}</option>}</For>
              </select>
            </Field>
            <Field id="schedule-time" label="At">
              <input id="schedule-time" name="time" type="time" required value={current()?.time ?? '16:00'} />
            </Field>
            <Field id="schedule-from" label="Starting">
              <input id="schedule-from" name="from" type="date" required value={today()} />
            </Field>
            <Field id="schedule-zone" label="Time zone" wide>
              <input id="schedule-zone" name="timeZone" list="time-zones" required autocomplete="off" value={zone()} />
            </Field>
            <datalist id="time-zones"><For each={zoneNames()}>{(name) => <option value={name} />}</For></datalist>
            <Field id="schedule-deadline" label="Voting closes" wide>
              <select id="schedule-deadline" name="deadline" value={current()?.deadlineMinutesBefore == null ? '' : String(current()!.deadlineMinutesBefore)}>
                <option value="">When someone closes it</option>
                <For each={DEADLINES}>{(minutes) => <option value={String(minutes)}>{minutesLabel(minutes)} before</option>}</For>
              </select>
            </Field>
          </div>
          <Show when={error()}><p class="error" role="alert">{error()}</p></Show>
          <div class="row">
            <button type="submit" class="primary">Save schedule</button>
            <Show when={current()}><button type="button" onClick={() => setEditing(false)}>Cancel</button></Show>
          </div>
        </form>
      }>
        {(schedule) => (
          <div class="card schedule-summary">
            <p data-testid="schedule-line"><strong>{scheduleLine(schedule())}</strong></p>
            <p class="muted small">Times are in {club.settings().timeZone.replace(/_/g, ' ')}.</p>
            <div class="row">
              <button type="button" onClick={() => setEditing(true)}>Change</button>
              <button type="button" class="danger" onClick={() => clearSchedule(doc)}>Stop repeating</button>
            </div>
          </div>
        )}
      </Show>
    </section>
  )
}
