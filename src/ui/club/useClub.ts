import { createContext, getOwner, runWithOwner, useContext } from 'solid-js'
import type * as Y from 'yjs'
import { createClubView } from '../../reactive/createClubView.js'
import type { ClubView } from '../../reactive/createClubView.js'
import type { MemberId } from '../../doc/schema.js'

/** Makes the open list's club view on first use; owned by whoever made the holder. */
export interface ClubHolder {
  view(): ClubView
}

/** The open list's club holder, provided by `ClubProvider` around a list page. */
export const ClubContext = createContext<ClubHolder>()

/**
 * A holder that makes the club view on first use, under the calling owner (the list page), so
 * a list whose page never shows club parts never builds one, and it is disposed with the page.
 * A writer's view writes down meetings whose voting deadline passed (`closeDueMeetings`).
 */
export function makeClubHolder(doc: Y.Doc, memberId: MemberId, options: { mayWrite: boolean }): ClubHolder {
  const owner = getOwner()
  let made: ClubView | undefined
  return {
    view: () => (made ??= runWithOwner(owner, () => createClubView(doc, memberId, { closeDueMeetings: options.mayWrite }))!),
  }
}

/** The open list's club view, shared by every component of that list (the home card, the vote buttons, the meetings page). */
export function useClub(): ClubView {
  const holder = useContext(ClubContext)
  if (!holder) throw new Error('useClub outside a ClubProvider')
  return holder.view()
}
