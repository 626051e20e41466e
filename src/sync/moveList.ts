/**
 * "Move this list to a new link": when a link leaked, a holder of the write link copies the
 * list into a new room with a new secret, shares the new link with the people who should
 * keep it, and freezes the old room so the leaked link can read what was there but never
 * write again.
 *
 * Order matters: move first (the app persists the new doc and connects it, so the new room
 * is claimed and holds everything), then freeze the old room. A device that still has the
 * old link and tries to write is closed with `frozen` (close code 4410), so the app can say
 * "this list has moved; ask for the new link".
 */
import * as Y from 'yjs'
import { freezePath, routeUrl } from '../protocol/routes.js'
import { newListLink, writeTokenFor, type ListAccess } from './access.js'

/** A list copied to a new link. */
export interface MovedList {
  /** The new list id (the new room's name). */
  listId: string
  /** The new link's fragment (write secret): the new link is `/l/<listId>#<fragment>`. */
  fragment: string
  /** The new list's document, holding everything the old one held. */
  doc: Y.Doc
}

/** Options for `moveList`. */
export interface MoveListOptions {
  /** Document to copy into (e.g. one the app already opened for local storage); a new one by default. */
  into?: Y.Doc
}

/**
 * Copies a list's whole document into a new list with a new secret and the id derived from
 * it. Touches no storage or network; the caller persists and connects `doc` under `listId`.
 * The copy keeps the edit history, so members' later offline edits to the old list can still
 * be merged into the new one by hand (apply the old doc's update) without duplicates.
 */
export async function moveList(doc: Y.Doc, options: MoveListOptions = {}): Promise<MovedList> {
  const link = await newListLink()
  const copy = options.into ?? new Y.Doc()
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc))
  return { ...link, doc: copy }
}

/** The relay refused or failed to freeze a room. `status` is the HTTP status (0 if unreachable). */
export class FreezeError extends Error {
  override name = 'FreezeError'
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message)
  }
}

/** The relay's freeze action for a list. */
export const freezeUrl = (baseUrl: string, listId: string): string => routeUrl(baseUrl, freezePath(listId))

/**
 * Asks the relay to freeze a list's room: it keeps serving reads and refuses all writes, for
 * good. Needs the write link; the write token goes in the `Authorization` header, never in the
 * URL. Throws `FreezeError` if the access is read-only, the token is refused, or the relay is
 * unreachable. Freezing twice is fine.
 */
export async function freezeRoom(baseUrl: string, listId: string, access: ListAccess, fetchImpl: typeof fetch = fetch): Promise<void> {
  if (access.readOnly) throw new FreezeError('a read-only link cannot freeze a list', 403)
  const token = await writeTokenFor(access)
  if (!token) throw new FreezeError('no access token for this link', 403)
  let response: Response
  try {
    response = await fetchImpl(freezeUrl(baseUrl, listId), { method: 'POST', headers: { Authorization: `Bearer ${token}` } })
  } catch (error) {
    throw new FreezeError(`relay unreachable: ${error instanceof Error ? error.message : String(error)}`, 0)
  }
  if (!response.ok) throw new FreezeError(`relay refused to freeze the list (HTTP ${response.status})`, response.status)
}
