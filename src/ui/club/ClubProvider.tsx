import type { JSX } from 'solid-js'
import { useShortlist } from '../ShortlistContext.js'
import { ClubContext, makeClubHolder } from './useClub.js'

/** Gives the components of one open list their shared club view (made on first use, disposed with the list). */
export function ClubProvider(props: { children: JSX.Element }) {
  const { session, identity, readOnly } = useShortlist()
  const holder = makeClubHolder(session.doc, identity.memberId, { mayWrite: !readOnly })
  return <ClubContext.Provider value={holder}>{props.children}</ClubContext.Provider>
}
