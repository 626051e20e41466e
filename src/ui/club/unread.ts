import { createMemo, createSignal, onCleanup } from 'solid-js'
import type { Accessor } from 'solid-js'
import type { activitySince as ActivitySince } from '../../doc/club/activity.js'
import { afterPaintWhenIdle } from '../afterPaint.js'
import { useShortlist } from '../ShortlistContext.js'
import { lastLookedAt } from './lastLooked.js'
import { useClub } from './useClub.js'

/** Longest wait for an idle moment before the count is taken anyway (ms). */
const IDLE_TIMEOUT_MS = 1000

/**
 * How many changes by others arrived since I last looked at this list's activity (reactive).
 * Counting walks the whole document, so it waits for the first idle moment after the list's
 * first paint: a badge a moment late costs nothing, while a count in the task right after the
 * paint holds up the first input (and the first paint of anything queued behind it).
 */
export function createUnreadCount(): Accessor<number> {
  const { session, identity } = useShortlist()
  const club = useClub()
  const since = lastLookedAt(session.listId)
  // the activity walk's code loads in that idle moment too, out of the list's start bundle
  const [walker, setWalker] = createSignal<typeof ActivitySince | null>(null)
  let live = true
  const cancel = afterPaintWhenIdle(() => {
    void import('../../doc/club/activity.js').then((module) => {
      if (live) setWalker(() => module.activitySince)
    })
  }, IDLE_TIMEOUT_MS)
  onCleanup(() => {
    live = false
    cancel()
  })
  return createMemo(() => {
    const activitySince = walker()
    if (!activitySince) return 0
    // any change to the document (throttled) covers the club, papers and votes the walk reads
    club.anyChange()
    return activitySince(session.doc, since(), identity.memberId, { limit: 0 }).unread
  })
}
