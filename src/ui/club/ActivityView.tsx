import { For, Show, createMemo, onCleanup } from 'solid-js'
import { listActivity } from '../../doc/club/activity.js'
import type { ActivityItem } from '../../doc/club/activity.js'
import { dateOfMeeting } from '../../doc/club/schema.js'
import { timeAgo } from '../../doc/club/rankReason.js'
import { linkClick, paperPath } from '../router.js'
import { useShortlist } from '../ShortlistContext.js'
import { dateLabel, nameOf } from './format.js'
import { lastLookedAt, markLooked } from './lastLooked.js'
import { useClub } from './useClub.js'

/** How many entries the feed shows. */
const SHOWN = 100

const VERB: Record<ActivityItem['kind'], string> = {
  'paper-added': 'added',
  voted: 'voted for',
  commented: 'commented on',
  'schedule-set': 'set the meeting schedule',
  'meeting-scheduled': 'added a meeting on',
  'meeting-closed': 'closed voting for',
  'meeting-held': 'held the meeting of',
}

/** What changed since I last looked: newest first, entries by others after my last look marked new. */
export function ActivityView() {
  const { session, view, identity, members } = useShortlist()
  const club = useClub()
  // what was new when I opened the feed stays marked while I read it; the badge clears at once
  const since = lastLookedAt(session.listId)()
  markLooked(session.listId)
  onCleanup(() => markLooked(session.listId))
  const items = createMemo(() => {
    club.anyChange()
    club.track()
    return listActivity(session.doc).slice(0, SHOWN)
  })
  const isNew = (item: ActivityItem) => item.at > since && item.by !== identity.memberId
  const newCount = () => items().filter(isNew).length
  const who = (item: ActivityItem) => (item.by === identity.memberId ? 'You' : nameOf(members(), item.by))
  const meetingDate = (item: ActivityItem) => (item.meetingId ? dateOfMeeting(item.meetingId) : null)
  return (
    <section class="club-page club-section" aria-labelledby="activity-heading">
      <h2 id="activity-heading">Activity</h2>
      <p class="muted small" role="status">{newCount() ? `${newCount()} new since you last looked` : 'Nothing new since you last looked.'}</p>
      <Show when={items().length} fallback={<p class="muted empty">Nothing has happened in this list yet.</p>}>
        <ol class="activity-list" aria-label="Activity">
          <For each={items()}>
            {(item) => (
              <li class="activity-item" classList={{ new: isNew(item) }}>
                <span><strong>{who(item)}</strong> {VERB[item.kind]}
                  <Show when={item.kind.startsWith('meeting') && meetingDate(item)}>{(date) => <> {dateLabel(date())}</>}</Show>
                  <Show when={item.paperId && view.paper(item.paperId)}>
                    {(paper) => <>{item.kind === 'meeting-closed' ? ': ' : ' '}<a href={paperPath(session.listId, paper().id)} onClick={linkClick}>{paper().title}</a></>}
                  </Show>
                </span>
                <span class="muted small activity-when">{timeAgo(item.at, club.now())}</span>
              </li>
            )}
          </For>
        </ol>
      </Show>
    </section>
  )
}
