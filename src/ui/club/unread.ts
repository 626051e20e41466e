import { createMemo, createSignal, onCleanup } from 'solid-js'
import type { Accessor } from 'solid-js'
import { activitySince } from '../../doc/club/activity.js'
import { useShortlist } from '../ShortlistContext.js'
import { lastLookedAt } from './lastLooked.js'
import { useClub } from './useClub.js'

/**
 * How many changes by others arrived since I last looked at this list's activity (reactive).
 * Counting walks the whole document, so it starts after the list's first paint: a badge a
 * moment late costs nothing, a slower first paint of a long list does.
 */
export function createUnreadCount(): Accessor<number> {
  const { session, identity } = useShortlist()
  const club = useClub()
  const since = lastLookedAt(session.listId)
  const [painted, setPainted] = createSignal(false)
  const timer = setTimeout(() => setPainted(true), 0)
  const frame = typeof requestAnimationFrame === 'function' ? requestAnimationFrame(() => setTimeout(() => setPainted(true), 0)) : 0
  if (frame) clearTimeout(timer)
  onCleanup(() => {
    clearTimeout(timer)
    if (frame) cancelAnimationFrame(frame)
  })
  return createMemo(() => {
    if (!painted()) return 0
    club.anyChange()
    club.track()
    return activitySince(session.doc, since(), identity.memberId, { limit: 0 }).unread
  })
}
