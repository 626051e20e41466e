import { For, Show, createMemo, createSignal, onCleanup } from 'solid-js'
import { groupActivity, listActivity } from '../../doc/club/activity.js'
import type { ActivityGroup, ActivityItem } from '../../doc/club/activity.js'
import { dateOfMeeting } from '../../doc/club/schema.js'
import { timeAgo } from '../../doc/club/rankReason.js'
import { linkClick, paperPath } from '../router.js'
import { useShortlist } from '../ShortlistContext.js'
import { dateLabel, nameOf } from './format.js'
import { lastLookedAt, markLooked } from './lastLooked.js'
import { useClub } from './useClub.js'
import './activity.css'

/** How many lines (single entries or bulk actions) the feed shows. */
const SHOWN = 100
/** How many entries an opened bulk action lists; the rest are counted. */
const SHOWN_IN_GROUP = 100

const VERB: Record<ActivityItem['kind'], string> = {
  'paper-added': 'added',
  voted: 'voted for',
  commented: 'commented on',
  'schedule-set': 'set the meeting schedule',
  'meeting-scheduled': 'added a meeting on',
  'meeting-closed': 'closed voting for',
  'meeting-held': 'held the meeting of',
}

/** A bulk action in words: "added 78 papers". Only the kinds `groupActivity` folds get here. */
function bulkLine(group: ActivityGroup): string {
  const count = group.items.length
  if (group.kind === 'paper-added') return `added ${count} papers`
  if (group.kind === 'voted') return `voted for ${count} papers`
  return `commented ${count} times`
}

/** What changed: newest first with relative times, bulk actions folded into one expandable line, entries by others since my last look marked new. */
export function ActivityView() {
  const { session, identity, members } = useShortlist()
  const club = useClub()
  // what was new when I opened the feed stays marked while I read it; the badge clears at once
  const since = lastLookedAt(session.listId)()
  markLooked(session.listId)
  onCleanup(() => markLooked(session.listId))
  const groups = createMemo<ActivityGroup[]>((previous) => {
    club.anyChange()
    club.track()
    // an unchanged line keeps its object, so <For> keeps its DOM (and the focus in it)
    const before = new Map(previous.map((group) => [group.key, group]))
    return groupActivity(listActivity(session.doc)).slice(0, SHOWN).map((group) => {
      const old = before.get(group.key)
      return old && sameGroup(old, group) ? old : group
    })
  }, [])
  // which bulk actions are open, by key: the feed is re-derived on every change and must not close them
  const [open, setOpen] = createSignal<ReadonlySet<string>>(new Set())
  const toggle = (key: string) => setOpen((keys) => {
    const next = new Set(keys)
    if (!next.delete(key)) next.add(key)
    return next
  })
  const isNew = (item: ActivityItem) => item.at > since && item.by !== identity.memberId
  const newCount = () => groups().reduce((sum, group) => sum + group.items.filter(isNew).length, 0)
  const who = (by: string) => (by === identity.memberId ? 'You' : nameOf(members(), by))
  return (
    <section class="club-page club-section" aria-labelledby="activity-heading">
      <h2 id="activity-heading">Activity</h2>
      <p class="muted small" role="status">{newCount() ? `${newCount()} new since you last looked` : 'Nothing new since you last looked.'}</p>
      <Show when={groups().length} fallback={<p class="muted empty">Nothing has happened in this list yet.</p>}>
        <ol class="activity-list" aria-label="Activity">
          <For each={groups()}>
            {(group) => (
              <Show when={group.items.length > 1} fallback={
                <li class="activity-item" classList={{ new: isNew(group.items[0]!) }}>
                  <span><strong>{who(group.by)}</strong> <EntryText item={group.items[0]!} /></span>
                  <When at={group.at} now={club.now()} />
                </li>
              }>
                <BulkEntry group={group} who={who(group.by)} isNew={isNew} now={club.now()} open={open().has(group.key)} onToggle={() => toggle(group.key)} />
              </Show>
            )}
          </For>
        </ol>
      </Show>
    </section>
  )
}

/** Whether two lines show the same: same entries (by key) at the same times. */
function sameGroup(a: ActivityGroup, b: ActivityGroup): boolean {
  return a.kind === b.kind && a.by === b.by && a.at === b.at && a.items.length === b.items.length &&
    a.items.every((item, index) => item.key === b.items[index]!.key && item.at === b.items[index]!.at && item.paperId === b.items[index]!.paperId)
}

/** The words after the name of one entry: the verb, a meeting's date, the paper's title (linked). */
function EntryText(props: { item: ActivityItem }) {
  const { session, view } = useShortlist()
  const meetingDate = () => (props.item.meetingId ? dateOfMeeting(props.item.meetingId) : null)
  return (
    <>
      {VERB[props.item.kind]}
      <Show when={props.item.kind.startsWith('meeting') && meetingDate()}>{(date) => <> {dateLabel(date())}</>}</Show>
      <Show when={props.item.paperId && view.paper(props.item.paperId)}>
        {(paper) => <>{props.item.kind === 'meeting-closed' ? ': ' : ' '}<a href={paperPath(session.listId, paper().id)} onClick={linkClick}>{paper().title}</a></>}
      </Show>
    </>
  )
}

/** A relative time ("5 minutes ago") with the exact instant for assistive tech and hover. */
function When(props: { at: number; now: number }) {
  const exact = () => new Date(props.at).toLocaleString()
  return <time class="muted small activity-when" datetime={new Date(props.at).toISOString()} title={exact()}>{timeAgo(props.at, props.now)}</time>
}

/** "Ana added 78 papers", with a button that lists them. */
function BulkEntry(props: { group: ActivityGroup; who: string; isNew: (item: ActivityItem) => boolean; now: number; open: boolean; onToggle: () => void }) {
  const open = () => props.open
  const listId = () => `activity-group-${props.group.key.replace(/[^\w-]/g, '_')}`
  const hidden = () => Math.max(0, props.group.items.length - SHOWN_IN_GROUP)
  return (
    <li class="activity-item activity-group" classList={{ new: props.group.items.some(props.isNew) }}>
      <div class="activity-group-head">
        <span><strong>{props.who}</strong> {bulkLine(props.group)}</span>
        <When at={props.group.at} now={props.now} />
      </div>
      <button type="button" class="activity-toggle" aria-expanded={open()} aria-controls={listId()} onClick={() => props.onToggle()}>
        {open() ? 'Hide' : 'Show'} {props.group.items.length}
      </button>
      <Show when={open()}>
        <ul class="activity-group-items" id={listId()}>
          <For each={props.group.items.slice(0, SHOWN_IN_GROUP)}>
            {(item) => <li classList={{ new: props.isNew(item) }}><EntryText item={item} /></li>}
          </For>
          <Show when={hidden()}><li class="muted">and {hidden()} more</li></Show>
        </ul>
      </Show>
    </li>
  )
}
