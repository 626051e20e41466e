import { createContext, useContext } from 'solid-js'
import type { Accessor } from 'solid-js'
import type { Member } from '../doc/schema.js'
import type { ListView } from '../reactive/createListView.js'
import type { Identity } from '../sync/identity.js'
import type { ListSession } from '../sync/session.js'

/** What every component inside a list needs: the open list, its view, and who I am. */
export interface ShortlistValue {
  session: ListSession
  view: ListView
  identity: Identity
  readOnly: boolean
  members: Accessor<Map<string, Member>>
}

const ShortlistContext = createContext<ShortlistValue>()

/** Provides the open list to the components below. */
export const ShortlistProvider = ShortlistContext.Provider

/** The open list; throws if used outside a list page (a programming error). */
export function useShortlist(): ShortlistValue {
  const value = useContext(ShortlistContext)
  if (!value) throw new Error('useShortlist outside a list')
  return value
}
