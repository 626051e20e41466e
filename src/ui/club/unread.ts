import { createMemo } from 'solid-js'
import type { Accessor } from 'solid-js'
import { activitySince } from '../../doc/club/activity.js'
import { useShortlist } from '../ShortlistContext.js'
import { lastLookedAt } from './lastLooked.js'
import { useClub } from './useClub.js'

/** How many changes by others arrived since I last looked at this list's activity (reactive). */
export function createUnreadCount(): Accessor<number> {
  const { session, identity } = useShortlist()
  const club = useClub()
  const since = lastLookedAt(session.listId)
  return createMemo(() => {
    club.anyChange()
    club.track()
    return activitySince(session.doc, since(), identity.memberId, { limit: 0 }).unread
  })
}
