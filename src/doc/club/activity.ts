/**
 * What changed in a list, derived from the document itself (never stored as a second copy):
 * papers added, votes, comments, meetings scheduled, closed and held, each at the time
 * recorded on its own record. "Last looked" is per device and kept by the app, not here.
 *
 * Derived, so it only shows what the document still holds: a vote taken back disappears
 * from the feed, a deleted paper's addition too.
 */
import type * as Y from 'yjs'
import { compareIds } from '../ids.js'
import type { PaperId } from '../ids.js'
import { commentsByPaper, paperStamps } from '../queries.js'
import { splitKey, votesOf } from '../schema.js'
import type { MemberId } from '../schema.js'
import { lockedChoice, lockedMeetingIds } from './meetings.js'
import { clubSettingsOf, meetingsOf, meetingKey } from './schema.js'
import type { MeetingId } from './schema.js'

/** Kinds of change the feed shows. */
export type ActivityKind = 'paper-added' | 'voted' | 'commented' | 'schedule-set' | 'meeting-scheduled' | 'meeting-closed' | 'meeting-held'

/** One entry of the feed. */
export interface ActivityItem {
  /** Stable across replicas, for keyed rendering. */
  key: string
  kind: ActivityKind
  /** When it happened (ms), as recorded by the device that did it. */
  at: number
  /** Who did it ('' when not recorded). */
  by: MemberId
  paperId?: PaperId
  meetingId?: MeetingId
}

const num = (value: unknown): number => (typeof value === 'number' && Number.isFinite(value) ? value : 0)
const str = (value: unknown): string => (typeof value === 'string' ? value : '')

/** Every change the document records, newest first (then by key, the same on every replica). */
export const listActivity = (doc: Y.Doc): ActivityItem[] => collectActivity(doc).sort(newestFirst)

/** Every change the document records, in no particular order. */
function collectActivity(doc: Y.Doc): ActivityItem[] {
  const items: ActivityItem[] = []
  const live = new Set<PaperId>()
  // one pass over the papers' stamps and one over the comments (not the comments once per paper)
  const comments = commentsByPaper(doc)
  for (const paper of paperStamps(doc)) {
    if (paper.deletedAt) continue
    live.add(paper.id)
    items.push({ key: `added|${paper.id}`, kind: 'paper-added', at: paper.addedAt, by: paper.addedBy, paperId: paper.id })
    for (const comment of comments.get(paper.id) ?? []) {
      items.push({ key: `comment|${comment.id}`, kind: 'commented', at: comment.at, by: comment.by, paperId: paper.id })
    }
  }
  for (const [key, at] of votesOf(doc).entries()) {
    const [memberId, paperId] = splitKey(key)
    if (live.has(paperId)) items.push({ key: `vote|${key}`, kind: 'voted', at: num(at), by: memberId, paperId })
  }
  const schedule = clubSettingsOf(doc).get('schedule') as Record<string, unknown> | null | undefined
  if (schedule && typeof schedule === 'object' && num(schedule.setAt)) {
    items.push({ key: 'schedule', kind: 'schedule-set', at: num(schedule.setAt), by: str(schedule.setBy) })
  }
  const meetings = meetingsOf(doc)
  for (const [key, value] of meetings.entries()) {
    const [field, id] = splitKey(key) as [string, MeetingId]
    if (field === 'addedAt' && num(value)) {
      items.push({ key: `scheduled|${id}`, kind: 'meeting-scheduled', at: num(value), by: str(meetings.get(meetingKey('addedBy', id))), meetingId: id })
    }
    if (field === 'heldAt' && num(value)) {
      items.push({ key: `held|${id}`, kind: 'meeting-held', at: num(value), by: str(meetings.get(meetingKey('heldBy', id))), meetingId: id })
    }
  }
  for (const id of lockedMeetingIds(doc)) {
    const lock = lockedChoice(doc, id)
    if (lock) items.push({ key: `closed|${id}`, kind: 'meeting-closed', at: lock.at, by: lock.by, meetingId: id, paperId: lock.paper })
  }
  return items.sort(newestFirst)
}

const newestFirst = (a: ActivityItem, b: ActivityItem): number => b.at - a.at || compareIds(a.key, b.key)

/** The feed since a device last looked: others' changes after `since`, and how many. */
export interface ActivitySince {
  items: ActivityItem[]
  unread: number
}

/**
 * Changes by others after `since` (ms; the app keeps "last looked" per device), newest first,
 * with the unread count for the list's badge. `limit` caps the items, not the count.
 */
export function activitySince(doc: Y.Doc, since: number, me: MemberId, options: { limit?: number } = {}): ActivitySince {
  const limit = Math.max(0, options.limit ?? Infinity)
  // the feed's order is total, so sorting only what passes the filter (nothing, for a bare count) gives the same items
  const items = collectActivity(doc).filter((item) => item.at > since && item.by !== me)
  return { items: limit ? items.sort(newestFirst).slice(0, limit) : [], unread: items.length }
}

/** Entries of one kind by one member closer than this (ms) to the next read as one bulk action. */
export const ACTIVITY_GROUP_GAP_MS = 10 * 60_000

/** Kinds that come in bulk (an import adds many papers at once; a member votes through a list). */
const GROUPED_KINDS: ReadonlySet<ActivityKind> = new Set(['paper-added', 'voted', 'commented'])

/** A run of entries shown as one line ("Ana added 78 papers"), or a single entry (`items.length === 1`). */
export interface ActivityGroup {
  /** The newest entry's key: stable across replicas, for keyed rendering. */
  key: string
  kind: ActivityKind
  by: MemberId
  /** The newest entry's time. */
  at: number
  /** The oldest entry's time. */
  since: number
  /** The entries, newest first. */
  items: ActivityItem[]
}

/**
 * Folds a newest-first feed into bulk actions: consecutive entries of a groupable kind (papers
 * added, votes, comments) by the same member, each within `gapMs` of the one before, become
 * one group. Other kinds stay single. Pure and order-preserving, so every replica groups the
 * same feed the same way; one pass over the items.
 */
export function groupActivity(items: readonly ActivityItem[], gapMs: number = ACTIVITY_GROUP_GAP_MS): ActivityGroup[] {
  const groups: ActivityGroup[] = []
  let open: ActivityGroup | null = null
  for (const item of items) {
    if (open && GROUPED_KINDS.has(item.kind) && item.kind === open.kind && item.by === open.by && open.since - item.at <= gapMs) {
      open.items.push(item)
      open.since = item.at
      continue
    }
    open = { key: item.key, kind: item.kind, by: item.by, at: item.at, since: item.at, items: [item] }
    groups.push(open)
  }
  return groups
}
