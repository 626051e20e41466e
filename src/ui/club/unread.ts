import { createMemo, createSignal, onCleanup } from 'solid-js'
import type { Accessor } from 'solid-js'
import { activitySince } from '../../doc/club/activity.js'
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
  const [painted, setPainted] = createSignal(false)
  const cancel = afterPaintWhenIdle(() => setPainted(true), IDLE_TIMEOUT_MS)
  onCleanup(() => cancel())
  return createMemo(() => {
    if (!painted()) return 0
    club.anyChange()
    club.track()
    return activitySince(session.doc, since(), identity.memberId, { limit: 0 }).unread
  })
}
