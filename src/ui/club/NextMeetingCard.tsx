import { Show } from 'solid-js'
import { linkClick, paperPath, sectionPath } from '../router.js'
import { useShortlist } from '../ShortlistContext.js'
import { zonedLabel } from './format.js'
import { PresenterPicker } from './PresenterPicker.js'
import { ReadingPanel } from './ReadingPanel.js'
import { useClub } from './useClub.js'
import './club.css'

/**
 * The list's home starts with the next meeting: when (in the list's zone), the paper or how
 * long voting stays open, the presenter, and who has read the paper.
 */
export function NextMeetingCard() {
  const { session, view, readOnly } = useShortlist()
  const club = useClub()
  const leading = () => {
    const id = view.nextUp()
    return id ? view.paper(id) : undefined
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
        <section class="meeting-card" aria-labelledby="next-meeting-heading" data-testid="next-meeting">
          <div class="meeting-card-head">
            <h2 id="next-meeting-heading">Next meeting</h2>
            <a class="small" href={sectionPath(session.listId, 'meetings')} onClick={linkClick}>All meetings ›</a>
          </div>
          <p class="meeting-when">
            <time datetime={new Date(meeting().startsAt).toISOString()}>{zonedLabel(meeting().startsAt, meeting().timeZone)}</time>
          </p>
          <Show when={meeting().paperId} fallback={
            <p class="meeting-line voting-open">
              {meeting().deadline !== null ? `Voting open until ${zonedLabel(meeting().deadline!, meeting().timeZone)}` : 'Voting open until the meeting is closed'}
              <Show when={leading()}>{(paper) => <span class="muted"> · leading: {paper().title}</span>}</Show>
            </p>
          }>
            {(paperId) => (
              <p class="meeting-paper">
                <a href={paperPath(session.listId, paperId())} onClick={linkClick}>{view.paper(paperId())?.title ?? meeting().paper?.title ?? 'A paper on its way'}</a>
              </p>
            )}
          </Show>
          <PresenterPicker meeting={meeting()} />
          <Show when={meeting().paperId}>{(paperId) => <ReadingPanel paperId={paperId()} />}</Show>
        </section>
      )}
    </Show>
  )
}
