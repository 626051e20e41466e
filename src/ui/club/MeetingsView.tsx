import { Index, Show, createMemo } from 'solid-js'
import { upcomingMeetings } from '../../doc/club/meetings.js'
import { sameMeetings } from '../../reactive/createClubView.js'
import { useShortlist } from '../ShortlistContext.js'
import { BudgetForm } from './BudgetForm.js'
import { IcsButton } from './IcsButton.js'
import { MeetingItem } from './MeetingItem.js'
import { OneOffForm } from './OneOffForm.js'
import { ScheduleForm } from './ScheduleForm.js'
import { useClub } from './useClub.js'

/** How many upcoming meetings the page lists. */
const SHOWN = 6

/** Meetings: the upcoming ones with their actions, the schedule, one-off dates, voting rules, calendar. */
export function MeetingsView() {
  const { session, readOnly } = useShortlist()
  const club = useClub()
  const upcoming = createMemo(() => {
    club.track()
    return upcomingMeetings(session.doc, { now: club.now(), count: SHOWN, includeCancelled: true })
  }, [], { equals: sameMeetings })
  return (
    <div class="club-page meetings-view">
      <section class="club-section" aria-labelledby="upcoming-heading">
        <div class="section-head">
          <h2 id="upcoming-heading">Upcoming meetings</h2>
          <Show when={upcoming().length}><IcsButton /></Show>
        </div>
        <Show when={upcoming().length} fallback={
          <p class="muted empty">{readOnly ? 'No meetings planned.' : 'No meetings planned. Set up a schedule or add a date below.'}</p>
        }>
          <ol class="meeting-list" aria-label="Upcoming meetings">
            <Index each={upcoming()}>{(meeting) => <li><MeetingItem meeting={meeting()} /></li>}</Index>
          </ol>
        </Show>
      </section>
      <Show when={!readOnly}>
        <ScheduleForm />
        <OneOffForm />
      </Show>
      <BudgetForm />
    </div>
  )
}
