import { Show } from 'solid-js'
import type { JSX } from 'solid-js'
import type { Meeting } from '../../doc/club/schema.js'
import { linkClick, paperPath, sectionPath } from '../router.js'
import { useShortlist } from '../ShortlistContext.js'
import { readingLine } from '../../doc/club/reading.js'
import { nameOf, zonedLabel } from './format.js'
import { PresenterPicker } from './PresenterPicker.js'
import { ReadingPanel } from './ReadingPanel.js'
import { useClub } from './useClub.js'
import './club.css'

/**
 * The meeting part of the "what's next" card (`NextUpCard`): when the next meeting is (in the
 * list's zone), its paper or, while voting is open, the vote standing (`standing`), the
 * presenter and who has read the paper, the last two in one line that opens the presenter
 * picker and my reading. All meetings are one tap away in the sections above. With no meeting planned, one line offering to plan
 * meetings (nothing for readers).
 */
export function NextMeetingCard(props: { standing?: JSX.Element }) {
  const { session, view, readOnly, members } = useShortlist()
  const club = useClub()
  /** One line under the paper: voting or who has read it, and the presenter; the details open below it. */
  const summaryLine = (meeting: Meeting): string => {
    const presenter = meeting.presenter ?? meeting.suggestedPresenter
    const who = presenter ? `Presenter: ${nameOf(members(), presenter)}${meeting.presenter ? '' : ' (suggested)'}` : 'No presenter yet'
    const first = meeting.paperId ? readingLine(club.reading(meeting.paperId)) : meeting.deadline !== null ? `Voting until ${zonedLabel(meeting.deadline, meeting.timeZone)}` : 'Voting open'
    return `${first} · ${who}`
  }
  return (
    <Show when={club.nextMeeting()} fallback={
      <Show when={!readOnly}>
        <p class="meeting-empty muted small" data-testid="next-meeting">
          No meeting planned. <a href={sectionPath(session.listId, 'meetings')} onClick={linkClick}>Plan meetings</a>
        </p>
      </Show>
    }>
      {(meeting) => (
        <div class="meeting-part" data-testid="next-meeting">
          <h2 id="next-heading">
            Next meeting{' '}
            <time datetime={new Date(meeting().startsAt).toISOString()}>{zonedLabel(meeting().startsAt, meeting().timeZone)}</time>
          </h2>
          <Show when={meeting().paperId} fallback={props.standing}>
            {(paperId) => (
              <p class="meeting-paper next-title">
                <a href={paperPath(session.listId, paperId())} onClick={linkClick}>{view.paper(paperId())?.title ?? meeting().paper?.title ?? 'A paper on its way'}</a>
              </p>
            )}
          </Show>
          <details class="meeting-details">
            <summary data-testid="meeting-summary">
              {summaryLine(meeting())}
            </summary>
            <Show when={!meeting().paperId}>
              <p class="meeting-line voting-open small">
                {meeting().deadline !== null ? `Voting open until ${zonedLabel(meeting().deadline!, meeting().timeZone)}` : 'Voting open until the meeting is closed'}
              </p>
            </Show>
            <PresenterPicker meeting={meeting()} />
            <Show when={meeting().paperId}>{(paperId) => <ReadingPanel paperId={paperId()} />}</Show>
          </details>
        </div>
      )}
    </Show>
  )
}
