/**
 * Whether the first script may paint the page at all, read from the address and what this
 * device stores (the same rules the app applies, kept to what the first screen depends on):
 * a list's home (`/l/<id>`, no paper open), a stored identity (else the name prompt shows),
 * the list stored on this device with a valid key (else the missing-key page shows), no key
 * in the address (a link being opened is the app's to store), and a secure context (else a
 * banner would push the rows down when the app takes over).
 */

import { LIST_ID_PATTERN } from '../doc/idRules.js'
import { IDENTITY_STORAGE_KEY, LISTS_STORAGE_KEY } from '../sync/deviceStorageKeys.js'
import { parseFragment } from '../sync/fragment.js'

/** A list the first script may paint: its id, and whether this device may only read it. */
export interface EarlyRoute {
  listId: string
  readOnly: boolean
}

/** The list to paint early, or null when the app must decide (any other page, or anything unusual). */
export function earlyRoute(where: Pick<Location, 'pathname' | 'search' | 'hash'>, storage: Storage): EarlyRoute | null {
  const match = /^\/l\/([^/]+)\/?$/.exec(where.pathname)
  if (!match || !LIST_ID_PATTERN.test(match[1]!) || where.hash.length > 1) return null
  if (new URLSearchParams(where.search).get('paper')) return null
  if (typeof isSecureContext === 'boolean' && !isSecureContext) return null
  try {
    const identity = JSON.parse(storage.getItem(IDENTITY_STORAGE_KEY) ?? 'null') as { memberId?: unknown; name?: unknown } | null
    if (!identity || typeof identity.memberId !== 'string' || !identity.memberId || typeof identity.name !== 'string' || !identity.name.trim()) return null
    const lists = JSON.parse(storage.getItem(LISTS_STORAGE_KEY) ?? '[]') as unknown
    if (!Array.isArray(lists)) return null
    // bound: the lists this device stores (one entry each)
    const entry = lists.find((item: { id?: unknown } | null) => item?.id === match[1]) as { fragment?: unknown } | undefined
    if (!entry || typeof entry.fragment !== 'string') return null
    const access = parseFragment(entry.fragment)
    return access ? { listId: match[1]!, readOnly: access.readOnly } : null
  } catch {
    return null
  }
}
