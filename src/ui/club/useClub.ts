import { createRoot } from 'solid-js'
import type * as Y from 'yjs'
import { createClubView } from '../../reactive/createClubView.js'
import type { ClubView } from '../../reactive/createClubView.js'
import { useShortlist } from '../ShortlistContext.js'

const views = new WeakMap<Y.Doc, ClubView>()

/**
 * The open list's club view, shared by every component of that list (the home card, the vote
 * buttons, the meetings page), made on first use and disposed when the list's doc is destroyed.
 */
export function useClub(): ClubView {
  const { session, identity } = useShortlist()
  const doc = session.doc
  let view = views.get(doc)
  if (!view) {
    view = createRoot((dispose) => {
      doc.once('destroy', () => {
        views.delete(doc)
        dispose()
      })
      return createClubView(doc, identity.memberId)
    })
    views.set(doc, view)
  }
  return view
}
