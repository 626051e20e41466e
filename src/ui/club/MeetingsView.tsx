import { Index, Show, createMemo } from 'solid-js'
import { listMeetings, upcomingMeetings } from '../../doc/club/meetings.js'
import { readClubSettings } from '../../doc/club/settings.js'
import { addDays, zonedParts } from '../../doc/club/time.js'
import type { Meeting } from '../../doc/club/schema.js'
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
/** How many past meetings the page lists, newest first. */
const SHOWN_PAST = 6
/** How far back (days) "Past" looks; also bounds the meetings it reads (a weekly slot gives about 17). */
const PAST_DAYS = 120
/** How far ahead a meeting held early can lie and still be found for "Past". */
const HELD_AHEAD_DAYS = 62

/** Upcoming: not ended, not held (a held meeting is past even before its end time). */
const isUpcoming = (meeting: Meeting, now: number): boolean => meeting.endsAt > now && meeting.state !== 'held'

/** Meetings: upcoming ones with their actions, past ones (held, or ended), the schedule, one-off dates, voting rules, calendar. */
export function MeetingsView() {
  const { session, readOnly } = useShortlist()
  const club = useClub()
  const upcoming = createMemo(() => {
    club.track()
    const now = club.now()
    return upcomingMeetings(session.doc, { now, count: SHOWN * 2, includeCancelled: true }).filter((meeting) => isUpcoming(meeting, now)).slice(0, SHOWN)
  }, [], { equals: sameMeetings })
  const past = createMemo(() => {
    club.track()
    const now = club.now()
    const today = zonedParts(now, readClubSettings(session.doc).timeZone).date
    return listMeetings(session.doc, { fromDate: addDays(today, -PAST_DAYS), toDate: addDays(today, HELD_AHEAD_DAYS), now, includeCancelled: true })
      .filter((meeting) => !isUpcoming(meeting, now))
      .reverse()
      .slice(0, SHOWN_PAST)
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
      <Show when={past().length}>
        <section class="club-section" aria-labelledby="past-heading">
          <h2 id="past-heading">Past</h2>
          <ol class="meeting-list" aria-label="Past meetings">
            <Index each={past()}>{(meeting) => <li><MeetingItem meeting={meeting()} /></li>}</Index>
          </ol>
        </section>
      </Show>
      <Show when={!readOnly}>
        <ScheduleForm />
        <OneOffForm />
      </Show>
      <BudgetForm />
    </div>
  )
}
